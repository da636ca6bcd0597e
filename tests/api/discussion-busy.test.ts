/**
 * A document's discussion whose lock a stalled writer holds, on a real PostgreSQL (SPEC C9): every
 * write to it, over the API and over the collaboration socket, answers 503 `request.busy` with
 * Retry-After once DISCUSSION_LOCK_TIMEOUT_MS has passed, and writes nothing. With more such
 * writers than the pool has connections, a read still gets its answer (within the timeout);
 * another document's discussion is not held; once the lock is let go of, writes are taken again. SQLite has no such lock to wait for (its one write
 * transaction at a time never waits on another writer's transaction), so this runs on PostgreSQL.
 */
import {
  backends,
  createWorld,
  discussionLock,
  TEST_DATABASE_URL,
  type World,
  waitFor,
} from '@trepart/server/test-support'
import { ErrorId, type Thread } from '@trepart/shared'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchoredText } from '../support/anchors.js'
import { createClient, type TestClient } from '../support/clients.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const postgres = (await backends()).find((b) => b.name === 'postgres')!
/** Fewer connections than the writers the test sends at once. */
const POOL_SIZE = 3

describe.skipIf(!postgres.available)('a stalled discussion (postgres)', () => {
  let s: ServerWithDb
  let world: World
  let side: pg.Client
  const clients: TestClient[] = []

  beforeAll(async () => {
    s = await startWithDb(postgres, {
      DISCUSSION_LOCK_TIMEOUT_MS: '300',
      DATABASE_POOL_SIZE: String(POOL_SIZE),
    })
    world = await createWorld(s.server.url)
    side = new pg.Client({ connectionString: TEST_DATABASE_URL })
    await side.connect()
  })
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await side?.end()
    await s?.stop()
  })

  it('[C9] answers 503 request.busy with Retry-After and writes nothing, over the API and the socket', async () => {
    const documentId = await world.document('Stallet')
    const anchor = await anchoredText(s.server.collabUrl, world.admin, documentId, 'Rammen for neste år.', 6)
    const start = () =>
      world.api(world.admin, 'POST', `/api/documents/${documentId}/threads`, {
        anchor,
        visibility: 'shared',
        body: 'Hvorfor?',
      })
    const { thread } = await expectJson<{ thread: Thread }>(await start(), 201)
    const commentId = thread.comments[0]!.id
    const socket = createClient(s.server.collabUrl, documentId, { actor: world.admin, trepart: true })
    clients.push(socket)
    await waitFor(() => socket.events.some((e) => e.type === 'welcome'))

    const { space, key } = discussionLock(documentId)
    /** Writes waiting for the discussion's lock now, each holding one of the server's connections. */
    const waiting = async () => {
      const { rows } = await side.query<{ n: string }>(
        `select count(*) as n from pg_locks
          where locktype = 'advisory' and classid = $1 and objid::text = $2 and objsubid = 2 and not granted`,
        [space, String(key >>> 0)],
      )
      return Number(rows[0]!.n)
    }
    await side.query('select pg_advisory_lock($1, $2)', [space, key])
    try {
      // Twice as many writers at once as the pool has connections.
      const writes = [
        start(),
        start(),
        world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Svar' }),
        world.api(world.admin, 'PATCH', `/api/comments/${commentId}`, { body: 'Endret' }),
        world.api(world.admin, 'DELETE', `/api/comments/${commentId}`),
      ]
      const overSocket = socket.comment({
        op: 'thread.create',
        anchor,
        visibility: 'shared',
        body: 'Via socket',
      })
      await waitFor(async () => (await waiting()) === POOL_SIZE, {
        message: 'the pool never filled with waiters',
      })
      // Every connection waits for the lock: a read is answered once a waiter's time is up (without
      // the timeout, never).
      const listed = await expectJson<{ threads: Thread[] }>(
        await world.api(world.admin, 'GET', `/api/documents/${documentId}/threads`),
        200,
      )
      expect(listed.threads).toHaveLength(1)
      for (const refused of await Promise.all(writes)) {
        expect(refused.headers.get('retry-after')).toBe('1')
        await expectError(refused, 503, ErrorId.Busy)
      }
      const answer = await overSocket
      expect(answer.status).toBe(503)
      expect((answer.body as { error: { id: string } }).error.id).toBe(ErrorId.Busy)
      expect(await waiting()).toBe(0)

      // Another document's discussion is not held by this one's lock.
      const otherId = await world.document('Annet')
      const otherAnchor = await anchoredText(
        s.server.collabUrl,
        world.admin,
        otherId,
        'Et annet dokument.',
        2,
      )
      const other = await world.api(world.admin, 'POST', `/api/documents/${otherId}/threads`, {
        anchor: otherAnchor,
        visibility: 'shared',
        body: 'Her går det',
      })
      expect(other.status).toBe(201)
    } finally {
      await side.query('select pg_advisory_unlock($1, $2)', [space, key])
    }

    // Nothing of the refused writes was stored; once the lock is free, writes are taken again.
    const rows = await s.db.query<{ n: number | string }>(
      'select count(*) as n from comments c join threads t on t.id = c.thread_id where t.document_id = ?',
      [documentId],
    )
    expect(Number(rows[0]!.n)).toBe(1)
    const stored = await expectJson<{ thread: Thread }>(
      await world.api(world.admin, 'GET', `/api/threads/${thread.id}`),
      200,
    )
    expect(stored.thread.comments).toMatchObject([{ body: 'Hvorfor?', deleted: false, editedAt: null }])
    expect((await start()).status).toBe(201)
    expect(
      (await world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Svar' })).status,
    ).toBe(201)
  })
})
