import { describe, expect, it } from 'vitest'
import { TokenBucket } from './token-bucket.js'

describe('TokenBucket', () => {
  it('allows a burst, then the rate', () => {
    let now = 0
    const bucket = new TokenBucket(10, 3, () => now)
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
    now += 100 // one token at 10/s
    expect(bucket.take()).toBe(true)
    expect(bucket.take()).toBe(false)
    now += 10_000 // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false])
  })
})
