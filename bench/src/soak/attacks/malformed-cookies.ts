/**
 * Attack 10 (the cheap part): a Cookie header with a malformed `%` escape, alone or beside the
 * account's valid session cookie, on websocket upgrades and on API requests (plain and the event
 * stream). A decoder that throws on `%` must cost one 4xx, not a 500 or a crash.
 */
import { runLoop, sleep } from '../loop.js'
import { rawExchange, requestText, websocketHandshake } from '../raw.js'
import { Tally } from '../tally.js'
import { type Attack, type AttackContext, cookieFor, statusOf } from './context.js'

export const malformedCookiesPlan = { maxAttempts: 1_500, maxInFlight: 8, perSecond: 6 }

export function malformedCookies(ctx: AttackContext): Attack {
  const upgrades = new Tally(
    'cookie-%-upgrade',
    'malformed % in Cookie on websocket upgrades (10)',
    'requests',
  )
  const api = new Tally('cookie-%-api', 'malformed % in Cookie on API requests (10)', 'requests')
  const { target } = ctx
  const cookie = (i: number) => {
    const valid = cookieFor(target, i)
    return [
      'trepart_session=%',
      'trepart_session=%E0%A4%A',
      `other=%zz; ${valid}`,
      `trepart_session=%%%; ${valid}`,
      `${valid}%`,
    ][i % 5]!
  }
  const upgradesDone = runLoop(malformedCookiesPlan, ctx.signal, upgrades, async (i) => {
    const exchange = rawExchange(
      target.port,
      requestText('GET', `/collab/${target.documentId}`, {
        Host: `127.0.0.1:${target.port}`,
        Origin: target.origin,
        Cookie: cookie(i),
        ...websocketHandshake(),
      }),
      ctx.sockets,
    )
    const outcome = await Promise.race([
      exchange.answer,
      sleep(5_000, ctx.signal).then(() => (ctx.signal.aborted ? 'stopped at the end' : 'no answer in 5 s')),
    ])
    upgrades.outcome(outcome)
    exchange.socket.destroy()
  })
  const apiDone = runLoop(malformedCookiesPlan, ctx.signal, api, async (i) => {
    const path = i % 2 === 0 ? '/api/me' : `/api/workspaces/${target.workspaceId}/events`
    // statusOf cancels the body, so an admitted event stream ends at once.
    api.outcome(`${i % 2 === 0 ? 'me' : 'events'} ${await statusOf(ctx, 'GET', path, { cookie: cookie(i) })}`)
  })
  return { tallies: [upgrades, api], done: Promise.all([upgradesDone, apiDone]).then(() => {}) }
}
