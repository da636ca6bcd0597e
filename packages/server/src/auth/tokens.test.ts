import { describe, expect, it } from 'vitest'
import { newId } from './tokens.js'

describe('newId', () => {
  it('answers distinct 120-bit base32 ids across refills of its random bytes', () => {
    // 1,000 ids take ten refills of the 100-id pool.
    const ids = Array.from({ length: 1000 }, () => newId())
    for (const id of ids) expect(id).toMatch(/^[a-z2-7]{24}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
