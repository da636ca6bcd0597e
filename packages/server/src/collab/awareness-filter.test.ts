import { describe, expect, it } from 'vitest'
import { decodeAwarenessUpdate, encodeAwarenessEntries, filterAwarenessEntries } from './awareness-filter.js'

const entry = (clientId: number, state: unknown = { user: { name: 'a' } }) => ({
  clientId,
  clock: 1,
  stateJson: JSON.stringify(state),
})

describe('awareness filter', () => {
  it('round-trips entries', () => {
    const entries = [entry(1), entry(2, null)]
    expect(decodeAwarenessUpdate(encodeAwarenessEntries(entries))).toEqual(entries)
  })

  it('refuses truncated input and trailing bytes', () => {
    const bytes = encodeAwarenessEntries([entry(1)])
    expect(() => decodeAwarenessUpdate(bytes.slice(0, bytes.length - 2))).toThrow()
    expect(() => decodeAwarenessUpdate(new Uint8Array([...bytes, 0]))).toThrow()
  })

  it('lets a connection claim ids up to its limit, and never another connection’s id', () => {
    const own = new Set<number>()
    const result = filterAwarenessEntries([entry(1), entry(2), entry(3), entry(9)], {
      own,
      ownedByOther: (id) => id === 9,
      maxClients: 2,
      maxStateBytes: 1000,
    })
    expect(result.accepted.map((e) => e.clientId)).toEqual([1, 2])
    expect(result.dropped).toBe(2)
    expect([...own]).toEqual([1, 2])
  })

  it('drops states over the size limit', () => {
    const result = filterAwarenessEntries([entry(1, { x: 'y'.repeat(100) })], {
      own: new Set(),
      ownedByOther: () => false,
      maxClients: 4,
      maxStateBytes: 50,
    })
    expect(result.accepted).toEqual([])
  })
})
