/**
 * Sessions and passwords over the real API: a new token per login, logout and password changes
 * that end the right sessions, only hashes at rest (read from the database itself), cookie flags
 * over http and https, one-time reset links, and changing my name and language.
 * Runs against SQLite and PostgreSQL.
 */
import { type Actor, backends, createWorld, type World } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { upgradeStatus } from '../support/raw-socket.js'
import {
  expectError,
  expectJson,
  PASSWORD,
  type ServerWithDb,
  sessionCookie,
  sha256,
  startWithDb,
  uniqueEmail,
  withCookie,
} from './support.js'

const tokenOf = (cookie: string) => cookie.slice(cookie.indexOf('=') + 1)

/** `Set-Cookie` attributes by lower-cased name (`httponly` → ''). */
function cookieAttributes(setCookie: string): Map<string, string> {
  const attrs = new Map<string, string>()
  for (const part of setCookie.split(';').slice(1)) {
    const [name, ...value] = part.trim().split('=')
    attrs.set(name!.toLowerCase(), value.join('='))
  }
  return attrs
}

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`sessions and passwords (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World

    beforeAll(async () => {
      // Throttling has its own suite; here a few expected 401s must not add up to a 429.
      s = await startWithDb(backend, { LOGIN_FREE_ATTEMPTS: '1000' })
      world = await createWorld(s.server.url)
    })
    afterAll(async () => s?.stop())

    const login = (email: string, password: string) =>
      world.api(null, 'POST', '/api/auth/login', { email, password })
    const me = (actor: Actor) => world.api(actor, 'GET', '/api/me')

    async function loginAs(actor: Actor, password = actor.password): Promise<Actor> {
      const res = await login(actor.email, password)
      await expectJson(res, 200)
      return withCookie(actor, sessionCookie(res))
    }

    it('treats a malformed % sequence in the session cookie as no session, on HTTP and on upgrades', async () => {
      const documentId = await world.document('Kake')
      const origin = new URL(s.server.url).origin
      for (const cookie of ['trepart_session=%E0%A4%A', 'theme=dark; trepart_session=%zz%E0%A4%A']) {
        await expectError(
          await fetch(`${s.server.url}/api/me`, { headers: { cookie } }),
          401,
          'auth.unauthenticated',
        )
        // It answered 500 (and logged an unhandled error) before.
        expect(await upgradeStatus(`${s.server.collabUrl}/${documentId}`, { cookie, origin })).toBe(401)
      }
      // The same socket path still admits a real session.
      expect(
        await upgradeStatus(`${s.server.collabUrl}/${documentId}`, { cookie: world.admin.cookie, origin }),
      ).toBe(101)
    })

    it('issues a new token on every login, and every session works', async () => {
      const user = await world.member('editor')
      const a = await loginAs(user)
      const b = await loginAs(user)
      expect(new Set([user.cookie, a.cookie, b.cookie]).size).toBe(3)
      for (const session of [user, a, b]) {
        const body = await expectJson<{ user: { id: string } }>(await me(session), 200)
        expect(body.user.id).toBe(user.userId)
      }
    })

    it('logout ends that session only and clears its cookie', async () => {
      const user = await world.member('viewer')
      const other = await loginAs(user)
      const res = await world.api(user, 'POST', '/api/auth/logout')
      expect(res.status).toBe(204)
      const cleared = res.headers.getSetCookie().find((c) => c.startsWith('trepart_session='))
      expect(cleared).toBeDefined()
      expect(cookieAttributes(cleared!).get('max-age')).toBe('0')
      await expectError(await me(user), 401, 'auth.unauthenticated')
      await expectError(await world.api(user, 'POST', '/api/auth/logout'), 401, 'auth.unauthenticated')
      await expectJson(await me(other), 200)
    })

    it('stores only the SHA-256 of a session token, never the token', async () => {
      const user = await world.member('editor')
      const second = await loginAs(user)
      const tokens = [tokenOf(user.cookie), tokenOf(second.cookie)]
      const rows = await s.db.query<{ id: string; user_id: string }>(
        'select id, user_id from sessions where user_id = ?',
        [user.userId],
      )
      expect(rows.map((r) => r.id).sort()).toEqual(tokens.map(sha256).sort())
      for (const row of rows) expect(row.id).toMatch(/^[0-9a-f]{64}$/)
      const everything = JSON.stringify(await s.db.query('select * from sessions'))
      for (const token of tokens) expect(everything).not.toContain(token)

      expect((await world.api(second, 'POST', '/api/auth/logout')).status).toBe(204)
      const left = await s.db.query<{ id: string }>('select id from sessions where user_id = ?', [
        user.userId,
      ])
      expect(left.map((r) => r.id)).toEqual([sha256(tokens[0]!)])
    })

    it('stores password hashes as argon2id', async () => {
      const user = await world.member('viewer')
      const rows = await s.db.query<{ password_hash: string }>(
        'select password_hash from users where id = ?',
        [user.userId],
      )
      expect(rows).toHaveLength(1)
      expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$/)
      expect(rows[0]!.password_hash).not.toContain(user.password)
      const hashes = await s.db.query<{ password_hash: string }>('select password_hash from users')
      for (const { password_hash } of hashes) expect(password_hash).toMatch(/^\$argon2id\$/)
    })

    it('sets the cookie HttpOnly, SameSite=Lax, Path=/ and without Secure over http', async () => {
      const res = await login(world.admin.email, world.admin.password)
      expect(res.status).toBe(200)
      const setCookies = res.headers.getSetCookie()
      expect(setCookies).toHaveLength(1)
      const [raw] = setCookies
      expect(raw).toMatch(/^trepart_session=[a-z2-7]{32};/)
      const attrs = cookieAttributes(raw!)
      expect(attrs.has('httponly')).toBe(true)
      expect(attrs.get('samesite')).toBe('Lax')
      expect(attrs.get('path')).toBe('/')
      expect(attrs.has('secure')).toBe(false)
      expect(attrs.has('domain')).toBe(false)
      expect(new Date(attrs.get('expires')!).getTime()).toBeGreaterThan(Date.now())
    })

    it('uses a Secure __Host- cookie when PUBLIC_URL is https', async () => {
      const publicOrigin = 'https://trepart.example.no'
      const secure = await backend.start({ PUBLIC_URL: publicOrigin })
      try {
        // With an explicit PUBLIC_URL the server's url is the public one; talk to its real port.
        const base = `http://127.0.0.1:${secure.port}`
        const email = uniqueEmail('secure')
        const post = (path: string, body: unknown) =>
          fetch(`${base}${path}`, {
            method: 'POST',
            headers: { origin: publicOrigin, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        const signup = await post('/api/auth/signup', { email, password: PASSWORD, name: 'Sikker Sigrid' })
        expect(signup.status, await signup.clone().text()).toBe(202)
        expect(signup.headers.getSetCookie()).toEqual([])
        const login = await post('/api/auth/login', { email, password: PASSWORD })
        expect(login.status, await login.clone().text()).toBe(200)
        const [raw] = login.headers.getSetCookie()
        expect(raw).toMatch(/^__Host-trepart_session=[a-z2-7]{32};/)
        const attrs = cookieAttributes(raw!)
        expect(attrs.has('secure')).toBe(true)
        expect(attrs.has('httponly')).toBe(true)
        expect(attrs.get('samesite')).toBe('Lax')
        expect(attrs.get('path')).toBe('/')
        expect(attrs.has('domain')).toBe(false)

        const cookie = raw!.split(';')[0]!
        const meRes = await fetch(`${base}/api/me`, { headers: { cookie } })
        expect(meRes.status).toBe(200)
        // The same token under the plain name is not read: only the __Host- cookie counts.
        const plain = await fetch(`${base}/api/me`, {
          headers: { cookie: `trepart_session=${tokenOf(cookie)}` },
        })
        await expectError(plain, 401, 'auth.unauthenticated')
      } finally {
        await secure.stop()
      }
    })

    it('changing the password gives this request a new cookie and ends every other session', async () => {
      const user = await world.member('editor')
      const other = await loginAs(user)
      const newPassword = 'a brand new long passphrase'
      const res = await world.api(user, 'POST', '/api/auth/password', {
        currentPassword: user.password,
        newPassword,
      })
      expect(res.status).toBe(204)
      const fresh = withCookie(user, sessionCookie(res))
      expect(fresh.cookie).not.toBe(user.cookie)
      await expectJson(await me(fresh), 200)
      await expectError(await me(user), 401, 'auth.unauthenticated')
      await expectError(await me(other), 401, 'auth.unauthenticated')
      await expectError(await login(user.email, user.password), 401, 'auth.invalid_credentials')
      await loginAs(user, newPassword)
    })

    it('refuses a password change with a wrong current password or a short new one', async () => {
      const user = await world.member('editor')
      await expectError(
        await world.api(user, 'POST', '/api/auth/password', {
          currentPassword: 'not my password at all',
          newPassword: 'another long passphrase',
        }),
        400,
        'auth.wrong_password',
      )
      await expectError(
        await world.api(user, 'POST', '/api/auth/password', {
          currentPassword: user.password,
          newPassword: 'short',
        }),
        400,
        'auth.password_too_short',
      )
      // Neither attempt ended the session or changed the password.
      await expectJson(await me(user), 200)
      await loginAs(user)
    })

    async function issueReset(by: Actor, target: Actor): Promise<Response> {
      return world.api(
        by,
        'POST',
        `/api/workspaces/${world.workspaceId}/members/${target.userId}/password-reset`,
      )
    }

    it('a reset link sets a new password once and ends every session', async () => {
      const user = await world.member('commenter')
      const other = await loginAs(user)
      const issued = await expectJson<{ url: string; expiresAt: string }>(
        await issueReset(world.admin, user),
        201,
      )
      const url = new URL(issued.url)
      expect(url.pathname).toMatch(/^\/reset\/[a-z2-7]{32}$/)
      const token = url.pathname.split('/').at(-1)!
      expect(Date.parse(issued.expiresAt)).toBeGreaterThan(Date.now())

      // Only the hash is stored.
      const stored = await s.db.query<{ token_hash: string }>(
        'select token_hash from password_resets where user_id = ?',
        [user.userId],
      )
      expect(stored.map((r) => r.token_hash)).toEqual([sha256(token)])

      const newPassword = 'reset to something long'
      const reset = await world.api(null, 'POST', '/api/auth/reset', { token, newPassword })
      expect(reset.status).toBe(204)
      expect(reset.headers.getSetCookie()).toEqual([])
      await expectError(
        await world.api(null, 'POST', '/api/auth/reset', { token, newPassword: 'and again something long' }),
        400,
        'auth.reset_invalid',
      )
      await expectError(await me(user), 401, 'auth.unauthenticated')
      await expectError(await me(other), 401, 'auth.unauthenticated')
      await expectError(await login(user.email, user.password), 401, 'auth.invalid_credentials')
      await expectJson(await me(await loginAs(user, newPassword)), 200)
    })

    it('a short new password is refused and does not use up the reset link', async () => {
      const user = await world.member('viewer')
      const { url } = await expectJson<{ url: string }>(await issueReset(world.admin, user), 201)
      const token = url.split('/').at(-1)!
      await expectError(
        await world.api(null, 'POST', '/api/auth/reset', { token, newPassword: 'short' }),
        400,
        'auth.password_too_short',
      )
      expect(
        (await world.api(null, 'POST', '/api/auth/reset', { token, newPassword: 'long enough now' })).status,
      ).toBe(204)
      await loginAs(user, 'long enough now')
    })

    it('refuses an unknown reset token', async () => {
      await expectError(
        await world.api(null, 'POST', '/api/auth/reset', {
          token: 'a'.repeat(32),
          newPassword: 'long enough password',
        }),
        400,
        'auth.reset_invalid',
      )
    })

    it('only admins issue reset links; outsiders get 404; nobody takes over the instance admin', async () => {
      const target = await world.member('viewer')
      const editor = await world.member('editor')
      await expectError(await issueReset(editor, target), 403, 'access.forbidden')
      await expectError(await issueReset(await world.member('viewer'), target), 403, 'access.forbidden')
      await expectError(await issueReset(await world.outsider(), target), 404, 'not_found')
      await expectError(await issueReset(world.admin, await world.outsider()), 404, 'not_found')
      // A second workspace admin is not the instance admin: the instance admin is out of reach.
      const admin2 = await world.member('admin', 'politicians')
      await expectError(await issueReset(admin2, world.admin), 403, 'access.forbidden')
      expect((await issueReset(admin2, target)).status).toBe(201)
    })

    it('PATCH /api/me changes the display name and language; an unknown language is 400', async () => {
      const user = await world.member('viewer')
      const patched = await expectJson<{ user: { name: string; locale: string } }>(
        await world.api(user, 'PATCH', '/api/me', { name: 'Nytt Namn', locale: 'nn' }),
        200,
      )
      expect(patched.user).toMatchObject({ name: 'Nytt Namn', locale: 'nn' })
      const read = await expectJson<{ user: { name: string; locale: string } }>(await me(user), 200)
      expect(read.user).toMatchObject({ name: 'Nytt Namn', locale: 'nn' })

      await expectError(await world.api(user, 'PATCH', '/api/me', { locale: 'de' }), 400, 'request.invalid')
      await expectError(await world.api(user, 'PATCH', '/api/me', { name: '   ' }), 400, 'request.invalid')
      await expectError(
        await world.api(null, 'PATCH', '/api/me', { locale: 'en' }),
        401,
        'auth.unauthenticated',
      )
      const unchanged = await expectJson<{ user: { name: string; locale: string } }>(await me(user), 200)
      expect(unchanged.user).toMatchObject({ name: 'Nytt Namn', locale: 'nn' })
    })
  })
}
