/**
 * Signing up over the real API: the same answer for a new and a taken email (202, no session, no
 * invitation use), so sign-up tells no more than sign-in about which emails exist; exactly one
 * instance admin however many first sign-ups arrive at once; and the one-time set-up token an
 * instance reachable from a network needs for its first account. Runs against SQLite and PostgreSQL.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { backends, createWorld, type TestServer, type World } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ChildServer, startChildServer } from '../support/child-server.js'
import { expectError, expectJson, PASSWORD, type ServerWithDb, startWithDb, uniqueEmail } from './support.js'

interface Answer {
  status: number
  contentType: string | null
  body: unknown
  setCookie: string[]
}

async function answer(res: Response): Promise<Answer> {
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: await res.json(),
    setCookie: res.headers.getSetCookie(),
  }
}

function signupAt(baseUrl: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: PASSWORD, name: 'Ny Person', ...body }),
  })
}

function loginAt(baseUrl: string, email: string, password = PASSWORD): Promise<Response> {
  return fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
}

const accepted = {
  status: 202,
  contentType: expect.stringMatching(/^application\/json/),
  body: { next: 'sign_in' },
  setCookie: [],
}

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`signing up (${backend.name})`, () => {
    describe('a taken email', () => {
      let s: ServerWithDb
      let world: World
      beforeAll(async () => {
        s = await startWithDb(backend, { SIGNUP: 'open', LOGIN_FREE_ATTEMPTS: '1000' })
        world = await createWorld(s.server.url)
      })
      afterAll(async () => s?.stop())

      it('gets exactly the answer a new email gets: 202, no session, the same body', async () => {
        const existing = await world.member('editor')
        const fresh = uniqueEmail('fresh')
        const forNew = await answer(await signupAt(s.server.url, { email: fresh }))
        const forTaken = await answer(
          await signupAt(s.server.url, { email: existing.email, password: 'another long password' }),
        )
        const forTakenUpper = await answer(
          await signupAt(s.server.url, { email: existing.email.toUpperCase() }),
        )
        expect(forNew).toEqual(accepted)
        expect(forTaken).toStrictEqual(forNew)
        expect(forTakenUpper).toStrictEqual(forNew)
        // The new account signs in; the taken one keeps its own password and nothing else.
        const me = await expectJson<{ user: { email: string; instanceAdmin: boolean } }>(
          await loginAt(s.server.url, fresh),
          200,
        )
        expect(me.user).toMatchObject({ email: fresh, instanceAdmin: false })
        await expectError(
          await loginAt(s.server.url, existing.email, 'another long password'),
          401,
          'auth.invalid_credentials',
        )
        await expectJson(await loginAt(s.server.url, existing.email, existing.password), 200)
        const rows = await s.db.query<{ n: number | string }>(
          'select count(*) as n from users where email = ?',
          [existing.email],
        )
        expect(Number(rows[0]!.n)).toBe(1)
      })

      it('takes no invitation use and joins nothing', async () => {
        const existing = await world.member('viewer')
        const { workspace } = await expectJson<{ workspace: { id: string } }>(
          await world.api(world.admin, 'POST', '/api/workspaces', {
            name: 'Eget utvalg',
            party: 'employees',
          }),
          201,
        )
        const { token, invitation } = await expectJson<{ token: string; invitation: { id: string } }>(
          await world.api(world.admin, 'POST', `/api/workspaces/${workspace.id}/invitations`, {
            party: 'politicians',
            role: 'editor',
            maxUses: 1,
          }),
          201,
        )
        const taken = await answer(
          await signupAt(s.server.url, { email: existing.email, invitationToken: token }),
        )
        expect(taken).toEqual(accepted)
        const rows = await s.db.query<{ uses: number }>('select uses from invitations where id = ?', [
          invitation.id,
        ])
        expect(rows.map((r) => Number(r.uses))).toEqual([0])
        const me = await expectJson<{ workspaces: Array<{ id: string }> }>(
          await world.api(existing, 'GET', '/api/me'),
          200,
        )
        expect(me.workspaces.map((w) => w.id)).not.toContain(workspace.id)
        // The single use is still there for a new person.
        const fresh = uniqueEmail('invited')
        expect((await signupAt(s.server.url, { email: fresh, invitationToken: token })).status).toBe(202)
        const joined = await expectJson<{ user: { id: string } }>(await loginAt(s.server.url, fresh), 200)
        const members = await s.db.query<{ user_id: string }>(
          'select user_id from members where workspace_id = ?',
          [workspace.id],
        )
        expect(members.map((m) => m.user_id)).toContain(joined.user.id)
      })
    })

    describe('the first account', () => {
      let server: TestServer | undefined
      afterAll(async () => server?.stop())

      it.each([
        ['by invitation afterwards (the default)', {}, 403],
        ['with SIGNUP=open', { SIGNUP: 'open' }, 202],
      ] as const)(
        'many parallel first sign-ups make exactly one instance admin, %s',
        async (_label, env, others) => {
          await server?.stop()
          // Eight sign-ups from one address at once: past the per-address bound on password hashing,
          // which is not what this test is about.
          server = await backend.start({ ...env, MAX_CONCURRENT_LOGINS_PER_ADDRESS: '16' })
          const emails = Array.from({ length: 8 }, (_, i) => uniqueEmail(`first-${i}`))
          const results = await Promise.all(emails.map((email) => signupAt(server!.url, { email })))
          const statuses = results.map((r) => r.status)
          expect(statuses.filter((st) => st === 202).length).toBe(others === 202 ? 8 : 1)
          for (const res of results) {
            if (res.status !== 202) await expectError(res, 403, 'auth.signup_requires_invitation')
          }
          const admins: string[] = []
          for (const [i, email] of emails.entries()) {
            if (statuses[i] !== 202) continue
            const { user } = await expectJson<{ user: { instanceAdmin: boolean } }>(
              await loginAt(server.url, email),
              200,
            )
            if (user.instanceAdmin) admins.push(email)
          }
          expect(admins).toHaveLength(1)
        },
      )
    })

    describe('the set-up token (SETUP_TOKEN=required)', () => {
      let server: TestServer
      beforeAll(async () => {
        server = await backend.start({ SETUP_TOKEN: 'required' })
      })
      afterAll(async () => server?.stop())

      const tokenFile = () => path.join(server.dataDir, 'setup-token')

      it('is written to DATA_DIR/setup-token with mode 0600 and needed by the first sign-up only', async () => {
        const stat = fs.statSync(tokenFile())
        expect(stat.mode & 0o777).toBe(0o600)
        const token = fs.readFileSync(tokenFile(), 'utf8').trim()
        expect(token).toMatch(/^[a-z2-7]{32}$/)

        const first = uniqueEmail('owner')
        await expectError(await signupAt(server.url, { email: first }), 403, 'auth.setup_token_required')
        await expectError(
          await signupAt(server.url, { email: first, setupToken: 'b'.repeat(32) }),
          403,
          'auth.setup_token_required',
        )
        expect((await signupAt(server.url, { email: first, setupToken: token })).status).toBe(202)
        const { user } = await expectJson<{ user: { instanceAdmin: boolean } }>(
          await loginAt(server.url, first),
          200,
        )
        expect(user.instanceAdmin).toBe(true)
        // Spent: the file is gone, and the token opens nothing any more.
        expect(fs.existsSync(tokenFile())).toBe(false)
        await expectError(
          await signupAt(server.url, { email: uniqueEmail('late'), setupToken: token }),
          403,
          'auth.signup_requires_invitation',
        )
      })

      it('the world factory signs up with it', async () => {
        const fresh = await backend.start({ SETUP_TOKEN: 'required' })
        try {
          const token = fs.readFileSync(path.join(fresh.dataDir, 'setup-token'), 'utf8').trim()
          const world = await createWorld(fresh.url, { setupToken: token })
          const me = await expectJson<{ user: { instanceAdmin: boolean } }>(
            await world.api(world.admin, 'GET', '/api/me'),
            200,
          )
          expect(me.user.instanceAdmin).toBe(true)
        } finally {
          await fresh.stop()
        }
      })
    })
  })
}

describe('the set-up token of `npm start` on a network address (SQLite)', () => {
  it('is required by default when HOST is not loopback, never logged, and new after a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-setup-'))
    const file = path.join(dataDir, 'setup-token')
    const start = () => startChildServer({ HOST: '0.0.0.0', DATA_DIR: dataDir, DATABASE_URL: '' })
    const stop = async (child: ChildServer) => {
      child.child.kill('SIGTERM')
      await child.exited
    }
    const first = await start()
    let second: ChildServer | undefined
    try {
      const before = fs.readFileSync(file, 'utf8').trim()
      await stop(first)
      second = await start()
      // The server listens on every interface; talk to it over loopback.
      const base = `http://127.0.0.1:${new URL(second.url).port}`
      const after = fs.readFileSync(file, 'utf8').trim()
      expect(after).not.toBe(before)
      await expectError(await signupAt(base, { email: uniqueEmail('lan') }), 403, 'auth.setup_token_required')
      await expectError(
        await signupAt(base, { email: uniqueEmail('old'), setupToken: before }),
        403,
        'auth.setup_token_required',
      )
      expect((await signupAt(base, { email: uniqueEmail('owner'), setupToken: after })).status).toBe(202)
      expect(fs.existsSync(file)).toBe(false)
      // The log says where the token is, never what it is.
      const output = first.output() + second.output()
      expect(output).toContain(file)
      expect(output).not.toContain(before)
      expect(output).not.toContain(after)
    } finally {
      if (first.child.exitCode === null && first.child.signalCode === null) await stop(first)
      if (second) await stop(second)
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
