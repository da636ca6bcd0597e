import { describe, expect, it } from 'vitest'
import { UserRate } from './user-rate.js'

describe('user rate', () => {
  it('allows a burst, then one write per interval, per user', () => {
    const rate = new UserRate({ perMinute: 60, burst: 3, errorId: 'x', message: 'x' })
    const t0 = Date.now()
    expect([1, 2, 3, 4].map(() => rate.take('a', t0))).toEqual([true, true, true, false])
    // Another user has their own bucket.
    expect(rate.take('b', t0)).toBe(true)
    expect(rate.retryAfterSeconds).toBe(1)
  })

  it('forgets users whose bucket has refilled, so the map holds only recent writers', () => {
    const rate = new UserRate({ perMinute: 60_000, burst: 1, errorId: 'x', message: 'x' })
    const t0 = Date.now()
    for (let i = 0; i <= 1000; i++) rate.take(`u${i}`, t0)
    expect(rate.size).toBe(1001)
    rate.take('late', t0 + 1000)
    expect(rate.size).toBe(1)
  })
})
