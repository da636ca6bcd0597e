/**
 * Regressions for bugs found by review, each named for what it found; against SQLite and PostgreSQL.
 */
import { backends } from '@trepart/server/test-support'
import { describe, expect, it } from 'vitest'
import { useServerWithWorld } from '../support/world-fixture.js'

const all = await backends()

for (const backend of all) {
  describe.skipIf(!backend.available)(`regressions (${backend.name})`, () => {
    const fx = useServerWithWorld(() => backend.start())
    /** Creates an invitation to the fixture's workspace, as its admin. */
    const invite = (body: Record<string, unknown>) =>
      fx.world.api(fx.world.admin, 'POST', `/api/workspaces/${fx.world.workspaceId}/invitations`, body)

    it.each([
      ['a NUL character (PostgreSQL answered 500)', 'a\u0000b'],
      ['a lone surrogate (each database stored it differently)', 'a\ud800b'],
    ])('refuses %s in names and titles with 400', async (_what, text) => {
      const me = await fx.world.api(fx.world.admin, 'PATCH', '/api/me', { name: text })
      expect(me.status).toBe(400)
      expect(await me.json()).toMatchObject({ error: { id: 'request.invalid' } })
      const doc = await fx.world.api(
        fx.world.admin,
        'POST',
        `/api/workspaces/${fx.world.workspaceId}/documents`,
        {
          title: text,
          kind: 'proposal',
        },
      )
      expect(doc.status).toBe(400)
    })

    it('concurrent signups with a single-use invitation leave no account behind for the losers', async () => {
      const inv = await invite({ party: 'employees', role: 'editor', signatory: false, maxUses: 1 })
      const { token } = (await inv.json()) as { token: string }
      const emails = [1, 2, 3].map((i) => `race-${backend.name}-${i}-${Date.now()}@trepart.test`)
      const results = await Promise.all(
        emails.map((email) =>
          fx.world.api(null, 'POST', '/api/auth/signup', {
            email,
            password: 'correct horse battery staple',
            name: 'Kappløp',
            invitationToken: token,
          }),
        ),
      )
      const statuses = results.map((r) => r.status).sort()
      expect(statuses).toEqual([202, 410, 410])
      for (const [i, res] of results.entries()) {
        if (res.status === 202) continue
        const login = await fx.world.api(null, 'POST', '/api/auth/login', {
          email: emails[i],
          password: 'correct horse battery staple',
        })
        expect(login.status).toBe(401)
      }
    })

    it('a workspace admin cannot issue a reset for someone who is also in another workspace', async () => {
      const secondAdmin = await fx.world.member('admin', 'politicians')
      const target = await fx.world.member('viewer', 'employees')
      // The target also belongs to a workspace the second admin has nothing to do with.
      const other = await fx.world.api(fx.world.admin, 'POST', '/api/workspaces', {
        name: 'Annet forum',
        party: 'employees',
      })
      const { workspace } = (await other.json()) as { workspace: { id: string } }
      const inv = await fx.world.api(fx.world.admin, 'POST', `/api/workspaces/${workspace.id}/invitations`, {
        party: 'employees',
        role: 'admin',
        signatory: false,
      })
      const { token } = (await inv.json()) as { token: string }
      expect((await fx.world.api(target, 'POST', `/api/invitations/${token}/accept`)).status).toBe(200)
      const path = `/api/workspaces/${fx.world.workspaceId}/members/${target.userId}/password-reset`
      expect((await fx.world.api(secondAdmin, 'POST', path)).status).toBe(403)
      // Someone only in this workspace: allowed.
      const local = await fx.world.member('viewer', 'employees')
      const ok = await fx.world.api(
        secondAdmin,
        'POST',
        `/api/workspaces/${fx.world.workspaceId}/members/${local.userId}/password-reset`,
      )
      expect(ok.status).toBe(201)
      // The instance admin may for anyone.
      expect((await fx.world.api(fx.world.admin, 'POST', path)).status).toBe(201)
    })

    it('throttles wrong current passwords on a password change', async () => {
      const user = await fx.world.member('editor')
      const statuses: number[] = []
      for (let i = 0; i < 8; i++) {
        const res = await fx.world.api(user, 'POST', '/api/auth/password', {
          currentPassword: 'wrong guess!',
          newPassword: 'whatever long enough',
        })
        statuses.push(res.status)
      }
      expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400])
      expect(statuses.at(-1)).toBe(429)
    })

    it('counts parallel login guesses one by one: no burst gets past the free attempts', async () => {
      const victim = await fx.world.member('viewer', 'employees')
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          fx.world.api(null, 'POST', '/api/auth/login', {
            email: victim.email,
            password: `guess number ${i}`,
          }),
        ),
      )
      const statuses = results.map((r) => r.status)
      // LOGIN_FREE_ATTEMPTS defaults to 5: at most five passwords are checked (fewer when this
      // address already failed earlier in the file), the rest are refused unchecked.
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(7)
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true)
    })

    it('links in invitations point at the real port when PORT=0', async () => {
      const inv = await invite({ party: 'employees', role: 'viewer', signatory: false })
      const { url } = (await inv.json()) as { url: string }
      expect(new URL(url).port).toBe(String(fx.server.port))
    })
  })
}

describe('SIGNUP=invite on an empty instance', () => {
  it('still lets the first account (the instance admin) sign up', async () => {
    const [sqlite] = all
    const server = await sqlite!.start({ SIGNUP: 'invite' })
    try {
      const res = await fetch(`${server.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'first@trepart.test',
          password: 'correct horse battery staple',
          name: 'Første',
        }),
      })
      expect(res.status).toBe(202)
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'first@trepart.test', password: 'correct horse battery staple' }),
      })
      expect(((await login.json()) as { user: { instanceAdmin: boolean } }).user.instanceAdmin).toBe(true)
      const second = await fetch(`${server.url}/api/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'second@trepart.test',
          password: 'correct horse battery staple',
          name: 'Andre',
        }),
      })
      expect(second.status).toBe(403)
    } finally {
      await server.stop()
    }
  })
})
