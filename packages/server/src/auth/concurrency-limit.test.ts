import { describe, expect, it } from 'vitest'
import { ConcurrencyLimit } from './concurrency-limit.js'

describe('ConcurrencyLimit', () => {
  it('admits up to the bound per key, then refuses until one is released', () => {
    const limit = new ConcurrencyLimit(2)
    const a = limit.tryAcquire('198.51.100.1')
    const b = limit.tryAcquire('198.51.100.1')
    expect(a).not.toBeNull()
    expect(b).not.toBeNull()
    expect(limit.tryAcquire('198.51.100.1')).toBeNull()
    // Other keys are counted on their own.
    expect(limit.tryAcquire('198.51.100.2')).not.toBeNull()
    a!()
    expect(limit.tryAcquire('198.51.100.1')).not.toBeNull()
  })

  it('forgets a key once nothing of it runs, and a second release changes nothing', () => {
    const limit = new ConcurrencyLimit(1)
    const release = limit.tryAcquire('k')!
    release()
    release()
    expect(limit.size).toBe(0)
    const again = limit.tryAcquire('k')
    expect(again).not.toBeNull()
    expect(limit.tryAcquire('k')).toBeNull()
    again!()
    expect(limit.size).toBe(0)
  })
})
