/** Reads the session cookie on every request; renews the cookie when the session slid forward. */
import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { sessionCookieName, setSessionCookie } from '../../auth/cookies.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'

export function loadSession(services: Services): MiddlewareHandler<AppEnv> {
  const secure = services.config.auth.secureCookies
  return async (c, next) => {
    const token = getCookie(c, sessionCookieName(secure))
    const valid = token ? await services.sessions.validate(token) : null
    c.set('auth', valid)
    if (valid?.renewed && token) setSessionCookie(c, secure, token, valid.session.expiresAt)
    await next()
  }
}

/** 401 without a valid session. */
export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.var.auth) throw errors.unauthenticated()
  await next()
}
