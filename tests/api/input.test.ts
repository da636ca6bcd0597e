/**
 * Hostile and malformed input over the real API: SQL, HTML and unusual Unicode in names and titles
 * are stored and returned exactly; text limits hold at the boundary; oversize, malformed, mistyped
 * and over-specified bodies get the one error shape; the OpenAPI document lists every route.
 * Runs against SQLite and PostgreSQL.
 */
import { backends, createWorld, type World } from '@trepart/server/test-support'
import { TEXT_LIMITS } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectError, expectJson, PASSWORD, type ServerWithDb, startWithDb, uniqueEmail } from './support.js'

const MAX_BODY_BYTES = 2048

const HOSTILE: Array<[string, string]> = [
  ['a quote that ends a SQL string', "'; DROP TABLE users; --"],
  ['a double-quoted SQL tautology', '" OR 1=1 --'],
  ['a DROP of the documents table', "Robert'); DROP TABLE documents; --"],
  ['a script tag', '<script>alert(1)</script>'],
  ['an img with onerror', '<img src=x onerror=alert(1)>'],
  [
    'Norwegian letters, math letters, an emoji ZWJ sequence and RTL override',
    'Æøå – 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩🏽\u200D💻 \u202Ereversed',
  ],
  [
    'combining marks (decomposed, not normalised)',
    'Z\u0351\u0361a\u0300\u0301l\u0334g\u0337o, e\u0301 og a\u030A',
  ],
  ['zero-width joiner, non-joiner and space', 'a\u200Db\u200Cc\u200Bd'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${x} is the hostile input here
  ['format strings, template syntax and backslashes', '%s %n ${x} {{x}} \\" \\u0000 \\'],
]

/** `text` cut or padded with `x` to exactly `length` UTF-16 code units (what the limits count). */
function exactly(text: string, length: number): string {
  const padded = text.length >= length ? text.slice(0, length) : text + 'x'.repeat(length - text.length)
  // Never end on half a surrogate pair.
  return /[\uD800-\uDBFF]$/.test(padded) ? `${padded.slice(0, -1)}y` : padded
}

const ROUTES = [
  'POST /api/auth/signup',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'POST /api/auth/password',
  'POST /api/auth/reset',
  'GET /api/me',
  'PATCH /api/me',
  'POST /api/workspaces',
  'GET /api/workspaces/{wid}',
  'PATCH /api/workspaces/{wid}',
  'GET /api/workspaces/{wid}/members',
  'PATCH /api/workspaces/{wid}/members/{uid}',
  'DELETE /api/workspaces/{wid}/members/{uid}',
  'POST /api/workspaces/{wid}/members/{uid}/password-reset',
  'POST /api/users/{uid}/password-reset',
  'GET /api/workspaces/{wid}/invitations',
  'POST /api/workspaces/{wid}/invitations',
  'DELETE /api/workspaces/{wid}/invitations/{id}',
  'GET /api/invitations/{token}',
  'POST /api/invitations/{token}/accept',
  'POST /api/workspaces/{wid}/documents',
  'GET /api/workspaces/{wid}/documents',
  'GET /api/workspaces/{wid}/search',
  'GET /api/documents/{id}',
  'PATCH /api/documents/{id}',
  'GET /api/config',
  'GET /api/workspaces/{wid}/events',
  'GET /api/documents/{id}/threads',
  'POST /api/documents/{id}/threads',
  'GET /api/threads/{tid}',
  'POST /api/threads/{tid}/comments',
  'PATCH /api/comments/{cid}',
  'DELETE /api/comments/{cid}',
  'POST /api/threads/{tid}/resolve',
  'POST /api/threads/{tid}/reopen',
  'GET /api/documents/{id}/participation',
  'GET /api/workspaces/{wid}/participation',
  'GET /api/documents/{id}/follow-ups',
  'POST /api/documents/{id}/follow-ups',
  'GET /api/follow-ups/{fid}',
  'PATCH /api/follow-ups/{fid}',
  'GET /api/workspaces/{wid}/follow-ups',
  'GET /api/me/follow-ups',
  'GET /api/workspaces/{wid}/meetings',
  'POST /api/workspaces/{wid}/meetings',
  'GET /api/meetings/{mid}',
  'PATCH /api/meetings/{mid}',
  'POST /api/meetings/{mid}/open',
  'POST /api/meetings/{mid}/close',
  'POST /api/meetings/{mid}/items',
  'PATCH /api/meetings/{mid}/items/{iid}',
  'DELETE /api/meetings/{mid}/items/{iid}',
  'POST /api/meetings/{mid}/items/{iid}/move',
  'POST /api/meetings/{mid}/current',
  'PUT /api/meetings/{mid}/items/{iid}/outcome',
  'PUT /api/meetings/{mid}/attendance/{uid}',
  'POST /api/meetings/{mid}/minutes',
  'GET /api/meetings/{mid}/events',
  'POST /api/documents/{id}/rounds',
  'GET /api/documents/{id}/rounds/current',
  'POST /api/documents/{id}/rounds/current/decisions',
  'POST /api/documents/{id}/rounds/current/withdraw',
  'GET /api/documents/{id}/rounds',
  'POST /api/documents/{id}/amendments',
  'GET /api/documents/{id}/versions',
  'POST /api/documents/{id}/versions',
  'GET /api/documents/{id}/versions/{vid}',
  'GET /api/documents/{id}/diff',
  'GET /api/workspaces/{wid}/audit',
  'GET /api/workspaces/{wid}/audit/verify',
  'POST /api/documents/{id}/share-links',
  'GET /api/documents/{id}/share-links',
  'DELETE /api/share-links/{lid}',
  'GET /api/documents/{id}/export',
]

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`hostile and malformed input (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let documentId: string

    beforeAll(async () => {
      s = await startWithDb(backend, { MAX_BODY_BYTES: String(MAX_BODY_BYTES) })
      world = await createWorld(s.server.url)
      documentId = await world.document('Utgangspunkt')
    })
    afterAll(async () => s?.stop())

    const docs = () => `/api/workspaces/${world.workspaceId}/documents`

    /** Sends `body` as is, with the admin's cookie and our Origin. */
    const raw = (method: string, path: string, body: BodyInit, contentType?: string) =>
      fetch(`${s.server.url}${path}`, {
        method,
        headers: {
          origin: new URL(s.server.url).origin,
          cookie: world.admin.cookie,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
        body,
      })

    async function dbValue(table: 'users' | 'workspaces' | 'documents', column: string, id: string) {
      const rows = await s.db.query<Record<string, string>>(
        `select ${column} as v from ${table} where id = ?`,
        [id],
      )
      return rows[0]?.v
    }

    describe.each(HOSTILE)('%s', (_label, text) => {
      it('is kept exactly as a display name (signup and PATCH /api/me)', async () => {
        const member = await world.member('viewer', 'employees', { name: text })
        const me = await expectJson<{ user: { name: string } }>(
          await world.api(member, 'GET', '/api/me'),
          200,
        )
        expect(me.user.name).toBe(text)
        expect(await dbValue('users', 'name', member.userId)).toBe(text)
        const { members } = await expectJson<{ members: Array<{ user: { id: string; name: string } }> }>(
          await world.api(world.admin, 'GET', `/api/workspaces/${world.workspaceId}/members`),
          200,
        )
        expect(members.find((m) => m.user.id === member.userId)?.user.name).toBe(text)

        const renamed = `${text} (2)`
        const patched = await expectJson<{ user: { name: string } }>(
          await world.api(member, 'PATCH', '/api/me', { name: renamed }),
          200,
        )
        expect(patched.user.name).toBe(renamed)
        expect(await dbValue('users', 'name', member.userId)).toBe(renamed)
      })

      it('is kept exactly as a workspace name (create and rename)', async () => {
        const created = await expectJson<{ workspace: { id: string; name: string; slug: string } }>(
          await world.api(world.admin, 'POST', '/api/workspaces', { name: text, party: 'politicians' }),
          201,
        )
        expect(created.workspace.name).toBe(text)
        expect(created.workspace.slug).toMatch(/^[a-z0-9-]+$/)
        const id = created.workspace.id
        expect(await dbValue('workspaces', 'name', id)).toBe(text)

        const renamed = `2: ${text}`
        await expectJson(
          await world.api(world.admin, 'PATCH', `/api/workspaces/${id}`, { name: renamed }),
          200,
        )
        const read = await expectJson<{ workspace: { name: string } }>(
          await world.api(world.admin, 'GET', `/api/workspaces/${id}`),
          200,
        )
        expect(read.workspace.name).toBe(renamed)
        const me = await expectJson<{ workspaces: Array<{ id: string; name: string }> }>(
          await world.api(world.admin, 'GET', '/api/me'),
          200,
        )
        expect(me.workspaces.find((w) => w.id === id)?.name).toBe(renamed)
      })

      it('is kept exactly as a document title (create and rename)', async () => {
        const created = await expectJson<{ document: { id: string; title: string } }>(
          await world.api(world.admin, 'POST', docs(), { title: text, kind: 'minutes' }),
          201,
        )
        expect(created.document.title).toBe(text)
        const id = created.document.id
        expect(await dbValue('documents', 'title', id)).toBe(text)

        const renamed = `${text} v2`
        const patched = await expectJson<{ document: { title: string } }>(
          await world.api(world.admin, 'PATCH', `/api/documents/${id}`, { title: renamed }),
          200,
        )
        expect(patched.document.title).toBe(renamed)
        const read = await expectJson<{ document: { title: string } }>(
          await world.api(world.admin, 'GET', `/api/documents/${id}`),
          200,
        )
        expect(read.document.title).toBe(renamed)
        const { documents } = await expectJson<{ documents: Array<{ id: string; title: string }> }>(
          await world.api(world.admin, 'GET', docs()),
          200,
        )
        expect(documents.find((d) => d.id === id)?.title).toBe(renamed)
      })
    })

    it('still has its tables and rows after all of that', async () => {
      const [documents] = await s.db.query<{ n: number | string }>('select count(*) as n from documents')
      const [users] = await s.db.query<{ n: number | string }>('select count(*) as n from users')
      expect(Number(documents!.n)).toBeGreaterThanOrEqual(1 + HOSTILE.length)
      expect(Number(users!.n)).toBeGreaterThanOrEqual(1 + HOSTILE.length)
      const login = await world.api(null, 'POST', '/api/auth/login', {
        email: world.admin.email,
        password: world.admin.password,
      })
      expect(login.status).toBe(200)
      const listed = await expectJson<{ documents: unknown[] }>(
        await world.api(world.admin, 'GET', docs()),
        200,
      )
      expect(listed.documents.length).toBeGreaterThanOrEqual(1 + HOSTILE.length)
    })

    describe('text limits', () => {
      const unicode = HOSTILE[5]![1]

      it(`display name: ${TEXT_LIMITS.nameMax} is stored, one more is 400`, async () => {
        const member = await world.member('viewer')
        for (const name of [exactly('n', TEXT_LIMITS.nameMax), exactly(unicode, TEXT_LIMITS.nameMax)]) {
          expect(name).toHaveLength(TEXT_LIMITS.nameMax)
          const res = await world.api(member, 'PATCH', '/api/me', { name })
          expect((await expectJson<{ user: { name: string } }>(res, 200)).user.name).toBe(name)
          expect(await dbValue('users', 'name', member.userId)).toBe(name)
        }
        const over = exactly('n', TEXT_LIMITS.nameMax + 1)
        await expectError(await world.api(member, 'PATCH', '/api/me', { name: over }), 400, 'request.invalid')
        const invitation = await expectJson<{ token: string }>(
          await world.api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/invitations`, {
            party: 'employees',
            role: 'viewer',
          }),
          201,
        )
        const email = uniqueEmail('limit')
        const signup = (name: string) =>
          world.api(null, 'POST', '/api/auth/signup', {
            email,
            password: PASSWORD,
            name,
            invitationToken: invitation.token,
          })
        await expectError(await signup(over), 400, 'request.invalid')
        const atLimit = exactly(unicode, TEXT_LIMITS.nameMax)
        await expectJson(await signup(atLimit), 202)
        const login = await world.api(null, 'POST', '/api/auth/login', { email, password: PASSWORD })
        const { user } = await expectJson<{ user: { name: string } }>(login, 200)
        expect(user.name).toBe(atLimit)
      })

      it(`workspace name: ${TEXT_LIMITS.workspaceNameMax} is stored, one more is 400`, async () => {
        const name = exactly(unicode, TEXT_LIMITS.workspaceNameMax)
        const created = await expectJson<{ workspace: { id: string; name: string } }>(
          await world.api(world.admin, 'POST', '/api/workspaces', { name, party: 'employees' }),
          201,
        )
        expect(created.workspace.name).toBe(name)
        expect(await dbValue('workspaces', 'name', created.workspace.id)).toBe(name)
        const over = exactly('w', TEXT_LIMITS.workspaceNameMax + 1)
        await expectError(
          await world.api(world.admin, 'POST', '/api/workspaces', { name: over, party: 'employees' }),
          400,
          'request.invalid',
        )
        await expectError(
          await world.api(world.admin, 'PATCH', `/api/workspaces/${created.workspace.id}`, { name: over }),
          400,
          'request.invalid',
        )
        const renamed = exactly('w', TEXT_LIMITS.workspaceNameMax)
        await expectJson(
          await world.api(world.admin, 'PATCH', `/api/workspaces/${created.workspace.id}`, { name: renamed }),
          200,
        )
        expect(await dbValue('workspaces', 'name', created.workspace.id)).toBe(renamed)
      })

      it(`document title: ${TEXT_LIMITS.titleMax} is stored, one more is 400`, async () => {
        const title = exactly(unicode, TEXT_LIMITS.titleMax)
        const created = await expectJson<{ document: { id: string; title: string } }>(
          await world.api(world.admin, 'POST', docs(), { title, kind: 'proposal' }),
          201,
        )
        expect(created.document.title).toBe(title)
        expect(await dbValue('documents', 'title', created.document.id)).toBe(title)
        const over = exactly('t', TEXT_LIMITS.titleMax + 1)
        await expectError(
          await world.api(world.admin, 'POST', docs(), { title: over, kind: 'proposal' }),
          400,
          'request.invalid',
        )
        await expectError(
          await world.api(world.admin, 'PATCH', `/api/documents/${created.document.id}`, { title: over }),
          400,
          'request.invalid',
        )
        const renamed = exactly('t', TEXT_LIMITS.titleMax)
        await expectJson(
          await world.api(world.admin, 'PATCH', `/api/documents/${created.document.id}`, { title: renamed }),
          200,
        )
        expect(await dbValue('documents', 'title', created.document.id)).toBe(renamed)
      })

      it('refuses names and titles that are only whitespace', async () => {
        await expectError(
          await world.api(world.admin, 'POST', docs(), { title: ' \t\n ', kind: 'proposal' }),
          400,
          'request.invalid',
        )
        await expectError(
          await world.api(world.admin, 'PATCH', '/api/me', { name: '   ' }),
          400,
          'request.invalid',
        )
        await expectError(
          await world.api(world.admin, 'POST', '/api/workspaces', { name: '', party: 'employees' }),
          400,
          'request.invalid',
        )
      })
    })

    it('answers with the request id it was given when sane, and a fresh one otherwise', async () => {
      const idOf = async (given: string, res?: Response) => {
        const answer = res ?? (await fetch(`${s.server.url}/api/me`, { headers: { 'x-request-id': given } }))
        await answer.arrayBuffer()
        return answer.headers.get('x-request-id')
      }
      expect(await idOf('møte-1')).toMatch(/^[0-9a-f-]{36}$/)
      expect(await idOf('mote-1.a_b')).toBe('mote-1.a_b')
      // On a written answer too, after its body was read from the request.
      const posted = await world.api(world.admin, 'POST', docs(), { title: 'Med id', kind: 'proposal' })
      expect(posted.status).toBe(201)
      expect(await idOf('', posted)).toMatch(/^[0-9a-f-]{36}$/)
    })

    describe('request bodies', () => {
      it(`refuses a body over MAX_BODY_BYTES (${MAX_BODY_BYTES}) with 413`, async () => {
        const big = JSON.stringify({ title: 'x'.repeat(3 * 1024), kind: 'proposal' })
        await expectError(await raw('POST', docs(), big, 'application/json'), 413, 'request.too_large')
        // Before any session check: an anonymous signup is refused the same way.
        const signup = JSON.stringify({
          email: uniqueEmail(),
          password: PASSWORD,
          name: 'x'.repeat(3 * 1024),
        })
        const anonymous = await fetch(`${s.server.url}/api/auth/signup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: signup,
        })
        await expectError(anonymous, 413, 'request.too_large')
      })

      /** Posts `body` to the document list in pieces of `piece` bytes: chunked, without Content-Length. */
      const postChunked = (body: unknown, piece: number) => {
        const bytes = new TextEncoder().encode(JSON.stringify(body))
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let i = 0; i < bytes.length; i += piece) controller.enqueue(bytes.slice(i, i + piece))
            controller.close()
          },
        })
        return fetch(`${s.server.url}${docs()}`, {
          method: 'POST',
          headers: {
            origin: new URL(s.server.url).origin,
            cookie: world.admin.cookie,
            'content-type': 'application/json',
          },
          body: stream,
          duplex: 'half',
        } as RequestInit & { duplex: 'half' })
      }

      it('refuses an oversize body sent chunked, without Content-Length', async () => {
        const res = await postChunked({ title: 'x'.repeat(3 * 1024), kind: 'proposal' }, 512)
        await expectError(res, 413, 'request.too_large')
      })

      it('reads a chunked body under the limit, as a route would read any other', async () => {
        const res = await postChunked({ title: 'Sendt i biter', kind: 'proposal' }, 8)
        const { document } = await expectJson<{ document: { title: string } }>(res, 201)
        expect(document.title).toBe('Sendt i biter')
      })

      it('draws the line exactly at MAX_BODY_BYTES', async () => {
        const sized = (bytes: number) => {
          const shell = JSON.stringify({ title: '', kind: 'proposal' })
          return JSON.stringify({ title: 'x'.repeat(bytes - shell.length), kind: 'proposal' })
        }
        expect(new TextEncoder().encode(sized(MAX_BODY_BYTES))).toHaveLength(MAX_BODY_BYTES)
        // At the limit the body is read (and refused by the schema: the title is too long).
        await expectError(
          await raw('POST', docs(), sized(MAX_BODY_BYTES), 'application/json'),
          400,
          'request.invalid',
        )
        await expectError(
          await raw('POST', docs(), sized(MAX_BODY_BYTES + 1), 'application/json'),
          413,
          'request.too_large',
        )
      })

      it.each([
        ['cut short', '{"title": '],
        ['not JSON at all', 'title=x'],
        ['empty', ''],
        ['a trailing comma', '{"title":"x","kind":"proposal",}'],
      ])('refuses malformed JSON (%s) with 400', async (_label, body) => {
        await expectError(await raw('POST', docs(), body, 'application/json'), 400, 'request.invalid')
      })

      it.each([
        ['text/plain', 'text/plain'],
        ['a form', 'application/x-www-form-urlencoded'],
        ['multipart', 'multipart/form-data; boundary=x'],
        ['no content type', undefined],
      ])('refuses a JSON body sent as %s with 415', async (_label, contentType) => {
        const body = JSON.stringify({ title: 'Feil type', kind: 'proposal' })
        await expectError(await raw('POST', docs(), body, contentType), 415, 'request.unsupported_media_type')
      })

      it('accepts application/json with a charset', async () => {
        const body = JSON.stringify({ title: 'Med tegnsett', kind: 'proposal' })
        await expectJson(await raw('POST', docs(), body, 'application/json; charset=utf-8'), 201)
      })

      it('refuses JSON that is not an object', async () => {
        for (const body of ['[]', '"title"', '42', 'null']) {
          await expectError(await raw('POST', docs(), body, 'application/json'), 400, 'request.invalid')
        }
      })

      it('refuses a __proto__ key like any other unknown field', async () => {
        const body = '{"__proto__":{"instanceAdmin":true},"name":"Proto"}'
        await expectError(await raw('PATCH', '/api/me', body, 'application/json'), 400, 'request.invalid')
        const me = await expectJson<{ user: { name: string; instanceAdmin: boolean } }>(
          await world.api(world.admin, 'GET', '/api/me'),
          200,
        )
        expect(me.user.name).not.toBe('Proto')
      })

      it('refuses unknown fields on every body (schemas are strict)', async () => {
        const member = await world.member('viewer')
        const cases: Array<[string, string, Record<string, unknown>]> = [
          [
            'POST',
            '/api/auth/signup',
            { email: uniqueEmail(), password: PASSWORD, name: 'N', instanceAdmin: true },
          ],
          [
            'POST',
            '/api/auth/login',
            { email: world.admin.email, password: world.admin.password, remember: true },
          ],
          [
            'POST',
            '/api/auth/password',
            { currentPassword: PASSWORD, newPassword: PASSWORD, userId: member.userId },
          ],
          [
            'POST',
            '/api/auth/reset',
            { token: 'a'.repeat(32), newPassword: PASSWORD, userId: member.userId },
          ],
          ['PATCH', '/api/me', { name: 'N', email: 'other@trepart.test' }],
          ['PATCH', '/api/me', { instanceAdmin: true }],
          ['POST', '/api/workspaces', { name: 'W', party: 'employees', role: 'admin' }],
          ['PATCH', `/api/workspaces/${world.workspaceId}`, { name: 'W', slug: 'x' }],
          // The public index's address is the workspace's slug: a client does not pick it.
          ['PATCH', `/api/workspaces/${world.workspaceId}`, { publicIndex: true, slug: 'vedtak' }],
          [
            'PATCH',
            `/api/workspaces/${world.workspaceId}/members/${member.userId}`,
            { role: 'editor', email: 'x' },
          ],
          [
            'POST',
            `/api/workspaces/${world.workspaceId}/invitations`,
            { party: 'employees', role: 'viewer', uses: -5 },
          ],
          ['POST', docs(), { title: 'T', kind: 'proposal', status: 'final' }],
          ['POST', docs(), { title: 'T', kind: 'proposal', initiatingParty: 'politicians' }],
          ['PATCH', `/api/documents/${documentId}`, { title: 'T', status: 'final' }],
          ['PATCH', `/api/documents/${documentId}`, { workspaceId: 'elsewhere' }],
        ]
        for (const [method, path, body] of cases) {
          const res = await world.api(world.admin, method, path, body)
          await expectError(res, 400, 'request.invalid')
        }
        const read = await expectJson<{ document: { title: string; status: string } }>(
          await world.api(world.admin, 'GET', `/api/documents/${documentId}`),
          200,
        )
        expect(read.document).toMatchObject({ title: 'Utgangspunkt', status: 'draft' })
        const ws = await expectJson<{ me: { role: string } }>(
          await world.api(member, 'GET', `/api/workspaces/${world.workspaceId}`),
          200,
        )
        expect(ws.me.role).toBe('viewer')
      })

      it('answers an unknown API route with 404 in the error shape', async () => {
        await expectError(await world.api(world.admin, 'GET', '/api/nope'), 404, 'not_found')
        await expectError(await world.api(world.admin, 'PUT', '/api/me', {}), 404, 'not_found')
      })
    })

    describe('OpenAPI document', () => {
      interface Spec {
        openapi: string
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>
        >
      }

      it('is served to anyone, is OpenAPI 3.1 and lists every route of the API', async () => {
        const res = await fetch(`${s.server.url}/api/openapi.json`)
        const spec = await expectJson<Spec>(res, 200)
        expect(spec.openapi).toBe('3.1.0')
        const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
          Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
        )
        expect(routes.sort()).toEqual([...ROUTES].sort())
      })

      it('declares exactly the routes that take a body, each a closed JSON object', async () => {
        const spec = await expectJson<Spec>(await fetch(`${s.server.url}/api/openapi.json`), 200)
        const bodies = Object.entries(spec.paths).flatMap(([path, ops]) =>
          Object.entries(ops).flatMap(([method, op]) =>
            op.requestBody ? [[`${method.toUpperCase()} ${path}`, op.requestBody.content] as const] : [],
          ),
        )
        expect(bodies.map(([route]) => route).sort()).toEqual(
          [
            'POST /api/auth/signup',
            'POST /api/auth/login',
            'POST /api/auth/password',
            'POST /api/auth/reset',
            'PATCH /api/me',
            'POST /api/workspaces',
            'PATCH /api/workspaces/{wid}',
            'PATCH /api/workspaces/{wid}/members/{uid}',
            'POST /api/workspaces/{wid}/invitations',
            'POST /api/workspaces/{wid}/documents',
            'PATCH /api/documents/{id}',
            'POST /api/documents/{id}/threads',
            'POST /api/threads/{tid}/comments',
            'PATCH /api/comments/{cid}',
            'POST /api/documents/{id}/rounds',
            'POST /api/documents/{id}/rounds/current/decisions',
            'POST /api/documents/{id}/amendments',
            'POST /api/documents/{id}/versions',
            'POST /api/documents/{id}/share-links',
            'POST /api/documents/{id}/follow-ups',
            'PATCH /api/follow-ups/{fid}',
            'POST /api/workspaces/{wid}/meetings',
            'PATCH /api/meetings/{mid}',
            'POST /api/meetings/{mid}/items',
            'PATCH /api/meetings/{mid}/items/{iid}',
            'POST /api/meetings/{mid}/items/{iid}/move',
            'POST /api/meetings/{mid}/current',
            'PUT /api/meetings/{mid}/items/{iid}/outcome',
            'PUT /api/meetings/{mid}/attendance/{uid}',
          ].sort(),
        )
        for (const [route, content] of bodies) {
          expect(Object.keys(content), route).toEqual(['application/json'])
          expect(content['application/json']!.schema, route).toMatchObject({
            type: 'object',
            additionalProperties: false,
          })
        }
      })
    })
  })
}
