/**
 * The session cookie: HttpOnly, SameSite=Lax, Path=/; Secure with the `__Host-` prefix when
 * PUBLIC_URL is https (the prefix requires Secure, Path=/ and no Domain).
 */
import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'

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

/** Reads the session token from a raw Cookie header (websocket upgrades have no Hono cookie helper). */
export function readSessionToken(cookieHeader: string | null | undefined, secure: boolean): string | null {
  if (!cookieHeader) return null
  const name = sessionCookieName(secure)
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim())
  }
  return null
}
