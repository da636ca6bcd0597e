import { describe, expect, it } from 'vitest'
import { IDS_PER_REFILL, newId } from './tokens.js'

describe('newId', () => {
  it('answers distinct 120-bit base32 ids across refills of its random bytes', () => {
    const ids = Array.from({ length: 10 * IDS_PER_REFILL + 1 }, () => newId())
    for (const id of ids) expect(id).toMatch(/^[a-z2-7]{24}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
