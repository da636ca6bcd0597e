/**
 * Comment writes over the collaboration connection (`CommentRequest` → `CommentAnswer`), on SQLite
 * and PostgreSQL, held to what the API's two routes promise: the same answers, author and party
 * from the connection's session whatever the request says, 404 for another party's internal
 * thread (every role, before any 403), nothing on another document, the same per-user bucket,
 * and the same live events to exactly the connections that may see them. A party change moves
 * what the open connection may write on at once.
 */
import { type Actor, backends, type World, waitFor } from '@trepart/server/test-support'
import { CloseCode, ErrorId, encodeCommentRequest, type Thread, type ThreadComment } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { anchoredText } from './support/anchors.js'
import { createClient, type TestClient } from './support/clients.js'
import { useServerWithWorld } from './support/world-fixture.js'

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(
    `comment requests over the collaboration socket (${backend.name})`,
    () => {
      const fx = useServerWithWorld(() => backend.start())
      let world: World
      let documentId: string
      let otherDocumentId: string
      let anchor: { start: string; end: string }
      const clients: TestClient[] = []

      beforeAll(async () => {
        world = fx.world
        documentId = await world.document('Budsjett')
        otherDocumentId = await world.document('Turnus')
        anchor = await anchoredText(
          fx.server.collabUrl,
          world.admin,
          documentId,
          'Budsjettet for neste år.',
          10,
        )
      })
      afterAll(() => {
        for (const c of clients) c.destroy()
      })

      /** A connected Trepart client of `actor` on `id` that has had its welcome. */
      const connect = async (actor: Actor, id = documentId) => {
        const client = createClient(fx.server.collabUrl, id, { actor, trepart: true })
        clients.push(client)
        await waitFor(() => client.events.some((e) => e.type === 'welcome'))
        return client
      }
      const errorId = (answer: { body: unknown }) => (answer.body as { error?: { id?: string } }).error?.id
      const startThread = async (client: TestClient, visibility: 'shared' | 'party', body: string) => {
        const answer = await client.comment({ op: 'thread.create', anchor, visibility, body })
        expect(answer.status, JSON.stringify(answer.body)).toBe(201)
        return (answer.body as { thread: Thread }).thread
      }

      it('[C7] starts a thread and replies as the routes do: same answer, the quote from committed text, live to the others', async () => {
        const politician = await world.member('commenter', 'politicians', { name: 'Pia Politiker' })
        const employee = await world.member('editor', 'employees')
        const writer = await connect(politician)
        const listener = await connect(employee)

        const thread = await startThread(writer, 'shared', 'Hvorfor <script>alert(1)</script> nå?')
        expect(thread).toMatchObject({
          documentId,
          quote: 'Budsjettet',
          visibility: 'shared',
          party: 'politicians',
          status: 'open',
          orphaned: false,
          createdBy: { id: politician.userId, name: 'Pia Politiker', party: 'politicians' },
        })
        expect(thread.comments).toHaveLength(1)
        // Stored exactly, as the route stores it.
        expect(thread.comments[0]!.body).toBe('Hvorfor <script>alert(1)</script> nå?')
        const got = await world.api(politician, 'GET', `/api/threads/${thread.id}`)
        expect(((await got.json()) as { thread: Thread }).thread).toEqual(thread)
        const { orphaned: _, ...state } = thread
        await waitFor(() =>
          listener.events.some(
            (e) => e.type === 'thread.created' && JSON.stringify(e.thread) === JSON.stringify(state),
          ),
        )

        const replied = await listener.comment({
          op: 'comment.add',
          threadId: thread.id,
          body: 'Fordi det haster.',
        })
        expect(replied.status).toBe(201)
        const comment = (replied.body as { comment: ThreadComment }).comment
        expect(comment).toMatchObject({
          threadId: thread.id,
          body: 'Fordi det haster.',
          author: { id: employee.userId, party: 'employees' },
          deleted: false,
        })
        await waitFor(() =>
          writer.events.some((e) => e.type === 'comment.added' && e.comment.id === comment.id),
        )
      })

      it('[C7] takes author and party from the connection: a request that names them is refused and stores nothing', async () => {
        const politician = await world.member('commenter', 'politicians')
        const client = await connect(politician)
        const thread = await startThread(client, 'shared', 'Første')
        for (const extra of [
          { party: 'employees' },
          { author: { id: world.admin.userId } },
          { authorId: world.admin.userId },
        ]) {
          const answer = await client.comment({
            op: 'comment.add',
            threadId: thread.id,
            body: 'Forfalsket',
            ...extra,
          })
          expect(answer.status).toBe(400)
          expect(errorId(answer)).toBe(ErrorId.Invalid)
        }
        const stored = (await (await world.api(politician, 'GET', `/api/threads/${thread.id}`)).json()) as {
          thread: Thread
        }
        expect(stored.thread.comments.map((c) => c.body)).toEqual(['Første'])
      })

      it('answers bad requests with the routes’ statuses and keeps the connection', async () => {
        const client = await connect(await world.member('commenter', 'administration'))
        const cases: Array<[unknown, number, string]> = [
          [{ op: 'thread.delete', threadId: 'x' }, 400, ErrorId.Invalid],
          [{ op: 'comment.add', threadId: 'x' }, 400, ErrorId.Invalid],
          [{ op: 'comment.add', threadId: 'x', body: '' }, 400, ErrorId.Invalid],
          [
            { op: 'thread.create', anchor: { start: 'AAAA', end: 'AAAA' }, visibility: 'shared', body: 'x' },
            400,
            ErrorId.Invalid,
          ],
          [{ op: 'comment.add', threadId: 'no-such-thread', body: 'Hei' }, 404, ErrorId.NotFound],
          // Over MAX_BODY_BYTES as the route refuses a body: 413 before anything is parsed.
          [{ op: 'comment.add', threadId: 'x', body: 'ø'.repeat(40_000) }, 413, ErrorId.TooLarge],
        ]
        for (const [request, status, id] of cases) {
          const answer = await client.comment(request as Record<string, unknown>)
          expect([answer.status, errorId(answer)], JSON.stringify(request).slice(0, 80)).toEqual([status, id])
        }
        for (const text of ['{"op":"comment.add","threadId":', 'op=comment.add', '']) {
          const answer = await client.commentText(text)
          expect([answer.status, errorId(answer)], text).toEqual([400, ErrorId.Invalid])
        }
        expect(client.provider.wsconnected).toBe(true)
      })

      it('[C7] hides another party’s internal thread from every role of the others: 404, never 403, and no event', async () => {
        // Every outsider connected before the thread exists, so its events would have reached them.
        const outsiders: TestClient[] = []
        for (const party of ['politicians', 'administration'] as const)
          for (const role of ['viewer', 'commenter', 'editor', 'admin'] as const)
            outsiders.push(await connect(await world.member(role, party)))
        outsiders.push(await connect(world.admin)) // the workspace's own admin (administration)
        const insider = await connect(await world.member('commenter', 'employees'))
        const internal = await startThread(insider, 'party', 'Bare for oss')
        for (const outsider of outsiders) {
          const answer = await outsider.comment({ op: 'comment.add', threadId: internal.id, body: 'Hei' })
          expect([answer.status, errorId(answer)]).toEqual([404, ErrorId.NotFound])
        }
        const reply = await insider.comment({ op: 'comment.add', threadId: internal.id, body: 'Ja' })
        expect(reply.status).toBe(201)
        // A shared thread after both: once every outsider has its event, anything about the
        // internal one would have come before it (one topic, delivered in order).
        const after = await startThread(insider, 'shared', 'Til alle etterpå')
        await waitFor(() =>
          outsiders.every((o) =>
            o.events.some((e) => e.type === 'thread.created' && e.thread.id === after.id),
          ),
        )
        for (const outsider of outsiders) expect(JSON.stringify(outsider.events)).not.toContain(internal.id)
      })

      it('refuses viewers (403 on what they may see) and writes nothing on another document (404)', async () => {
        const viewer = await connect(await world.member('viewer', 'politicians'))
        const starter = await connect(await world.member('commenter', 'politicians'))
        const shared = await startThread(starter, 'shared', 'Til alle')
        const create = await viewer.comment({ op: 'thread.create', anchor, visibility: 'shared', body: 'x' })
        expect([create.status, errorId(create)]).toEqual([403, ErrorId.Forbidden])
        const reply = await viewer.comment({ op: 'comment.add', threadId: shared.id, body: 'x' })
        expect([reply.status, errorId(reply)]).toEqual([403, ErrorId.Forbidden])

        // A connection on another document of the same workspace cannot reach this document's thread.
        const elsewhere = await connect(await world.member('editor', 'politicians'), otherDocumentId)
        const across = await elsewhere.comment({ op: 'comment.add', threadId: shared.id, body: 'x' })
        expect([across.status, errorId(across)]).toEqual([404, ErrorId.NotFound])
        // Nor start one with an anchor into this document's text: it does not resolve there.
        const anchored = await elsewhere.comment({
          op: 'thread.create',
          anchor,
          visibility: 'shared',
          body: 'x',
        })
        expect(anchored.status).toBe(400)
        const listed = (await (
          await world.api(world.admin, 'GET', `/api/documents/${otherDocumentId}/threads`)
        ).json()) as {
          threads: Thread[]
        }
        expect(listed.threads).toEqual([])
      })

      it('follows a party change at once: the old party’s internal threads are gone, the new party’s open', async () => {
        const moving = await world.member('commenter', 'politicians')
        const client = await connect(moving)
        const politicians = await startThread(client, 'party', 'Politikernes')
        const employees = await startThread(
          await connect(await world.member('commenter', 'employees')),
          'party',
          'Ansattes',
        )
        expect((await client.comment({ op: 'comment.add', threadId: employees.id, body: 'x' })).status).toBe(
          404,
        )
        const moved = await world.api(
          world.admin,
          'PATCH',
          `/api/workspaces/${world.workspaceId}/members/${moving.userId}`,
          {
            party: 'employees',
          },
        )
        expect(moved.status).toBe(200)
        await waitFor(() => client.events.some((e) => e.type === 'threads.reset' && e.party === 'employees'))
        const gone = await client.comment({ op: 'comment.add', threadId: politicians.id, body: 'x' })
        expect(gone.status).toBe(404)
        const joined = await client.comment({
          op: 'comment.add',
          threadId: employees.id,
          body: 'Nå er jeg med',
        })
        expect(joined.status).toBe(201)
        expect((joined.body as { comment: ThreadComment }).comment.author.party).toBe('employees')
      })

      it('writes nothing for a session that is gone though its socket is open (its revocation never arrived), and closes that socket', async () => {
        const member = await world.member('commenter', 'politicians')
        const client = await connect(member)
        const second = await connect(member)
        const thread = await startThread(client, 'shared', 'Før')
        const closeOf = (c: TestClient) =>
          new Promise<number | undefined>((resolve) =>
            c.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code)),
          )
        const closed = [closeOf(client), closeOf(second)]
        // Removed behind the server's back: no revocation event closes the sockets.
        const sessionId = (
          await fx.server.db
            .selectFrom('sessions')
            .select('id')
            .where('user_id', '=', member.userId)
            .executeTakeFirstOrThrow()
        ).id
        await fx.server.db.deleteFrom('sessions').where('id', '=', sessionId).execute()
        const answer = await client.comment({ op: 'comment.add', threadId: thread.id, body: 'Etter' })
        expect([answer.status, errorId(answer)]).toEqual([401, ErrorId.Unauthenticated])
        const started = await second.comment({
          op: 'thread.create',
          anchor,
          visibility: 'shared',
          body: 'Ny',
        })
        expect([started.status, errorId(started)]).toEqual([401, ErrorId.Unauthenticated])
        expect(await Promise.all(closed)).toEqual([CloseCode.Unauthorized, CloseCode.Unauthorized])
        const stored = (await (await world.api(world.admin, 'GET', `/api/threads/${thread.id}`)).json()) as {
          thread: Thread
        }
        expect(stored.thread.comments.map((c) => c.body)).toEqual(['Før'])
        const listed = (await (
          await world.api(world.admin, 'GET', `/api/documents/${documentId}/threads`)
        ).json()) as {
          threads: Thread[]
        }
        expect(listed.threads.flatMap((t) => t.comments.map((c) => c.body))).not.toContain('Ny')
        client.destroy()
        second.destroy()
      })

      it('closes a connection that sends a comment request before Hello', async () => {
        const socket = new WebSocket(`${fx.server.collabUrl}/${documentId}`, {
          headers: { ...world.admin.headers, origin: new URL(fx.server.url).origin },
        })
        await new Promise((resolve, reject) => {
          socket.once('open', resolve)
          socket.once('error', reject)
        })
        const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)))
        socket.send(encodeCommentRequest(1, { op: 'comment.add', threadId: 'x', body: 'x' }))
        expect(await closed).toBe(CloseCode.ProtocolError)
      })
    },
  )

  describe.skipIf(!backend.available)(`comment requests and the per-user bucket (${backend.name})`, () => {
    const fx = useServerWithWorld(() =>
      backend.start({ COMMENT_WRITES_PER_MINUTE: '6', COMMENT_WRITES_BURST: '3' }),
    )

    it('[C7] shares the bucket with the API: past it, 429 comment.rate_limited; another user goes on', async () => {
      const world = fx.world
      const documentId = await world.document('Tempo')
      const anchor = await anchoredText(fx.server.collabUrl, world.admin, documentId, 'Ett, to, tre.', 3)
      const member = await world.member('commenter', 'administration')
      const client = createClient(fx.server.collabUrl, documentId, { actor: member, trepart: true })
      const other = createClient(fx.server.collabUrl, documentId, {
        actor: await world.member('commenter', 'employees'),
        trepart: true,
      })
      try {
        await waitFor(() => [client, other].every((c) => c.events.some((e) => e.type === 'welcome')))
        // Three writes in all (COMMENT_WRITES_BURST): one over the socket, two over HTTP.
        const started = await client.comment({
          op: 'thread.create',
          anchor,
          visibility: 'shared',
          body: 'Teller',
        })
        expect(started.status).toBe(201)
        const threadId = (started.body as { thread: Thread }).thread.id
        expect((await world.api(member, 'POST', `/api/threads/${threadId}/resolve`)).status).toBe(200)
        expect((await world.api(member, 'POST', `/api/threads/${threadId}/reopen`)).status).toBe(200)
        const refused = await client.comment({ op: 'comment.add', threadId, body: 'En til' })
        expect([refused.status, (refused.body as { error: { id: string } }).error.id]).toEqual([
          429,
          ErrorId.CommentRateLimited,
        ])
        expect((await other.comment({ op: 'comment.add', threadId, body: 'Min tur' })).status).toBe(201)
      } finally {
        client.destroy()
        other.destroy()
      }
    })
  })
}
