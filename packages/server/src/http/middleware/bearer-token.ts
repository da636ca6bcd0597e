/**
 * Guards an operations endpoint (`/metrics`) with a shared secret a scraper sends as
 * `Authorization: Bearer <token>`. Compared as SHA-256 digests with `timingSafeEqual`: the digests
 * have one length whatever was sent, so neither the secret's length nor how much of it a guess got
 * right shows in the time of the answer.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.js'
import type { ApiError } from '../errors.js'

const digest = (token: string) => createHash('sha256').update(token).digest()

/** RFC 6750's header form: the scheme (any case), one or more spaces, the token. */
const BEARER = /^Bearer +(\S+) *$/i

/** Lets the request through when it carries `token`; otherwise throws `refuse()` for `onError`. */
export function requireBearerToken(token: string, refuse: () => ApiError): MiddlewareHandler<AppEnv> {
  const expected = digest(token)
  return async (c, next) => {
    const sent = BEARER.exec(c.req.header('authorization') ?? '')?.[1]
    // Hashed even when nothing usable was sent, so a missing header answers in the same time.
    const matches = timingSafeEqual(digest(sent ?? ''), expected)
    if (sent === undefined || !matches) throw refuse()
    await next()
  }
}
