import { describe, expect, it } from 'vitest'
import { RenderCache } from './render-cache.js'

describe('RenderCache', () => {
  it('answers an entry only while its state holds', () => {
    const cache = new RenderCache<string>(4)
    expect(cache.peek('a', 's1')).toBeUndefined()
    cache.put('a', 's1', 'page 1')
    expect(cache.peek('a', 's1')).toBe('page 1')
    expect(cache.peek('a', 's2')).toBeUndefined()
    expect(cache.get('a', 's2', () => 'page 2')).toBe('page 2')
    expect(cache.peek('a', 's1')).toBeUndefined()
  })

  it('drops the least recently used entry past its size, a peek counting as a use', () => {
    const cache = new RenderCache<string>(2)
    cache.put('a', 's', 'A')
    cache.put('b', 's', 'B')
    expect(cache.peek('a', 's')).toBe('A')
    cache.put('c', 's', 'C')
    expect(cache.size).toBe(2)
    expect(cache.peek('b', 's')).toBeUndefined()
    expect(cache.peek('a', 's')).toBe('A')
    expect(cache.peek('c', 's')).toBe('C')
  })
})
