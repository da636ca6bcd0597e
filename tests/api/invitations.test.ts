/**
 * Invitation links over the real API: creating, previewing, joining by signing up or accepting,
 * and each way a link stops working (expired, used up, revoked, already a member) with its own
 * error id. Expiry is set in the past through the database, as test setup: nobody waits an hour.
 * Runs against SQLite and PostgreSQL.
 */
import { type Actor, backends, createWorld, type World } from '@trepart/server/test-support'
import type { Invitation } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
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

interface Created {
  token: string
  url: string
  invitation: Invitation
}

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`invitations (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let workspaceName: string

    beforeAll(async () => {
      s = await startWithDb(backend)
      world = await createWorld(s.server.url)
      const ws = await expectJson<{ workspace: { name: string } }>(
        await world.api(world.admin, 'GET', `/api/workspaces/${world.workspaceId}`),
        200,
      )
      workspaceName = ws.workspace.name
    })
    afterAll(async () => s?.stop())

    const invitationsPath = () => `/api/workspaces/${world.workspaceId}/invitations`

    async function invite(body: Record<string, unknown> = {}): Promise<Created> {
      const res = await world.api(world.admin, 'POST', invitationsPath(), {
        party: 'employees',
        role: 'editor',
        ...body,
      })
      return expectJson<Created>(res, 201)
    }

    const signup = (invitationToken: string | undefined, email = uniqueEmail('invited')) =>
      world.api(null, 'POST', '/api/auth/signup', {
        email,
        password: PASSWORD,
        name: 'Invitert Ingrid',
        ...(invitationToken === undefined ? {} : { invitationToken }),
      })
    const preview = (token: string) => world.api(null, 'GET', `/api/invitations/${token}`)
    const accept = (actor: Actor, token: string) =>
      world.api(actor, 'POST', `/api/invitations/${token}/accept`)

    async function listed(id: string): Promise<Invitation> {
      const { invitations } = await expectJson<{ invitations: Invitation[] }>(
        await world.api(world.admin, 'GET', invitationsPath()),
        200,
      )
      const found = invitations.find((i) => i.id === id)
      if (!found) throw new Error(`invitation ${id} not listed`)
      return found
    }

    async function userCount(email: string): Promise<number> {
      const [row] = await s.db.query<{ n: number | string }>(
        'select count(*) as n from users where email = ?',
        [email],
      )
      return Number(row!.n)
    }

    it('an admin creates an invitation: the token once, a link, and the invitation', async () => {
      const before = Date.now()
      const created = await invite({ party: 'politicians', role: 'commenter', signatory: true, maxUses: 2 })
      expect(created.token).toMatch(/^[a-z2-7]{32}$/)
      expect(new URL(created.url).pathname).toBe(`/invite/${created.token}`)
      expect(created.invitation).toEqual({
        id: expect.any(String),
        party: 'politicians',
        role: 'commenter',
        signatory: true,
        uses: 0,
        maxUses: 2,
        expiresAt: expect.any(String),
        revoked: false,
        createdAt: expect.any(String),
        createdBy: { id: world.admin.userId, name: world.admin.name },
      })
      // The default lifetime is a week.
      const expires = Date.parse(created.invitation.expiresAt)
      expect(expires).toBeGreaterThanOrEqual(before + 7 * 24 * 3_600_000 - 1000)
      expect(expires).toBeLessThanOrEqual(Date.now() + 7 * 24 * 3_600_000 + 1000)
    })

    it('anyone holding the link sees the workspace, party, role and that it is valid', async () => {
      const { token, invitation } = await invite({ party: 'politicians', role: 'viewer', signatory: true })
      const body = await expectJson(await preview(token), 200)
      expect(body).toStrictEqual({
        workspace: { name: workspaceName },
        party: 'politicians',
        role: 'viewer',
        signatory: true,
        valid: true,
        expiresAt: invitation.expiresAt,
      })
    })

    it('signing up with an invitation joins with its party, role and signatory flag', async () => {
      const { token, invitation } = await invite({ party: 'politicians', role: 'commenter', signatory: true })
      const email = uniqueEmail('joiner')
      expect(await expectJson(await signup(token, email), 202)).toEqual({ next: 'sign_in' })
      const res = await world.api(null, 'POST', '/api/auth/login', { email, password: PASSWORD })
      const { user } = await expectJson<{ user: { id: string; instanceAdmin: boolean } }>(res, 200)
      expect(user.instanceAdmin).toBe(false)
      const cookie = sessionCookie(res)
      const me = await expectJson<{ workspaces: unknown[] }>(
        await fetch(`${s.server.url}/api/me`, { headers: { cookie } }),
        200,
      )
      expect(me.workspaces).toEqual([
        {
          id: world.workspaceId,
          name: workspaceName,
          slug: expect.any(String),
          party: 'politicians',
          role: 'commenter',
          signatory: true,
          awaitingMyParty: 0,
        },
      ])
      const { members } = await expectJson<{ members: unknown[] }>(
        await world.api(world.admin, 'GET', `/api/workspaces/${world.workspaceId}/members`),
        200,
      )
      expect(members).toContainEqual({
        user: { id: user.id, name: 'Invitert Ingrid', email },
        party: 'politicians',
        role: 'commenter',
        signatory: true,
        joinedAt: expect.any(String),
      })
      expect((await listed(invitation.id)).uses).toBe(1)
    })

    it('a signed-in user joins by accepting', async () => {
      const { token } = await invite({ party: 'administration', role: 'editor' })
      const outsider = await world.outsider('Ute Ulrik')
      await expectError(
        await world.api(outsider, 'GET', `/api/workspaces/${world.workspaceId}`),
        404,
        'not_found',
      )
      expect(await expectJson(await accept(outsider, token), 200)).toEqual({ workspaceId: world.workspaceId })
      const ws = await expectJson<{ me: unknown }>(
        await world.api(outsider, 'GET', `/api/workspaces/${world.workspaceId}`),
        200,
      )
      expect(ws.me).toEqual({ party: 'administration', role: 'editor', signatory: false })
      await expectError(
        await world.api(null, 'POST', `/api/invitations/${token}/accept`),
        401,
        'auth.unauthenticated',
      )
    })

    it('an expired invitation is refused with invitation.expired', async () => {
      const { token, invitation } = await invite({ expiresInHours: 1, maxUses: 5 })
      // Test setup, not a shortcut around the API: an hour cannot be waited for.
      await s.db.query('update invitations set expires_at = ? where id = ?', [
        Date.now() - 1000,
        invitation.id,
      ])
      expect(await expectJson(await preview(token), 200)).toMatchObject({ valid: false, reason: 'expired' })
      const email = uniqueEmail('late')
      await expectError(await signup(token, email), 410, 'invitation.expired')
      expect(await userCount(email)).toBe(0)
      await expectError(await accept(await world.outsider(), token), 410, 'invitation.expired')
      expect((await listed(invitation.id)).uses).toBe(0)
    })

    it('a used-up invitation is refused with invitation.used_up', async () => {
      const { token, invitation } = await invite({ maxUses: 1 })
      expect((await signup(token)).status).toBe(202)
      const email = uniqueEmail('second')
      await expectError(await signup(token, email), 410, 'invitation.used_up')
      expect(await userCount(email)).toBe(0)
      await expectError(await accept(await world.outsider(), token), 410, 'invitation.used_up')
      expect(await expectJson(await preview(token), 200)).toMatchObject({ valid: false, reason: 'used_up' })
      expect(await listed(invitation.id)).toMatchObject({ uses: 1, maxUses: 1, revoked: false })
    })

    it('a revoked invitation is refused with invitation.revoked', async () => {
      const { token, invitation } = await invite({ maxUses: 5 })
      const path = `${invitationsPath()}/${invitation.id}`
      expect((await world.api(world.admin, 'DELETE', path)).status).toBe(204)
      await expectError(await world.api(world.admin, 'DELETE', path), 404, 'not_found')
      await expectError(await signup(token), 410, 'invitation.revoked')
      await expectError(await accept(await world.outsider(), token), 410, 'invitation.revoked')
      expect(await expectJson(await preview(token), 200)).toMatchObject({ valid: false, reason: 'revoked' })
      expect(await listed(invitation.id)).toMatchObject({ uses: 0, revoked: true })
    })

    it("an admin of another workspace cannot revoke this workspace's invitation", async () => {
      const { token, invitation } = await invite()
      const stranger = await world.outsider('Fremmed Frida')
      const own = await expectJson<{ workspace: { id: string } }>(
        await world.api(stranger, 'POST', '/api/workspaces', { name: 'Eget rom', party: 'employees' }),
        201,
      )
      await expectError(
        await world.api(
          stranger,
          'DELETE',
          `/api/workspaces/${own.workspace.id}/invitations/${invitation.id}`,
        ),
        404,
        'not_found',
      )
      await expectError(
        await world.api(stranger, 'DELETE', `${invitationsPath()}/${invitation.id}`),
        404,
        'not_found',
      )
      expect(await expectJson(await preview(token), 200)).toMatchObject({ valid: true })
    })

    it('accepting as an existing member is refused with invitation.already_member and takes no use', async () => {
      const { token, invitation } = await invite({ maxUses: 5 })
      const member = await world.member('viewer')
      await expectError(await accept(member, token), 409, 'invitation.already_member')
      await expectError(await accept(world.admin, token), 409, 'invitation.already_member')
      expect((await listed(invitation.id)).uses).toBe(0)
      const ws = await expectJson<{ me: unknown }>(
        await world.api(member, 'GET', `/api/workspaces/${world.workspaceId}`),
        200,
      )
      expect(ws.me).toEqual({ party: 'employees', role: 'viewer', signatory: false })
    })

    it('signing up with an invitation and a taken email answers like a new one (202) and takes no use', async () => {
      const { token, invitation } = await invite({ maxUses: 5 })
      const member = await world.member('viewer')
      for (const email of [member.email, member.email.toUpperCase()]) {
        const res = await signup(token, email)
        expect(res.headers.getSetCookie()).toEqual([])
        expect(await expectJson(res, 202)).toEqual({ next: 'sign_in' })
      }
      expect((await listed(invitation.id)).uses).toBe(0)
      expect(await userCount(member.email)).toBe(1)
    })

    it('an unknown token is 404', async () => {
      const unknown = 'a'.repeat(32)
      await expectError(await preview(unknown), 404, 'not_found')
      await expectError(await signup(unknown), 404, 'not_found')
      await expectError(await accept(await world.outsider(), unknown), 404, 'not_found')
    })

    it('listing is for admins only and never shows a token', async () => {
      const created = await invite({ maxUses: 3 })
      const res = await world.api(world.admin, 'GET', invitationsPath())
      const text = await res.clone().text()
      const { invitations: rows } = await expectJson<{ invitations: Array<Record<string, unknown>> }>(
        res,
        200,
      )
      expect(rows.map((r) => r.id)).toContain(created.invitation.id)
      expect(text).not.toContain(created.token)
      expect(text).not.toContain(sha256(created.token))
      for (const row of rows) {
        expect(Object.keys(row).sort()).toEqual(
          [
            'createdAt',
            'createdBy',
            'expiresAt',
            'id',
            'maxUses',
            'party',
            'revoked',
            'role',
            'signatory',
            'uses',
          ].sort(),
        )
      }

      await expectError(
        await world.api(await world.member('editor'), 'GET', invitationsPath()),
        403,
        'access.forbidden',
      )
      await expectError(
        await world.api(await world.member('viewer'), 'GET', invitationsPath()),
        403,
        'access.forbidden',
      )
      await expectError(await world.api(await world.outsider(), 'GET', invitationsPath()), 404, 'not_found')
      await expectError(await world.api(null, 'GET', invitationsPath()), 401, 'auth.unauthenticated')
      await expectError(
        await world.api(await world.member('editor'), 'POST', invitationsPath(), {
          party: 'employees',
          role: 'viewer',
        }),
        403,
        'access.forbidden',
      )
    })

    it('stores only the SHA-256 of an invitation token', async () => {
      const { token, invitation } = await invite()
      const rows = await s.db.query<{ token_hash: string }>(
        'select token_hash from invitations where id = ?',
        [invitation.id],
      )
      expect(rows).toEqual([{ token_hash: sha256(token) }])
      expect(JSON.stringify(await s.db.query('select * from invitations'))).not.toContain(token)
    })

    it('signing up without an invitation after the first account is 403', async () => {
      const email = uniqueEmail('uninvited')
      await expectError(await signup(undefined, email), 403, 'auth.signup_requires_invitation')
      expect(await userCount(email)).toBe(0)
    })

    it('with SIGNUP=open anyone signs up, into no workspace', async () => {
      const open = await backend.start({ SIGNUP: 'open' })
      try {
        const openWorld = await createWorld(open.url)
        const email = uniqueEmail('open')
        const signedUp = await openWorld.api(null, 'POST', '/api/auth/signup', {
          email,
          password: PASSWORD,
          name: 'Open Olga',
        })
        expect(await expectJson(signedUp, 202)).toEqual({ next: 'sign_in' })
        const res = await openWorld.api(null, 'POST', '/api/auth/login', { email, password: PASSWORD })
        const { user } = await expectJson<{ user: { instanceAdmin: boolean } }>(res, 200)
        expect(user.instanceAdmin).toBe(false)
        const me = await expectJson<{ workspaces: unknown[] }>(
          await openWorld.api(withCookie(openWorld.admin, sessionCookie(res)), 'GET', '/api/me'),
          200,
        )
        expect(me.workspaces).toEqual([])
      } finally {
        await open.stop()
      }
    })
  })
}
