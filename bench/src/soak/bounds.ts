/**
 * The soak's bounds: what "the honest clients' latency and the server's memory stay within a
 * stated bound" means here, each with the reason for its number. A broken bound makes the soak
 * exit non-zero, so it can gate a change.
 *
 * - Latency: the attack may cost something on a 2-core machine whose generator shares the cores
 *   with the server, but not an order of magnitude: 3× the baseline p99 plus 50 ms (a meeting
 *   does not notice 50 ms; it does notice a second).
 * - Memory: what the account may legitimately make the server hold is bounded by the caps (20
 *   websockets, 24 event streams with 1 MiB each, a few Argon2 hashes of 19 MiB at once) plus
 *   V8's own slack: 150 MiB over the baseline at the end of the attack, 300 MiB at the peak.
 *   A leak that copies events into streams nobody reads passes that within minutes.
 * - Descriptors: at the end of the attack at most 150 over the baseline (the account's capped
 *   sockets and the loops' in-flight requests); after the cooldown, with the attacker gone, at
 *   most 10 (every socket it opened is closed, so the server must have let go of them).
 * - Caps: what the account held open for more than a second at once, against the server's own
 *   per-user limits read from the running server (MAX_CONNECTIONS_PER_USER_PER_DOCUMENT,
 *   MAX_EVENT_STREAMS_PER_USER).
 * - Liveness: every /healthz during the attack within 2 s, the one after it within 1 s, the
 *   process alive throughout, and a clean exit on SIGTERM.
 */
import type { Figures } from './summary.js'

export interface Verdict {
  bound: string
  figure: string
  ok: boolean
}

export interface BoundInputs {
  figures: Figures
  heldWebsockets: number
  heldEventStreams: number
  limits: { websocketsPerUserPerDocument: number; eventStreamsPerUser: number; fromServer: boolean }
  finalHealthMs: number | null
  serverFailure: string | null
  /** null when the server stopped cleanly. */
  stopFailure: string | null
  honestReported: boolean
  attackerReported: boolean
}

export const LATENCY_FACTOR = 3
export const LATENCY_SLACK_MS = 50
export const RSS_END_SLACK_MIB = 150
export const RSS_PEAK_SLACK_MIB = 300
export const FDS_END_SLACK = 150
export const FDS_AFTER_SLACK = 10
export const HEALTH_DURING_MS = 2000
export const HEALTH_AFTER_MS = 1000

const ms = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a')
const mib = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)} MiB` : 'n/a')
const num = (v: number) => (Number.isFinite(v) ? String(Math.round(v)) : 'n/a')

export function verdicts(input: BoundInputs): Verdict[] {
  const { figures } = input
  const base = figures.phases.baseline
  const attack = figures.phases.attack
  const after = figures.phases.cooldown
  const out: Verdict[] = []
  const check = (bound: string, figure: string, ok: boolean) => out.push({ bound, figure, ok })

  check(
    'both worker processes reported',
    `honest ${input.honestReported ? 'yes' : 'no'}, attacker ${input.attackerReported ? 'yes' : 'no'}`,
    input.honestReported && input.attackerReported,
  )
  check(
    'lost honest edits = 0',
    `${figures.lostEdits} of ${figures.editsTotal}`,
    input.honestReported && figures.lostEdits === 0,
  )

  const baseP99 = base?.latency.p99 ?? Number.NaN
  const attackP99 = attack?.latency.p99 ?? Number.NaN
  const latencyLimit = LATENCY_FACTOR * baseP99 + LATENCY_SLACK_MS
  check(
    `honest p99 under attack ≤ ${LATENCY_FACTOR}× baseline p99 + ${LATENCY_SLACK_MS} ms (≤ ${ms(latencyLimit)})`,
    `${ms(baseP99)} → ${ms(attackP99)}`,
    attackP99 <= latencyLimit,
  )

  const baseRss = base?.rssMiB.median ?? Number.NaN
  check(
    `RSS at end of attack ≤ baseline + ${RSS_END_SLACK_MIB} MiB (≤ ${mib(baseRss + RSS_END_SLACK_MIB)})`,
    `${mib(baseRss)} → ${mib(attack?.rssMiB.last ?? Number.NaN)}`,
    (attack?.rssMiB.last ?? Number.NaN) <= baseRss + RSS_END_SLACK_MIB,
  )
  const peak = Math.max(attack?.hwmMiBLast ?? Number.NaN, after?.hwmMiBLast ?? Number.NaN)
  check(
    `peak RSS (VmHWM) ≤ baseline RSS + ${RSS_PEAK_SLACK_MIB} MiB (≤ ${mib(baseRss + RSS_PEAK_SLACK_MIB)})`,
    mib(peak),
    peak <= baseRss + RSS_PEAK_SLACK_MIB,
  )

  const baseFds = base?.fds.median ?? Number.NaN
  check(
    `fds at end of attack ≤ baseline + ${FDS_END_SLACK} (≤ ${num(baseFds + FDS_END_SLACK)})`,
    `${num(baseFds)} → ${num(attack?.fds.last ?? Number.NaN)} (peak ${num(attack?.fds.max ?? Number.NaN)})`,
    (attack?.fds.last ?? Number.NaN) <= baseFds + FDS_END_SLACK,
  )
  check(
    `fds after cooldown ≤ baseline + ${FDS_AFTER_SLACK} (≤ ${num(baseFds + FDS_AFTER_SLACK)})`,
    num(after?.fds.last ?? Number.NaN),
    (after?.fds.last ?? Number.NaN) <= baseFds + FDS_AFTER_SLACK,
  )

  const source = input.limits.fromServer ? "server's" : 'assumed default'
  check(
    `attacker websockets held at once ≤ ${input.limits.websocketsPerUserPerDocument} (${source} MAX_CONNECTIONS_PER_USER_PER_DOCUMENT)`,
    String(input.heldWebsockets),
    input.attackerReported && input.heldWebsockets <= input.limits.websocketsPerUserPerDocument,
  )
  check(
    `attacker event streams held at once ≤ ${input.limits.eventStreamsPerUser} (${source} MAX_EVENT_STREAMS_PER_USER)`,
    String(input.heldEventStreams),
    input.attackerReported && input.heldEventStreams <= input.limits.eventStreamsPerUser,
  )

  const health = attack?.health
  check(
    `every /healthz during the attack answered within ${HEALTH_DURING_MS / 1000} s`,
    health ? `max ${ms(health.maxMs)}, ${health.failed} unanswered of ${health.probes}` : 'n/a',
    health !== undefined && health.failed === 0 && health.maxMs <= HEALTH_DURING_MS,
  )
  check(
    `server still answers /healthz within ${HEALTH_AFTER_MS / 1000} s after the attack`,
    input.finalHealthMs === null ? 'no answer' : ms(input.finalHealthMs),
    input.finalHealthMs !== null && input.finalHealthMs <= HEALTH_AFTER_MS,
  )
  check('server process alive through the run', input.serverFailure ?? 'alive', input.serverFailure === null)
  check(
    'server exits cleanly on SIGTERM (within 30 s)',
    input.stopFailure ?? 'clean',
    input.stopFailure === null,
  )
  return out
}
