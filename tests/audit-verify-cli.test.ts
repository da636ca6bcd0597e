/**
 * `npm run audit:verify -- --workspace <id>` (packages/server/dist/audit-verify.js) against the
 * SQLite file a server wrote: exit 0 while the record holds, 1 with the problem named once a row
 * was changed behind the server's back, 2 without a workspace. (The same verification over the
 * API runs on both databases in tests/api/sign-off.test.ts.)
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createWorld, startTestServer, type TestServer } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finalDocument } from './support/sign-off.js'

const cli = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../packages/server/dist/audit-verify.js',
)
const run = (args: string[], env: Record<string, string>) =>
  promisify(execFile)(process.execPath, [cli, ...args], { env: { ...process.env, ...env } }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string; stderr: string }) => ({
      code: error.code,
      stdout: error.stdout + error.stderr,
    }),
  )

describe('audit:verify on the command line', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ DATABASE_URL: '' })
  })
  afterAll(async () => server?.stop())

  it('says the record holds, then names what a changed row broke', async () => {
    const world = await createWorld(server.url)
    await finalDocument(world, server.collabUrl)
    const env = { DATA_DIR: server.dataDir, DATABASE_URL: '' }
    const holds = await run(['--workspace', world.workspaceId], env)
    expect(holds.stdout).toMatch(/1 final documents/)
    expect(holds).toMatchObject({ code: 0 })
    expect(holds.stdout).toMatch(/the record holds/)
    await server.db
      .updateTable('audit_log')
      .set({ actor_id: world.admin.userId })
      .where('workspace_id', '=', world.workspaceId)
      .where('kind', '=', 'document.final')
      .execute()
    const broken = await run(['--workspace', world.workspaceId], env)
    expect(broken.code).toBe(1)
    expect(broken.stdout).toMatch(/problem: entry \d+: its hash is not the hash of what it says/)
    expect((await run([], env)).code).toBe(2)
  })
})
