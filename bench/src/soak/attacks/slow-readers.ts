/**
 * Attack 2: ordinary event-stream requests whose body is never read (the socket is paused after
 * the status line), held open for the whole run while the admin's renames keep writing to them.
 * At the end each is read once to see whether the server had ended it and how much was waiting.
 */
import { aborted, runLoop, sleep } from '../loop.js'
import { drainAtEnd, rawExchange, requestText } from '../raw.js'
import { Tally } from '../tally.js'
import { closeWaitPorts } from '../tcp-state.js'
import { type Attack, type AttackContext, cookieFor } from './context.js'

export const slowReadersPlan = { maxAttempts: 200, maxInFlight: 32, perSecond: 2 }

/** How often the kernel is asked which held readers the server has closed. */
const CHECK_MS = 2_000

export function slowReaders(ctx: AttackContext): Attack {
  const tally = new Tally('slow-readers', 'event streams never read, held open (2)', 'eventStreams')
  const { target } = ctx
  // Held readers by local port, each with the function that ends its hold.
  const held = new Map<number, () => void>()
  const watcher = setInterval(() => {
    if (held.size === 0) return
    const closed = closeWaitPorts(target.port)
    for (const [port, end] of held) if (closed.has(port)) end()
  }, CHECK_MS)
  ctx.signal.addEventListener('abort', () => clearInterval(watcher), { once: true })
  const done = runLoop(slowReadersPlan, ctx.signal, tally, async (i) => {
    const exchange = rawExchange(
      target.port,
      requestText('GET', `/api/workspaces/${target.workspaceId}/events`, {
        Host: `127.0.0.1:${target.port}`,
        Origin: target.origin,
        Cookie: cookieFor(target, i),
        Accept: 'text/event-stream',
      }),
      ctx.sockets,
    )
    const outcome = await Promise.race([
      exchange.answer,
      sleep(5_000, ctx.signal).then(() => (ctx.signal.aborted ? 'stopped at the end' : 'no answer in 5 s')),
    ])
    tally.outcome(outcome)
    if (outcome !== 'http 200') {
      exchange.socket.destroy()
      return
    }
    // A paused socket cannot see the server end it: the kernel's CLOSE_WAIT says so instead.
    const port = exchange.socket.localPort ?? -1
    let serverClosed = false
    const release = tally.hold(() => !exchange.socket.destroyed && !serverClosed)
    await Promise.race([
      aborted(ctx.signal),
      new Promise<void>((resolve) =>
        held.set(port, () => {
          serverClosed = true
          resolve()
        }),
      ),
    ])
    held.delete(port)
    release()
    const end = await drainAtEnd(exchange, 500)
    tally.outcome(serverClosed ? 'ended by server while unread' : end.outcome)
    tally.add('bytes left unread', end.bytes + exchange.bytes())
  }).finally(() => clearInterval(watcher))
  return { tallies: [tally], done }
}
