/**
 * The second line behind `upgrade-gate.ts`, on the URL the router really sees: a request that came
 * in through Node's upgrade event (it has the incoming message but no response object, and nobody
 * will read what it answers) may only reach the collaboration route. Any other route reached that
 * way — a streaming one above all — would run with no reader and no abort.
 */
import type { HttpBindings } from '@hono/node-server'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'

export const collabUpgradesOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  const env = c.env as Partial<HttpBindings> | undefined
  const viaUpgrade = env?.incoming !== undefined && env.outgoing === undefined
  if (viaUpgrade && !c.req.path.startsWith('/collab/')) throw errors.notFound()
  await next()
}
