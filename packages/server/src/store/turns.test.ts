import { describe, expect, it } from 'vitest'
import { Turns } from './turns.js'

/** A task that runs until the test lets it go. */
function held() {
  let letGo: () => void = () => {}
  const done = new Promise<void>((resolve) => {
    letGo = resolve
  })
  return { task: () => done, letGo: () => letGo() }
}

const timedOut = () => new Error('timed out')

describe('Turns', () => {
  it('runs one task at a time per key, in arrival order, and keys apart at once', async () => {
    const turns = new Turns()
    const order: string[] = []
    const first = held()
    const a = turns.run('d1', 10_000, timedOut, async () => {
      order.push('a')
      await first.task()
    })
    const b = turns.run('d1', 10_000, timedOut, async () => {
      order.push('b')
    })
    const c = turns.run('d1', 10_000, timedOut, async () => {
      order.push('c')
    })
    await turns.run('d2', 10_000, timedOut, async () => {
      order.push('other key')
    })
    expect(order).toEqual(['a', 'other key'])
    first.letGo()
    await Promise.all([a, b, c])
    expect(order).toEqual(['a', 'other key', 'b', 'c'])
    expect(turns.size).toBe(0)
  })

  it('drops a waiter whose turn has not come within its wait; the line goes on without it', async () => {
    const turns = new Turns()
    const first = held()
    const a = turns.run('d1', 10_000, timedOut, first.task)
    let ranLate = false
    const late = turns.run('d1', 20, timedOut, async () => {
      ranLate = true
    })
    const patient = turns.run('d1', 10_000, timedOut, async () => 'patient')
    await expect(late).rejects.toThrow('timed out')
    first.letGo()
    await a
    expect(await patient).toBe('patient')
    expect(ranLate).toBe(false)
    expect(turns.size).toBe(0)
  })

  it('gives the next one its turn when a task fails', async () => {
    const turns = new Turns()
    const failing = turns.run('d1', 10_000, timedOut, async () => {
      throw new Error('refused')
    })
    const next = turns.run('d1', 10_000, timedOut, async () => 'next')
    await expect(failing).rejects.toThrow('refused')
    expect(await next).toBe('next')
    expect(turns.size).toBe(0)
  })
})
