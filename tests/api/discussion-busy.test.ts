/**
 * A document's discussion whose lock a stalled writer holds, on a real PostgreSQL (SPEC C9): every
 * write to it, over the API and over the collaboration socket, answers 503
 * `request.write_timed_out` with Retry-After once DISCUSSION_LOCK_TIMEOUT_MS has passed, and
 * writes and announces nothing. Its writers, more of them than the pool has connections, hold one
 * connection between them meanwhile: reads and another document's writes go on. Once the lock is
 * let go of, writes are taken again. PostgreSQL only: SQLite has no discussion lock, its writes
 * run one at a time inside the process.
 */
import { backends, createWorld, holdDiscussionLock, type World, waitFor } from '@trepart/server/test-support'
import { ErrorId, type Thread } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchoredText } from '../support/anchors.js'
import { createClient, type TestClient } from '../support/clients.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const postgres = (await backends()).find((b) => b.name === 'postgres')!
/** Fewer connections than the writers the test sends at once. */
const POOL_SIZE = 3
/** Long enough that the reads below are answered well before any write times out. */
const TIMEOUT_MS = 2_000

describe.skipIf(!postgres.available)('a stalled discussion (postgres)', () => {
  let s: ServerWithDb
  let world: World
  const clients: TestClient[] = []

  beforeAll(async () => {
    s = await startWithDb(postgres, {
      DISCUSSION_LOCK_TIMEOUT_MS: String(TIMEOUT_MS),
      DATABASE_POOL_SIZE: String(POOL_SIZE),
    })
    world = await createWorld(s.server.url)
  })
  afterAll(async () => {
    for (const client of clients) client.destroy()
    await s?.stop()
  })

  it('[C9] answers 503 request.write_timed_out with Retry-After, writes nothing, and holds one connection meanwhile', async () => {
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
    const eventsBefore = socket.events.length

    const held = await holdDiscussionLock(documentId)
    try {
      // Five writers over the API and one over the socket: twice the pool's connections.
      let settled = 0
      const settle = <T>(answer: Promise<T>) => answer.finally(() => settled++)
      const writes = [
        start(),
        start(),
        world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Svar' }),
        world.api(world.admin, 'PATCH', `/api/comments/${commentId}`, { body: 'Endret' }),
        world.api(world.admin, 'DELETE', `/api/comments/${commentId}`),
      ].map(settle)
      const overSocket = settle(
        socket.comment({ op: 'thread.create', anchor, visibility: 'shared', body: 'Via socket' }),
      )
      await waitFor(async () => (await held.waiters()) === 1, { message: 'no write reached the lock' })

      // One of them waits in the database; the rest wait for their turn holding no connection,
      // so a read and another document's write are answered before any of them times out.
      const listed = await expectJson<{ threads: Thread[] }>(
        await world.api(world.admin, 'GET', `/api/documents/${documentId}/threads`),
        200,
      )
      expect(listed.threads).toHaveLength(1)
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
      expect(await held.waiters()).toBe(1)
      expect(settled).toBe(0)

      for (const refused of await Promise.all(writes)) {
        expect(refused.headers.get('retry-after')).toBe(String(TIMEOUT_MS / 1000))
        await expectError(refused, 503, ErrorId.WriteTimedOut)
      }
      const answer = await overSocket
      expect(answer.status).toBe(503)
      expect((answer.body as { error: { id: string } }).error.id).toBe(ErrorId.WriteTimedOut)
    } finally {
      await held.release()
    }

    // Nothing of the refused writes was stored or announced; once the lock is free, writes are
    // taken again.
    const discussion = (type: string) => type.startsWith('thread') || type.startsWith('comment.')
    expect(socket.events.slice(eventsBefore).filter((e) => discussion(e.type))).toEqual([])
    const stored = await expectJson<{ thread: Thread }>(
      await world.api(world.admin, 'GET', `/api/threads/${thread.id}`),
      200,
    )
    expect(stored.thread.comments).toMatchObject([{ body: 'Hvorfor?', deleted: false, editedAt: null }])
    const rows = await s.db.query<{ n: number | string }>(
      'select count(*) as n from threads where document_id = ?',
      [documentId],
    )
    expect(Number(rows[0]!.n)).toBe(1)
    expect((await start()).status).toBe(201)
    expect(
      (await world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Svar' })).status,
    ).toBe(201)
  })
})
