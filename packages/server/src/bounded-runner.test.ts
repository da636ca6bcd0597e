import { describe, expect, it } from 'vitest'
import { BoundedRunner } from './bounded-runner.js'

/** A task that waits until the test lets it go. */
function gate() {
  const started: number[] = []
  const releases = new Map<number, () => void>()
  const run = (item: number) =>
    new Promise<void>((resolve) => {
      started.push(item)
      releases.set(item, resolve)
    })
  const release = async (item: number) => {
    releases.get(item)?.()
    // Let the runner's `finally` and the next task start.
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }
  return { started, run, release }
}

const settle = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

describe('BoundedRunner', () => {
  it('runs at most `limit` at once and starts the next as one ends', async () => {
    const g = gate()
    const runner = new BoundedRunner(2, g.run, () => {})
    runner.replace([1, 2, 3, 4, 5])
    await settle()
    expect(g.started).toEqual([1, 2])
    expect(runner.running).toBe(2)
    expect(runner.pending).toBe(3)
    await g.release(1)
    expect(g.started).toEqual([1, 2, 3])
    await g.release(2)
    await g.release(3)
    await g.release(4)
    await g.release(5)
    expect(g.started).toEqual([1, 2, 3, 4, 5])
    expect(runner.running).toBe(0)
    expect(runner.pending).toBe(0)
  })

  it('replaces what still waits with a new set, letting running tasks finish', async () => {
    const g = gate()
    const runner = new BoundedRunner(1, g.run, () => {})
    runner.replace([1, 2, 3])
    await settle()
    runner.replace([7, 8])
    await g.release(1)
    await g.release(7)
    await g.release(8)
    expect(g.started).toEqual([1, 7, 8])
  })

  it('goes on after a task rejects or throws, and reports it', async () => {
    const errors: unknown[] = []
    const done: number[] = []
    const runner = new BoundedRunner<number>(
      1,
      async (item) => {
        if (item === 1) throw new Error('boom')
        done.push(item)
      },
      (error) => errors.push(error),
    )
    runner.replace([1, 2])
    await settle()
    await settle()
    expect(done).toEqual([2])
    expect(errors).toHaveLength(1)
    expect(runner.running).toBe(0)
  })

  it('starts nothing more after clear()', async () => {
    const g = gate()
    const runner = new BoundedRunner(1, g.run, () => {})
    runner.replace([1, 2, 3])
    await settle()
    runner.clear()
    await g.release(1)
    expect(g.started).toEqual([1])
    expect(runner.pending).toBe(0)
  })
})
