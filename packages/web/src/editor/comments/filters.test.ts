import { describe, expect, it } from 'vitest'
import { DEFAULT_FILTERS, loadFilters, saveFilters } from './filters.js'
import { loadHiddenLayers, saveHiddenLayers } from './layers.js'
import { memoryStore, refusingStore } from './panel-memory.test-support.js'

describe('comment filters', () => {
  it('are remembered per user and document, beside the layers and apart from them', () => {
    const store = memoryStore()
    const chosen = { party: 'employees', status: 'resolved', place: 'detached' } as const
    saveFilters(store, 'u1', 'd1', chosen)
    saveHiddenLayers(store, 'u1', 'd1', new Set(['politicians']))
    expect(loadFilters(store, 'u1', 'd1')).toEqual(chosen)
    expect(loadHiddenLayers(store, 'u1', 'd1')).toEqual(new Set(['politicians']))
    expect([...store.data.keys()].sort()).toEqual([
      'trepart.commentFilters.u1.d1',
      'trepart.commentLayers.u1.d1',
    ])
    expect(loadFilters(store, 'u2', 'd1')).toEqual(DEFAULT_FILTERS)
    expect(loadFilters(store, 'u1', 'd2')).toEqual(DEFAULT_FILTERS)
    // Back to how the panel starts: nothing is kept for them.
    saveFilters(store, 'u1', 'd1', { ...DEFAULT_FILTERS })
    expect(store.data.has('trepart.commentFilters.u1.d1')).toBe(false)
    expect(loadFilters(store, 'u1', 'd1')).toEqual(DEFAULT_FILTERS)
  })

  it('start as the panel does where what is saved is unreadable, unknown, or storage refuses', () => {
    const store = memoryStore()
    const key = 'trepart.commentFilters.u.d'
    store.data.set(key, '{not json')
    expect(loadFilters(store, 'u', 'd')).toEqual(DEFAULT_FILTERS)
    store.data.set(key, '["resolved"]')
    expect(loadFilters(store, 'u', 'd')).toEqual(DEFAULT_FILTERS)
    // Each filter on its own: a party that does not exist does not undo a valid status.
    store.data.set(key, JSON.stringify({ party: 'nobody', status: 'all', place: 3 }))
    expect(loadFilters(store, 'u', 'd')).toEqual({ ...DEFAULT_FILTERS, status: 'all' })
    expect(loadFilters(refusingStore, 'u', 'd')).toEqual(DEFAULT_FILTERS)
    expect(() =>
      saveFilters(refusingStore, 'u', 'd', { ...DEFAULT_FILTERS, party: 'employees' }),
    ).not.toThrow()
    expect(loadFilters(null, 'u', 'd')).toEqual(DEFAULT_FILTERS)
  })
})
