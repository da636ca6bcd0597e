/**
 * A bounded attack loop: at most `maxAttempts` attempts, started at most `perSecond` a second,
 * at most `maxInFlight` running (or held open) at once, none started after the deadline or the
 * abort. It resolves once every attempt it started has ended; attempts end themselves on the
 * abort signal. The bounds keep the generator, which shares two cores with the server, from being
 * what makes the honest clients slow.
 */
import { nowMs } from '../load/light-client.js'
import type { Tally } from './tally.js'

export interface LoopPlan {
  maxAttempts: number
  maxInFlight: number
  perSecond: number
}

/** Resolves after `ms` or at the abort, whichever is first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted || ms <= 0) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

/** Resolves at the abort. */
export function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

export async function runLoop(
  plan: LoopPlan,
  signal: AbortSignal,
  tally: Tally,
  attempt: (i: number) => Promise<void>,
): Promise<void> {
  const started = nowMs()
  let inFlight = 0
  let freed: (() => void) | null = null
  let allDone: (() => void) | null = null
  const wake = () => freed?.()
  signal.addEventListener('abort', wake, { once: true })
  for (let i = 0; i < plan.maxAttempts && !signal.aborted; i++) {
    await sleep(started + (i * 1000) / plan.perSecond - nowMs(), signal)
    while (inFlight >= plan.maxInFlight && !signal.aborted) {
      // One waiter at a time, woken by whichever attempt ends first or by the abort (no
      // Promise.race over long-held attempts, which would pile up reactions on them).
      await new Promise<void>((resolve) => {
        freed = resolve
      })
      freed = null
    }
    if (signal.aborted) break
    inFlight++
    tally.attempts++
    attempt(i)
      .catch((error: unknown) => tally.error(error))
      .finally(() => {
        inFlight--
        freed?.()
        if (inFlight === 0) allDone?.()
      })
  }
  signal.removeEventListener('abort', wake)
  if (inFlight > 0) await new Promise<void>((resolve) => (allDone = resolve))
}
