/**
 * Reset links are checked again when they are used, not only when issued: a link hands over the
 * whole account, so it is only as good as its issuer's authority at that moment. The target may
 * have joined a workspace the issuer does not administer, the issuer may have been demoted or
 * removed, or the target become the instance admin. A link refused then is spent for good.
 * Runs against SQLite and PostgreSQL.
 */
import { type Actor, backends, createWorld, type World } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const NEW_PASSWORD = 'a fresh and long enough password'

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`password reset links (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World

    beforeAll(async () => {
      s = await startWithDb(backend, { LOGIN_FREE_ATTEMPTS: '1000' })
      world = await createWorld(s.server.url)
    })
    afterAll(async () => s?.stop())

    const ws = () => `/api/workspaces/${world.workspaceId}`

    /** A reset link `by` issues for `target` in the world's workspace; its token. */
    async function issue(by: Actor, target: Actor): Promise<string> {
      const { url } = await expectJson<{ url: string }>(
        await world.api(by, 'POST', `${ws()}/members/${target.userId}/password-reset`),
        201,
      )
      return url.split('/').at(-1)!
    }
    const redeem = (token: string) =>
      world.api(null, 'POST', '/api/auth/reset', { token, newPassword: NEW_PASSWORD })
    const login = (actor: Actor, password: string) =>
      world.api(null, 'POST', '/api/auth/login', { email: actor.email, password })

    /** `actor` joins a new workspace of the instance admin's (one the world's other admins are not in). */
    async function joinOtherWorkspace(actor: Actor): Promise<string> {
      const { workspace } = await expectJson<{ workspace: { id: string } }>(
        await world.api(world.admin, 'POST', '/api/workspaces', {
          name: 'Et annet utvalg',
          party: 'politicians',
        }),
        201,
      )
      const { token } = await expectJson<{ token: string }>(
        await world.api(world.admin, 'POST', `/api/workspaces/${workspace.id}/invitations`, {
          party: 'employees',
          role: 'viewer',
        }),
        201,
      )
      await expectJson(await world.api(actor, 'POST', `/api/invitations/${token}/accept`), 200)
      return workspace.id
    }

    /** The link was refused and changed nothing: the old password still works, the new one does not. */
    async function expectRefused(token: string, target: Actor): Promise<void> {
      await expectError(await redeem(token), 400, 'auth.reset_invalid')
      await expectJson(await login(target, target.password), 200)
      await expectError(await login(target, NEW_PASSWORD), 401, 'auth.invalid_credentials')
    }

    it('refuses a link whose target has since joined a workspace the issuer does not administer', async () => {
      const issuer = await world.member('admin', 'politicians')
      const target = await world.member('viewer')
      const token = await issue(issuer, target)
      const other = await joinOtherWorkspace(target)
      await expectRefused(token, target)
      // Spent for good: once the target leaves again the issuer's authority is back, the old link is not.
      expect((await world.api(target, 'DELETE', `/api/workspaces/${other}/members/me`)).status).toBe(204)
      await expectRefused(token, target)
      // A new link from the same issuer works: the rule is the same as when issuing.
      expect((await redeem(await issue(issuer, target))).status).toBe(204)
      await expectJson(await login(target, NEW_PASSWORD), 200)
    })

    it('refuses a link whose issuer has since been demoted', async () => {
      const issuer = await world.member('admin', 'politicians')
      const target = await world.member('viewer')
      const token = await issue(issuer, target)
      await expectJson(
        await world.api(world.admin, 'PATCH', `${ws()}/members/${issuer.userId}`, { role: 'editor' }),
        200,
      )
      await expectRefused(token, target)
    })

    it('refuses a link whose issuer has since been removed from the workspace', async () => {
      const issuer = await world.member('admin', 'politicians')
      const target = await world.member('viewer')
      const token = await issue(issuer, target)
      expect((await world.api(world.admin, 'DELETE', `${ws()}/members/${issuer.userId}`)).status).toBe(204)
      await expectRefused(token, target)
    })

    it('refuses a link whose target has since become the instance admin', async () => {
      const issuer = await world.member('admin', 'politicians')
      const target = await world.member('admin', 'employees')
      const token = await issue(issuer, target)
      // No API makes an instance admin (operators do, in the database): test setup.
      await s.db.query('update users set instance_admin = 1 where id = ?', [target.userId])
      await expectRefused(token, target)
    })

    it("keeps the instance admin's links working wherever the target is", async () => {
      const target = await world.member('viewer')
      const token = await issue(world.admin, target)
      await joinOtherWorkspace(target)
      expect((await redeem(token)).status).toBe(204)
      await expectJson(await login(target, NEW_PASSWORD), 200)
    })
  })
}
