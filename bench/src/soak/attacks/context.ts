/** What every attack gets: the target, the abort at the deadline, and the registry of sockets. */
import type { AttackTarget } from '../messages.js'
import type { OpenSockets, Tally } from '../tally.js'

export interface AttackContext {
  target: AttackTarget
  /** Aborted at the deadline: loops stop starting attempts and held resources are let go. */
  signal: AbortSignal
  sockets: OpenSockets
}

export interface Attack {
  tallies: Tally[]
  /** Resolves once every attempt has ended. */
  done: Promise<void>
}

/** The abusive account's sessions in turn, so caps per session and per user are both tried. */
export function cookieFor(target: AttackTarget, i: number): string {
  return target.cookies[i % target.cookies.length]!
}

/** `fetch` against the target with the account's Origin, a timeout, and the abort. */
export async function statusOf(
  ctx: AttackContext,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
  timeoutMs = 15_000,
): Promise<string> {
  try {
    const res = await fetch(`${ctx.target.httpBase}${path}`, {
      method,
      headers: {
        origin: ctx.target.origin,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(timeoutMs)]),
    })
    await res.body?.cancel()
    return `http ${res.status}`
  } catch (error) {
    if (ctx.signal.aborted) return 'stopped at the end'
    if ((error as Error).name === 'TimeoutError') return `no answer in ${timeoutMs / 1000} s`
    const cause = (error as { cause?: { code?: string } }).cause
    if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'reset'
    // The server did not accept the connection within undici's 10 s: an answer of sorts.
    if (cause?.code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timeout'
    throw cause ?? error
  }
}
