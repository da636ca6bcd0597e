/**
 * A break between a write route's checks and its work: the session, rate and membership checks
 * run as one block of the event loop and the body, the store and the answer as another, with the
 * keystrokes that arrived meanwhile relayed in between (see io-turn.ts). For routes whose work is
 * not on the keystroke path but may run often beside it (comments).
 */
import type { MiddlewareHandler } from 'hono'
import { nextIoTurn } from '../../io-turn.js'
import type { AppEnv } from '../context.js'

export const ioTurn: MiddlewareHandler<AppEnv> = async (_c, next) => {
  await nextIoTurn()
  await next()
}
