/**
 * The abusive account, in its own process (forked by `soak.ts`): one signed-in viewer running
 * every attack in parallel, each a loop bounded in count, rate, concurrency and time, until the
 * deadline. Then every socket it opened is closed and the counts go back to the coordinator.
 */
import { setMaxListeners } from 'node:events'
import { nowMs } from '../load/light-client.js'
import { awarenessFlood } from './attacks/awareness-flood.js'
import { connectionFlood } from './attacks/connection-flood.js'
import type { Attack, AttackContext } from './attacks/context.js'
import { logins } from './attacks/logins.js'
import { malformedCookies } from './attacks/malformed-cookies.js'
import { otherUpgrades } from './attacks/other-upgrades.js'
import { slowReaders } from './attacks/slow-readers.js'
import { takenEmailSignups } from './attacks/taken-email-signups.js'
import { upgradeEvents } from './attacks/upgrade-events.js'
import type { AttackerReport, AttackerStart, FromAttacker } from './messages.js'
import { type HeldKind, OpenSockets } from './tally.js'

/** How long attempts may take to end after the deadline before their sockets are destroyed. */
const WIND_DOWN_MS = 20_000

export const omitted = [
  {
    attack: '7 reset links',
    why: 'needs reset links issued for the account by a workspace admin; special set-up, left out',
  },
  { attack: '8 first sign-up race', why: 'needs an instance with no account yet; this one has its admin' },
  {
    attack: '9 session expiry',
    why: 'needs a session older than SESSION_TTL_DAYS (at least a day) or a moved clock',
  },
]

function send(message: FromAttacker): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()))
}

async function run(start: AttackerStart): Promise<AttackerReport> {
  const started = nowMs()
  const controller = new AbortController()
  // Every held socket listens for the abort: hundreds of listeners are expected.
  setMaxListeners(5_000, controller.signal)
  const deadline = setTimeout(() => controller.abort(), start.durationMs)
  const sockets = new OpenSockets()
  const ctx: AttackContext = { target: start.target, signal: controller.signal, sockets }
  const attacks: Attack[] = [
    awarenessFlood(ctx),
    upgradeEvents(ctx),
    slowReaders(ctx),
    connectionFlood(ctx),
    otherUpgrades(ctx),
    logins(ctx),
    malformedCookies(ctx),
    takenEmailSignups(ctx),
  ]
  const tallies = attacks.flatMap((a) => a.tallies)
  const heldPeak: Record<Exclude<HeldKind, 'requests'>, number> = {
    websockets: 0,
    eventStreams: 0,
    rawSockets: 0,
  }
  const sampler = setInterval(() => {
    for (const kind of Object.keys(heldPeak) as Array<keyof typeof heldPeak>) {
      const held = tallies.filter((t) => t.kind === kind).reduce((sum, t) => sum + t.held, 0)
      heldPeak[kind] = Math.max(heldPeak[kind], held)
    }
  }, 1000)
  const all = Promise.all(attacks.map((a) => a.done))
  await new Promise<void>((resolve) =>
    controller.signal.addEventListener('abort', () => resolve(), { once: true }),
  )
  clearInterval(sampler)
  await Promise.race([all, new Promise((resolve) => setTimeout(resolve, WIND_DOWN_MS))])
  clearTimeout(deadline)
  const leftAtCleanup = sockets.destroyAll()
  return {
    type: 'report',
    attacks: tallies.map((t) => t.report()),
    omitted,
    heldPeak,
    leftAtCleanup,
    elapsedMs: nowMs() - started,
  }
}

process.once('message', (message: AttackerStart) => {
  run(message)
    .then(send, (error: unknown) =>
      send({
        type: 'failed',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    )
    .finally(() => process.exit(0))
})
