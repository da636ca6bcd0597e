import { describe, expect, it } from 'vitest'
import { SharedReads } from './shared-reads.js'

describe('SharedReads', () => {
  it('gives one read to every caller of a key in the same turn, and a new read afterwards', async () => {
    const reads = new SharedReads<number>()
    let loads = 0
    const load = async () => ++loads
    const same = [reads.read('m1', load), reads.read('m1', load), reads.read('m1', load)]
    const other = reads.read('m2', load)
    expect(await Promise.all(same)).toEqual([1, 1, 1])
    expect(await other).toBe(2)
    expect(loads).toBe(2)
    // A later turn (a later change) reads again: it may follow a commit the first read missed.
    expect(await reads.read('m1', load)).toBe(3)
    expect(reads.size).toBe(0)
  })

  it('does not let a caller join a read begun before the event it was told of was published', async () => {
    const reads = new SharedReads<number>()
    let loads = 0
    const load = async () => ++loads
    const first = reads.read('m', load)
    // Delivered as pubsub delivers: on a microtask queued after the read began.
    const later = await new Promise<Promise<number>>((resolve) =>
      queueMicrotask(() => resolve(reads.read('m', load))),
    )
    expect(await first).toBe(1)
    expect(await later).toBe(2)
  })

  it('forgets a read that failed', async () => {
    const reads = new SharedReads<number>()
    await expect(reads.read('m', async () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    expect(await reads.read('m', async () => 7)).toBe(7)
  })
})
