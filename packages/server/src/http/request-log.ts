/** Gives every request an id (taken from `x-request-id` when sane) and logs it when it completes. */
import { randomUUID } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import type { AppEnv } from './context.js'

const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/

export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    c.set('requestId', requestId)
    const started = performance.now()
    await next()
    // On the answer's own headers: `c.header` after the answer is made would rebuild it as a full
    // web Response (node-server then streams it instead of writing it in one go).
    c.res.headers.set('x-request-id', requestId)
    log.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    )
  }
}
