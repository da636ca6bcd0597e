import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { Readiness } from './readiness.js'

const log = pino({ level: 'silent' })

describe('Readiness', () => {
  it('names each dependency, and a ping that never answers is unavailable at the deadline', async () => {
    const readiness = new Readiness(
      [
        { name: 'database', ping: async () => {} },
        { name: 'redis', ping: () => new Promise<void>(() => {}) },
      ],
      { timeoutMs: 50, cacheMs: 0 },
      log,
    )
    const started = performance.now()
    expect(await readiness.check()).toEqual({ database: 'ok', redis: 'unavailable' })
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('a failing ping is unavailable', async () => {
    const readiness = new Readiness(
      [{ name: 'database', ping: () => Promise.reject(new Error('down')) }],
      { timeoutMs: 1_000, cacheMs: 0 },
      log,
    )
    expect(await readiness.check()).toEqual({ database: 'unavailable' })
  })

  it('one round answers the probes that arrive while it runs and within cacheMs after it', async () => {
    let pings = 0
    let clock = 1_000
    const readiness = new Readiness(
      [
        {
          name: 'database',
          ping: async () => {
            pings++
          },
        },
      ],
      { timeoutMs: 1_000, cacheMs: 500 },
      log,
      () => clock,
    )
    await Promise.all([readiness.check(), readiness.check(), readiness.check()])
    expect(pings).toBe(1)
    clock += 499
    await readiness.check()
    expect(pings).toBe(1)
    clock += 1
    await readiness.check()
    expect(pings).toBe(2)
  })
})
