import { describe, expect, it } from 'vitest'
import { inShownLayer, type LayerKey, layerOf, loadHiddenLayers, saveHiddenLayers } from './layers.js'
import { memoryStore, refusingStore } from './panel-memory.test-support.js'

describe('comment layers', () => {
  it('puts internal threads in the internal layer and shared ones in their party’s', () => {
    expect(layerOf({ visibility: 'party', party: 'employees' })).toBe('internal')
    expect(layerOf({ visibility: 'shared', party: 'politicians' })).toBe('politicians')
    expect(layerOf({ visibility: 'shared', party: 'someone' })).toBeNull()
    const hidden = new Set<LayerKey>(['politicians'])
    expect(inShownLayer({ visibility: 'shared', party: 'politicians' }, hidden)).toBe(false)
    expect(inShownLayer({ visibility: 'party', party: 'politicians' }, hidden)).toBe(true)
    expect(inShownLayer({ visibility: 'shared', party: 'employees' }, hidden)).toBe(true)
  })

  it('remembers hidden layers per user and document', () => {
    const store = memoryStore()
    saveHiddenLayers(store, 'u1', 'd1', new Set<LayerKey>(['internal', 'politicians']))
    expect(loadHiddenLayers(store, 'u1', 'd1')).toEqual(new Set(['politicians', 'internal']))
    expect(loadHiddenLayers(store, 'u2', 'd1')).toEqual(new Set())
    expect(loadHiddenLayers(store, 'u1', 'd2')).toEqual(new Set())
    saveHiddenLayers(store, 'u1', 'd1', new Set())
    expect(store.data.size).toBe(0)
  })

  it('shows every layer when what is saved is unreadable, or storage refuses', () => {
    const store = memoryStore()
    store.data.set('trepart.commentLayers.u.d', '{not json')
    expect(loadHiddenLayers(store, 'u', 'd')).toEqual(new Set())
    store.data.set('trepart.commentLayers.u.d', '["employees","nonsense",3]')
    expect(loadHiddenLayers(store, 'u', 'd')).toEqual(new Set(['employees']))
    expect(loadHiddenLayers(refusingStore, 'u', 'd')).toEqual(new Set())
    expect(() => saveHiddenLayers(refusingStore, 'u', 'd', new Set<LayerKey>(['employees']))).not.toThrow()
    expect(loadHiddenLayers(null, 'u', 'd')).toEqual(new Set())
  })
})
