/**
 * State-changing requests must come from our own pages: a foreign Origin, or `Sec-Fetch-Site:
 * cross-site`, is refused with 403. Requests with neither (non-browser clients) are allowed; the
 * session cookie's SameSite=Lax is the second line.
 */
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'
import { isAllowedOrigin } from '../origin.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function sameOrigin(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin')
      if (origin !== undefined && !isAllowedOrigin(origin, allowedOrigins)) throw errors.crossSite()
      if (origin === undefined && c.req.header('sec-fetch-site') === 'cross-site') throw errors.crossSite()
    }
    await next()
  }
}
