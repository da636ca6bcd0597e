/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/; Secure with the `__Host-` prefix when
 * PUBLIC_URL is https (the prefix requires Secure, Path=/ and no Domain).
 */
import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { parse } from 'hono/utils/cookie'

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-trepart_session' : 'trepart_session'
}

export function setSessionCookie(c: Context, secure: boolean, token: string, expiresAt: number): void {
  setCookie(c, sessionCookieName(secure), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure,
    expires: new Date(expiresAt),
  })
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, sessionCookieName(secure), { path: '/', secure, httpOnly: true, sameSite: 'Lax' })
}

/**
 * Reads the session token from a raw Cookie header (websocket upgrades have no Hono context), with
 * the same parser `getCookie` uses on HTTP requests, so both paths read a cookie alike. A malformed
 * `%` sequence is left undecoded rather than thrown (it answered 500 on upgrades); such a value is
 * no valid token, so the request has no session.
 */
export function readSessionToken(cookieHeader: string | null | undefined, secure: boolean): string | null {
  if (!cookieHeader) return null
  const name = sessionCookieName(secure)
  return parse(cookieHeader, name)[name] ?? null
}
