/**
 * The sign-off lock where it is hardest to keep (issue 13), on SQLite and PostgreSQL: a client that
 * went offline with edits and reconnects during the review, or after the document became final,
 * changes nothing (its first sync is dropped); and after a restart a final document is still
 * read-only for every connection, and its content still hashes to the hash the parties signed —
 * checked here with an independent canonical serialisation of the ProseMirror JSON the API serves.
 */
import { createHash } from 'node:crypto'
import {
  createPgSchema,
  createWorld,
  postgresAvailable,
  startTestServer,
  TEST_DATABASE_URL,
  type TestServer,
  waitFor,
} from '@trepart/server/test-support'
import { CONTENT_FRAGMENT } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createClient, type TestClient } from './support/clients.js'
import { approveAll, lastCanWrite, signatories, startRound, writtenDocument } from './support/sign-off.js'

/** Sorted keys, no whitespace: written again here, so the server's own serialiser is checked too. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

const pg = await postgresAvailable()
const databases = [
  { name: 'sqlite', available: true },
  { name: 'postgres', available: pg },
] as const

for (const database of databases) {
  describe.skipIf(!database.available)(`the sign-off lock (${database.name})`, () => {
    it('holds against a client back from offline, and across a restart; the final hash is the content’s', async () => {
      const schema = database.name === 'postgres' ? await createPgSchema('lock') : null
      const env = schema ? { DATABASE_URL: TEST_DATABASE_URL } : { DATABASE_URL: '' }
      const start = (dataDir?: string) =>
        startTestServer(env, {
          ...(schema ? { pgSchema: schema.schema } : {}),
          ...(dataDir ? { dataDir } : {}),
        })
      let server: TestServer = await start()
      const dataDir = server.dataDir
      const clients: TestClient[] = []
      const client = (id: string, actor: { headers: Record<string, string> }, doc?: Y.Doc) => {
        const c = createClient(server.collabUrl, id, { actor, trepart: true, ...(doc ? { doc } : {}) })
        clients.push(c)
        return c
      }
      const roomState = (id: string) => Y.encodeStateVector(server.registry.rooms.get(id)!.doc)
      try {
        const world = await createWorld(server.url)
        const signers = await signatories(world)
        const id = await writtenDocument(world, server.collabUrl, 'Det som skal vedtas.')

        // Offline with an edit, back during the review: its first sync carries the edit; dropped.
        const away = client(id, signers.employees)
        await waitFor(() => away.provider.synced && lastCanWrite(away) === true)
        away.provider.disconnect()
        const words = () =>
          (away.doc.getXmlFragment(CONTENT_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText
        words().insert(0, 'Frakoblet: ')
        const { round } = await startRound(world, signers.politicians, id)
        const before = roomState(id)
        away.events.length = 0
        away.provider.connect()
        await waitFor(() => away.provider.synced && lastCanWrite(away) === false)
        await away.flush()
        expect(roomState(id)).toEqual(before)

        await approveAll(world, signers, id, round.contentHash)

        // Back again after final, with that edit and one more: nothing is taken.
        away.provider.disconnect()
        words().insert(0, 'Enda en: ')
        away.events.length = 0
        away.provider.connect()
        await waitFor(() => away.provider.synced && lastCanWrite(away) === false)
        await away.flush()
        expect(roomState(id)).toEqual(before)

        // No role makes a final document writable for an open connection either.
        const memberPath = `/api/workspaces/${world.workspaceId}/members/${signers.employees.userId}`
        const promoted = await fetch(`${server.url}${memberPath}`, {
          method: 'PATCH',
          headers: { ...world.admin.headers, 'content-type': 'application/json' },
          body: JSON.stringify({ role: 'admin' }),
        })
        expect(promoted.status).toBe(200)
        await waitFor(() =>
          server.registry
            .connectionsWhere((c) => c.admission.principal.id === signers.employees.userId)
            .every((c) => c.admission.access?.role === 'admin'),
        )
        words().insert(0, 'Som admin: ')
        await away.flush()
        expect(roomState(id)).toEqual(before)
        expect(lastCanWrite(away)).toBe(false)

        // A document a stopped process left in review without a round is a draft again after the restart.
        const stuck = await writtenDocument(world, server.collabUrl, 'Halvveis startet.')
        await server.db
          .updateTable('documents')
          .set({ status: 'in_review' })
          .where('id', '=', stuck)
          .execute()

        // A restart: the lock is the document's status in the database.
        for (const c of clients.splice(0)) c.destroy()
        await server.stop({ keepData: true })
        server = await start(dataDir)
        const again = client(id, signers.administration)
        await waitFor(() => again.provider.synced && lastCanWrite(again) === false)
        const after = Y.encodeStateVector(again.doc)
        ;((again.doc.getXmlFragment(CONTENT_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(
          0,
          'Nei: ',
        )
        await again.flush()
        expect(Y.encodeStateVector(server.registry.rooms.get(id)!.doc)).toEqual(after)

        // What every read path serves hashes to what the parties signed.
        const api = (path: string) =>
          fetch(`${server.url}${path}`, { headers: { cookie: world.admin.cookie } }).then(
            (r) => r.json() as Promise<Record<string, unknown>>,
          )
        const versions = (await api(`/api/documents/${id}/versions`)).versions as Array<{ id: string }>
        const version = await api(`/api/documents/${id}/versions/${versions[0]!.id}`)
        expect(sha256(canonical(version.content))).toBe(round.contentHash)
        expect(version.contentHash).toBe(round.contentHash)
        const now = (await api(`/api/documents/${id}/diff?from=current&to=current`)) as {
          to: { contentHash: string }
        }
        expect(now.to.contentHash).toBe(round.contentHash)
        expect(((await api(`/api/documents/${stuck}`)).document as { status: string }).status).toBe('draft')
        const verified = await api(`/api/workspaces/${world.workspaceId}/audit/verify`)
        expect(verified).toMatchObject({ ok: true, finalDocuments: 1 })
      } finally {
        for (const c of clients) c.destroy()
        await server.stop()
        await schema?.drop()
      }
    })
  })
}
