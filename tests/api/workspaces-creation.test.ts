/**
 * Who may create workspaces (`WORKSPACE_CREATION`): by default anyone signed in; with `admins`,
 * only instance admins, others get 403 `workspace.creation_admins_only`. The public config says
 * which, so the web app offers the form only to those who may use it. SQLite and PostgreSQL.
 */
import { backends, type TestServer } from '@trepart/server/test-support'
import { describe, expect, it } from 'vitest'
import { useServerWithWorld } from '../support/world-fixture.js'
import { expectError, expectJson } from './support.js'

const body = { name: 'Nytt forum', party: 'employees' }

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`workspace creation (${backend.name})`, () => {
    describe('WORKSPACE_CREATION unset (anyone)', () => {
      const fx = useServerWithWorld(() => backend.start())

      it('lets any signed-in user create a workspace and says so in the public config', async () => {
        const config = await expectJson<{ workspaceCreation: string }>(
          await fx.world.api(null, 'GET', '/api/config'),
          200,
        )
        expect(config.workspaceCreation).toBe('anyone')
        const outsider = await fx.world.outsider()
        await expectJson(await fx.world.api(outsider, 'POST', '/api/workspaces', body), 201)
      })
    })

    describe('WORKSPACE_CREATION=admins', () => {
      const fx = useServerWithWorld(
        (): Promise<TestServer> => backend.start({ WORKSPACE_CREATION: 'admins' }),
      )

      it('says so in the public config', async () => {
        const config = await expectJson<{ workspaceCreation: string }>(
          await fx.world.api(null, 'GET', '/api/config'),
          200,
        )
        expect(config.workspaceCreation).toBe('admins')
      })

      it('refuses others, a workspace admin too, with 403 and a stable id; creates nothing', async () => {
        const outsider = await fx.world.outsider()
        const workspaceAdmin = await fx.world.member('admin')
        for (const actor of [outsider, workspaceAdmin]) {
          await expectError(
            await fx.world.api(actor, 'POST', '/api/workspaces', body),
            403,
            'workspace.creation_admins_only',
          )
        }
        for (const actor of [outsider, workspaceAdmin]) {
          const me = await expectJson<{ workspaces: { name: string }[] }>(
            await fx.world.api(actor, 'GET', '/api/me'),
            200,
          )
          expect(me.workspaces.map((w) => w.name)).not.toContain(body.name)
        }
      })

      it('lets the instance admin create workspaces', async () => {
        await expectJson(await fx.world.api(fx.world.admin, 'POST', '/api/workspaces', body), 201)
      })

      it('still asks who is signed in first (401 before 403)', async () => {
        await expectError(
          await fx.world.api(null, 'POST', '/api/workspaces', body),
          401,
          'auth.unauthenticated',
        )
      })
    })
  })
}
