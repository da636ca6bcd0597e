/**
 * Comment threads over the real API, against SQLite and PostgreSQL: anchors made by a real
 * y-websocket client on committed content and resolved by the server (quote, orphaned); start,
 * list, reply, edit, delete, resolve and reopen with the roles the issue gives; author and party
 * from the session whatever the body says; hostile bodies stored exactly or refused; and the
 * leakage suite: an employees-only thread is absent or 404 for every politician and every member
 * of the administration, admins included, on every route — the same 404 as a thread that does not exist.
 * Also the caps (MAX_THREADS_PER_DOCUMENT, MAX_COMMENTS_PER_THREAD, and the whole discussion's
 * MAX_COMMENTS_PER_DOCUMENT and MAX_COMMENT_CHARS_PER_DOCUMENT, set low here), held under a
 * concurrent burst; anchors stored canonically; and authors who changed party or role.
 */
import { type Actor, backends, createWorld, type World, waitFor } from '@trepart/server/test-support'
import { CONTENT_FRAGMENT, TEXT_LIMITS, type Thread, type ThreadComment } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { anchoredText, encodeAnchorPosition } from '../support/anchors.js'
import { createClient, type TestClient } from '../support/clients.js'
import { rawRequest } from '../support/raw-http.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const ROLES = ['viewer', 'commenter', 'editor', 'admin'] as const
/** Low caps, so the tests reach them; every other test stays well below. */
const MAX_THREADS = 25
const MAX_COMMENTS = 8
/** A document's whole discussion: above what any other test writes on one document. */
const MAX_DOCUMENT_COMMENTS = 40
const MAX_DOCUMENT_CHARS = 3 * TEXT_LIMITS.commentBodyMax

/** A document whose content a connected client wrote and the server committed; anchors into it. */
interface Written {
  documentId: string
  client: TestClient
  texts: Y.XmlText[]
  /** Anchor over `from`..`to` of paragraph `p`, encoded as `@tiptap/y-tiptap` encodes (left-associated). */
  anchor(p: number, from: number, to: number): { start: string; end: string }
}

const encode = encodeAnchorPosition

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`comment threads (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    const clients: TestClient[] = []

    beforeAll(async () => {
      // Rooms unload soon after their last client leaves (the test of reads from the store waits for it).
      s = await startWithDb(backend, {
        ROOM_UNLOAD_DELAY_MS: '200',
        MAX_THREADS_PER_DOCUMENT: String(MAX_THREADS),
        MAX_COMMENTS_PER_THREAD: String(MAX_COMMENTS),
        MAX_COMMENTS_PER_DOCUMENT: String(MAX_DOCUMENT_COMMENTS),
        MAX_COMMENT_CHARS_PER_DOCUMENT: String(MAX_DOCUMENT_CHARS),
      })
      world = await createWorld(s.server.url)
    })
    afterAll(async () => {
      for (const client of clients) client.destroy()
      await s?.stop()
    })

    async function written(paragraphs: string[], as: Actor = world.admin): Promise<Written> {
      const documentId = await world.document('Høringsutkast', 'proposal', as)
      const client = createClient(s.server.collabUrl, documentId, { actor: as, trepart: true })
      clients.push(client)
      await waitFor(() => client.provider.synced)
      const fragment = client.doc.getXmlFragment(CONTENT_FRAGMENT)
      const texts = paragraphs.map((p) => new Y.XmlText(p))
      client.doc.transact(() => {
        fragment.insert(
          0,
          texts.map((t) => {
            const paragraph = new Y.XmlElement('paragraph')
            paragraph.insert(0, [t])
            return paragraph
          }),
        )
      })
      await client.flush()
      return {
        documentId,
        client,
        texts,
        anchor: (p, from, to) => ({ start: encode(texts[p]!, from), end: encode(texts[p]!, to) }),
      }
    }

    async function startThread(
      as: Actor,
      doc: Written,
      body: { visibility?: 'shared' | 'party'; body?: string; anchor?: { start: string; end: string } } = {},
    ): Promise<Thread> {
      const res = await world.api(as, 'POST', `/api/documents/${doc.documentId}/threads`, {
        anchor: body.anchor ?? doc.anchor(0, 0, 5),
        visibility: body.visibility ?? 'shared',
        body: body.body ?? 'Hva betyr dette?',
      })
      return (await expectJson<{ thread: Thread }>(res, 201)).thread
    }
    const listAs = async (as: Actor, documentId: string, query = '') =>
      (
        await expectJson<{ threads: Thread[] }>(
          await world.api(as, 'GET', `/api/documents/${documentId}/threads${query}`),
          200,
        )
      ).threads
    const getAs = async (as: Actor, threadId: string) =>
      (await expectJson<{ thread: Thread }>(await world.api(as, 'GET', `/api/threads/${threadId}`), 200))
        .thread

    it('starts a thread on committed text: the quote from the server, author and party from the session', async () => {
      const editor = await world.member('editor', 'politicians', { name: 'Pia Politiker' })
      const doc = await written(['Vi vil bygge en ny barneskole.', 'Tomten ligger på Øvre Årvoll.'])
      const thread = await startThread(editor, doc, {
        anchor: { start: encode(doc.texts[0]!, 16), end: encode(doc.texts[1]!, 6) },
        body: 'Er tomten regulert?',
      })
      expect(thread).toMatchObject({
        documentId: doc.documentId,
        quote: 'ny barneskole.\nTomten',
        orphaned: false,
        visibility: 'shared',
        party: 'politicians',
        status: 'open',
        resolvedBy: null,
        resolvedAt: null,
        createdBy: { id: editor.userId, name: 'Pia Politiker', party: 'politicians' },
      })
      expect(thread.anchor).toEqual({ start: encode(doc.texts[0]!, 16), end: encode(doc.texts[1]!, 6) })
      expect(thread.comments).toEqual([
        {
          id: expect.any(String),
          threadId: thread.id,
          author: { id: editor.userId, name: 'Pia Politiker', party: 'politicians' },
          body: 'Er tomten regulert?',
          createdAt: expect.any(String),
          editedAt: null,
          deleted: false,
        },
      ])
      // Every member of every party reads a shared thread, viewers included.
      const viewer = await world.member('viewer', 'employees')
      expect((await listAs(viewer, doc.documentId)).map((t) => t.id)).toEqual([thread.id])
      expect(await getAs(viewer, thread.id)).toEqual(thread)
      // Commenting never writes to the document: a commenter (read-only on content) may comment.
      const commenter = await world.member('commenter', 'administration')
      expect((await startThread(commenter, doc)).party).toBe('administration')
    })

    it('takes identity from the session only: fields naming an author or a party are refused', async () => {
      const doc = await written(['Budsjettet for 2026.'])
      const editor = await world.member('editor', 'employees')
      for (const extra of [
        { party: 'politicians' },
        { author: { id: world.admin.userId, party: 'politicians' } },
        { authorId: world.admin.userId },
        { createdBy: world.admin.userId },
      ]) {
        const res = await world.api(editor, 'POST', `/api/documents/${doc.documentId}/threads`, {
          anchor: doc.anchor(0, 0, 9),
          visibility: 'shared',
          body: 'x',
          ...extra,
        })
        await expectError(res, 400, 'request.invalid')
      }
      const thread = await startThread(editor, doc)
      const res = await world.api(editor, 'POST', `/api/threads/${thread.id}/comments`, {
        body: 'svar',
        author: { id: world.admin.userId },
      })
      await expectError(res, 400, 'request.invalid')
      expect(await listAs(editor, doc.documentId)).toHaveLength(1)
      expect((await getAs(editor, thread.id)).comments.map((c) => c.author)).toEqual([
        { id: editor.userId, name: 'editor employees', party: 'employees' },
      ])
    })

    it('replies from any party in order, each with its party; viewers write nothing', async () => {
      const doc = await written(['Turnusen endres fra mars.'])
      const starter = await world.member('editor', 'employees')
      const thread = await startThread(starter, doc)
      const politician = await world.member('commenter', 'politicians')
      const bodies: string[] = []
      for (const [i, who] of [politician, world.admin, starter, politician].entries()) {
        const body = `svar ${i}`
        bodies.push(body)
        const { comment } = await expectJson<{ comment: ThreadComment }>(
          await world.api(who, 'POST', `/api/threads/${thread.id}/comments`, { body }),
          201,
        )
        expect(comment).toMatchObject({
          threadId: thread.id,
          body,
          author: { id: who.userId },
          deleted: false,
        })
      }
      const comments = (await getAs(starter, thread.id)).comments
      expect(comments.map((c) => c.body)).toEqual(['Hva betyr dette?', ...bodies])
      expect(comments.map((c) => c.author.party)).toEqual([
        'employees',
        'politicians',
        'administration',
        'employees',
        'politicians',
      ])
      const viewer = await world.member('viewer', 'politicians')
      await expectError(
        await world.api(viewer, 'POST', `/api/threads/${thread.id}/comments`, { body: 'nei' }),
        403,
        'access.forbidden',
      )
      await expectError(
        await world.api(viewer, 'POST', `/api/documents/${doc.documentId}/threads`, {
          anchor: doc.anchor(0, 0, 4),
          visibility: 'shared',
          body: 'nei',
        }),
        403,
        'access.forbidden',
      )
      await expectError(
        await world.api(viewer, 'POST', `/api/threads/${thread.id}/resolve`),
        403,
        'access.forbidden',
      )
    })

    it('lets authors edit and delete their own comments and admins delete any', async () => {
      const doc = await written(['Møtet flyttes.'])
      const author = await world.member('commenter', 'employees')
      const other = await world.member('editor', 'employees')
      const thread = await startThread(author, doc)
      const [first] = thread.comments
      const edited = await expectJson<{ comment: ThreadComment }>(
        await world.api(author, 'PATCH', `/api/comments/${first!.id}`, {
          body: 'Hva betyr dette, egentlig?',
        }),
        200,
      )
      expect(edited.comment).toMatchObject({
        body: 'Hva betyr dette, egentlig?',
        editedAt: expect.any(String),
      })
      // Not the author: an editor of the same party and the workspace admin may not edit it.
      for (const who of [other, world.admin]) {
        await expectError(
          await world.api(who, 'PATCH', `/api/comments/${first!.id}`, { body: 'endret' }),
          403,
          'access.forbidden',
        )
      }
      await expectError(
        await world.api(other, 'DELETE', `/api/comments/${first!.id}`),
        403,
        'access.forbidden',
      )
      const { comment: reply } = await expectJson<{ comment: ThreadComment }>(
        await world.api(other, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Et svar' }),
        201,
      )
      expect((await world.api(author, 'DELETE', `/api/comments/${first!.id}`)).status).toBe(204)
      expect((await world.api(world.admin, 'DELETE', `/api/comments/${reply.id}`)).status).toBe(204)
      const after = await getAs(author, thread.id)
      // The thread stays, showing "comment deleted" where each was; the text is gone for everyone.
      expect(after.comments.map((c) => [c.id, c.deleted, c.body])).toEqual([
        [first!.id, true, ''],
        [reply.id, true, ''],
      ])
      const rows = await s.db.query<{ body: string }>('select body from comments where thread_id = ?', [
        thread.id,
      ])
      expect(rows.map((r) => r.body)).toEqual(['', ''])
      // A deleted comment is gone for editing and deleting.
      await expectError(
        await world.api(author, 'PATCH', `/api/comments/${first!.id}`, { body: 'tilbake' }),
        404,
        'not_found',
      )
      await expectError(await world.api(author, 'DELETE', `/api/comments/${first!.id}`), 404, 'not_found')
    })

    it('resolves and reopens, and lists by status and by party', async () => {
      const doc = await written(['Arbeidstiden skal evalueres.'])
      const commenter = await world.member('commenter', 'politicians', { name: 'Rolf Rådgiver' })
      const a = await startThread(commenter, doc)
      const b = await startThread(world.admin, doc)
      const resolved = (
        await expectJson<{ thread: Thread }>(
          await world.api(commenter, 'POST', `/api/threads/${a.id}/resolve`),
          200,
        )
      ).thread
      expect(resolved).toMatchObject({
        status: 'resolved',
        resolvedBy: { id: commenter.userId, name: 'Rolf Rådgiver' },
        resolvedAt: expect.any(String),
      })
      // Resolving again changes nothing.
      const again = await expectJson<{ thread: Thread }>(
        await world.api(world.admin, 'POST', `/api/threads/${a.id}/resolve`),
        200,
      )
      expect(again.thread.resolvedBy).toEqual(resolved.resolvedBy)
      const ids = async (q: string) => (await listAs(commenter, doc.documentId, q)).map((t) => t.id)
      expect(await ids('')).toEqual([a.id, b.id])
      expect(await ids('?status=resolved')).toEqual([a.id])
      expect(await ids('?status=open')).toEqual([b.id])
      expect(await ids('?party=politicians')).toEqual([a.id])
      expect(await ids('?party=administration&status=open')).toEqual([b.id])
      await expectError(
        await world.api(commenter, 'GET', `/api/documents/${doc.documentId}/threads?status=gone`),
        400,
        'request.invalid',
      )
      const reopened = await expectJson<{ thread: Thread }>(
        await world.api(commenter, 'POST', `/api/threads/${a.id}/reopen`),
        200,
      )
      expect(reopened.thread).toMatchObject({ status: 'open', resolvedBy: null, resolvedAt: null })
      expect(await ids('?status=open')).toEqual([a.id, b.id])
    })

    it('answers resolve and reopen with the stored quote and no orphaned state (a write never rebuilds the doc)', async () => {
      const doc = await written(['Vedtaket gjelder fra januar.'])
      const thread = await startThread(world.admin, doc, { anchor: doc.anchor(0, 0, 8) })
      doc.texts[0]!.delete(0, doc.texts[0]!.length)
      await doc.client.flush()
      for (const action of ['resolve', 'reopen'] as const) {
        const { thread: answered } = await expectJson<{ thread: Record<string, unknown> }>(
          await world.api(world.admin, 'POST', `/api/threads/${thread.id}/${action}`),
          200,
        )
        expect(answered).not.toHaveProperty('orphaned')
        expect(answered).toMatchObject({ id: thread.id, quote: 'Vedtaket', comments: thread.comments })
      }
      // The reads still say where it stands.
      expect(await getAs(world.admin, thread.id)).toMatchObject({ orphaned: true, quote: 'Vedtaket' })
    })

    describe('caps', () => {
      const startRaw = (doc: Written, body: string) =>
        world.api(world.admin, 'POST', `/api/documents/${doc.documentId}/threads`, {
          anchor: doc.anchor(0, 0, 5),
          visibility: 'shared',
          body,
        })

      it('starts no thread past MAX_THREADS_PER_DOCUMENT, even in a concurrent burst (409 thread.too_many_in_document)', async () => {
        const doc = await written(['Mange tråder her.'])
        for (let i = 0; i < MAX_THREADS - 5; i++) await startThread(world.admin, doc, { body: `tråd ${i}` })
        const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => startRaw(doc, `samtidig ${i}`)))
        const statuses = burst.map((r) => r.status).sort()
        expect(statuses.filter((st) => st === 201)).toHaveLength(5)
        expect(statuses.filter((st) => st === 409)).toHaveLength(15)
        for (const res of burst.filter((r) => r.status === 409)) {
          await expectError(res, 409, 'thread.too_many_in_document')
        }
        const rows = await s.db.query<{ n: number }>(
          'select count(*) as n from threads where document_id = ?',
          [doc.documentId],
        )
        expect(Number(rows[0]!.n)).toBe(MAX_THREADS)
        await expectError(await startRaw(doc, 'en til'), 409, 'thread.too_many_in_document')
        // Every thread listed with its own opening comment (comments loaded by one join, grouped).
        const listed = await listAs(world.admin, doc.documentId)
        expect(listed).toHaveLength(MAX_THREADS)
        for (const t of listed) {
          expect(t.comments).toHaveLength(1)
          expect(t.comments[0]!.threadId).toBe(t.id)
        }
        expect(new Set(listed.map((t) => t.comments[0]!.body)).size).toBe(MAX_THREADS)
      })

      it('adds no reply past MAX_COMMENTS_PER_THREAD, deleted ones counted (409 comment.too_many_in_thread)', async () => {
        const doc = await written(['Lang diskusjon.'])
        const thread = await startThread(world.admin, doc)
        const reply = (body: string) =>
          world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body })
        const burst = await Promise.all(Array.from({ length: 20 }, (_, i) => reply(`svar ${i}`)))
        expect(burst.filter((r) => r.status === 201)).toHaveLength(MAX_COMMENTS - 1)
        for (const res of burst.filter((r) => r.status !== 201)) {
          await expectError(res, 409, 'comment.too_many_in_thread')
        }
        const comments = (await getAs(world.admin, thread.id)).comments
        expect(comments).toHaveLength(MAX_COMMENTS)
        // A deleted comment keeps its row, so deleting does not make room.
        expect((await world.api(world.admin, 'DELETE', `/api/comments/${comments[1]!.id}`)).status).toBe(204)
        await expectError(await reply('en til'), 409, 'comment.too_many_in_thread')
        // Another thread on the same document is not full.
        const other = await startThread(world.admin, doc)
        expect(
          (await world.api(world.admin, 'POST', `/api/threads/${other.id}/comments`, { body: 'ja' })).status,
        ).toBe(201)
      })
    })

    describe('the whole discussion of a document', () => {
      it('takes no comment past MAX_COMMENTS_PER_DOCUMENT, across threads and in a burst (409 comment.document_full)', async () => {
        const doc = await written(['Mye å si om dette.'])
        const threads: Thread[] = []
        // Threads of a few comments each, so neither the thread cap nor the per-thread cap is hit.
        while (threads.length * 4 < MAX_DOCUMENT_COMMENTS - 4) {
          const thread = await startThread(world.admin, doc, { body: `tråd ${threads.length}` })
          for (let i = 0; i < 3; i++)
            await expectJson(
              await world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, {
                body: `svar ${i}`,
              }),
              201,
            )
          threads.push(thread)
        }
        const left = MAX_DOCUMENT_COMMENTS - threads.length * 4
        const last = await startThread(world.admin, doc, { body: 'siste tråd' })
        const burst = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            world.api(world.admin, 'POST', `/api/threads/${last.id}/comments`, { body: `samtidig ${i}` }),
          ),
        )
        expect(burst.filter((r) => r.status === 201)).toHaveLength(left - 1)
        for (const res of burst.filter((r) => r.status !== 201))
          await expectError(res, 409, 'comment.document_full')
        await expectError(
          await world.api(world.admin, 'POST', `/api/documents/${doc.documentId}/threads`, {
            anchor: doc.anchor(0, 0, 3),
            visibility: 'shared',
            body: 'en til',
          }),
          409,
          'comment.document_full',
        )
        const listed = await listAs(world.admin, doc.documentId)
        expect(listed.reduce((n, t) => n + t.comments.length, 0)).toBe(MAX_DOCUMENT_COMMENTS)
      })

      it('takes no comment, and no edit that lengthens one, past MAX_COMMENT_CHARS_PER_DOCUMENT', async () => {
        const doc = await written(['Lange innlegg.'])
        const full = 'x'.repeat(TEXT_LIMITS.commentBodyMax)
        const thread = await startThread(world.admin, doc, { body: full })
        const reply = (body: string) =>
          world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body })
        await expectJson(await reply(full), 201)
        const short = (await expectJson<{ comment: ThreadComment }>(await reply('kort'), 201)).comment
        // 2 × max + 4 characters stored: a third full body does not fit, a shorter one does.
        await expectError(await reply(full), 409, 'comment.document_full')
        const fits = 'y'.repeat(MAX_DOCUMENT_CHARS - 2 * TEXT_LIMITS.commentBodyMax - 4)
        await expectJson(await reply(fits), 201)
        await expectError(await reply('z'), 409, 'comment.document_full')
        // Lengthening an edit does not fit; one that shortens does, and makes room.
        await expectError(
          await world.api(world.admin, 'PATCH', `/api/comments/${short.id}`, { body: 'kortere?' }),
          409,
          'comment.document_full',
        )
        await expectJson(
          await world.api(world.admin, 'PATCH', `/api/comments/${short.id}`, { body: 'k' }),
          200,
        )
        await expectJson(await reply('ja'), 201)
      })
    })

    describe('caps per party', () => {
      it('[C2] another party’s internal comments change nothing of what a party may write, nor use up its room', async () => {
        const doc = await written(['Hver part sin plass.'])
        const employee = await world.member('editor', 'employees')
        const full = 'x'.repeat(TEXT_LIMITS.commentBodyMax)
        // The administration (the admin's party) writes up to its exact limit of characters...
        const ours = await startThread(world.admin, doc, { body: full })
        const reply = (as: Actor, thread: Thread, body: string) =>
          world.api(as, 'POST', `/api/threads/${thread.id}/comments`, { body })
        await expectJson(await reply(world.admin, ours, full), 201)
        // ...while the employees write internally on the same document, as much as they like.
        const theirs = await startThread(employee, doc, { body: full, visibility: 'party' })
        await expectJson(await reply(employee, theirs, full), 201)
        const left = MAX_DOCUMENT_CHARS - 2 * TEXT_LIMITS.commentBodyMax
        await expectJson(await reply(world.admin, ours, 'y'.repeat(left)), 201)
        // The administration's refusal comes exactly at its own limit, as if the employees had written nothing...
        await expectError(await reply(world.admin, ours, 'z'), 409, 'comment.document_full')
        // ...and the employees still have their own room.
        await expectJson(await reply(employee, theirs, 'y'.repeat(left)), 201)
        await expectError(await reply(employee, theirs, 'z'), 409, 'comment.document_full')
      })
    })

    it('an edit racing a delete never brings the deleted text back', async () => {
      const doc = await written(['Rett eller slett.'])
      for (let i = 0; i < 10; i++) {
        // A thread each: a thread holds MAX_COMMENTS comments, deleted ones included.
        const thread = await startThread(world.admin, doc)
        const res = await world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, {
          body: `svar ${i}`,
        })
        const { comment } = await expectJson<{ comment: ThreadComment }>(res, 201)
        const [edit, remove] = await Promise.all([
          world.api(world.admin, 'PATCH', `/api/comments/${comment.id}`, { body: `hemmelig ${i}` }),
          world.api(world.admin, 'DELETE', `/api/comments/${comment.id}`),
        ])
        expect(remove.status).toBe(204)
        expect([200, 404]).toContain(edit.status)
        const rows = await s.db.query<{ body: string; deleted_at: unknown }>(
          'select body, deleted_at from comments where id = ?',
          [comment.id],
        )
        expect(rows[0]).toMatchObject({ body: '' })
        expect(rows[0]!.deleted_at).not.toBeNull()
      }
    })

    describe('authors who changed', () => {
      const move = (who: Actor, patch: { party?: string; role?: string }) =>
        world.api(world.admin, 'PATCH', `/api/workspaces/${world.workspaceId}/members/${who.userId}`, patch)

      it('refuses an author who changed party to edit a comment written for the old one (403 comment.party_changed)', async () => {
        const doc = await written(['Ny turnusordning.'])
        const author = await world.member('editor', 'employees')
        const thread = await startThread(author, doc)
        const commentId = thread.comments[0]!.id
        expect((await move(author, { party: 'politicians' })).status).toBe(200)
        await expectError(
          await world.api(author, 'PATCH', `/api/comments/${commentId}`, { body: 'nå som folkevalgt' }),
          403,
          'comment.party_changed',
        )
        const after = await getAs(author, thread.id)
        expect(after.comments[0]).toMatchObject({ body: 'Hva betyr dette?', editedAt: null })
        expect(after.comments[0]!.author.party).toBe('employees')
        // New words carry the new party.
        const { comment } = await expectJson<{ comment: ThreadComment }>(
          await world.api(author, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Som folkevalgt:' }),
          201,
        )
        expect(comment.author.party).toBe('politicians')
        // And what they write now they may edit.
        expect(
          (await world.api(author, 'PATCH', `/api/comments/${comment.id}`, { body: 'endret' })).status,
        ).toBe(200)
      })

      it('refuses an author demoted to viewer to edit their comment (403 access.forbidden)', async () => {
        const doc = await written(['Budsjettforslag.'])
        const author = await world.member('commenter', 'administration')
        const thread = await startThread(author, doc)
        expect((await move(author, { role: 'viewer' })).status).toBe(200)
        await expectError(
          await world.api(author, 'PATCH', `/api/comments/${thread.comments[0]!.id}`, { body: 'endret' }),
          403,
          'access.forbidden',
        )
        expect((await getAs(author, thread.id)).comments[0]!.editedAt).toBeNull()
      })
    })

    describe('leakage: an employees-only thread', () => {
      let doc: Written
      let thread: Thread
      let commentId: string
      const others: Array<[string, Actor]> = []
      let notFoundBody: unknown

      beforeAll(async () => {
        doc = await written(['Lønnskravet vårt er 4,5 prosent.', 'Vi står fast på det.'])
        const employee = await world.member('editor', 'employees')
        thread = await startThread(employee, doc, { visibility: 'party', body: 'Internt: vi gir oss ikke.' })
        commentId = thread.comments[0]!.id
        // A shared thread beside it, so "absent" is not just "the list is empty".
        await startThread(employee, doc, { visibility: 'shared', body: 'Til alle' })
        for (const party of ['politicians', 'administration'] as const) {
          for (const role of ROLES) others.push([`${role} of ${party}`, await world.member(role, party)])
        }
        others.push(['the workspace admin (administration)', world.admin])
        const missing = await world.api(world.admin, 'GET', '/api/threads/doesnotexist')
        expect(missing.status).toBe(404)
        notFoundBody = await missing.json()
      })

      it('is seen by every member of its party, viewers included, and by nobody else in the list', async () => {
        expect(thread).toMatchObject({ visibility: 'party', party: 'employees' })
        for (const role of ROLES) {
          const member = await world.member(role, 'employees')
          expect((await listAs(member, doc.documentId)).map((t) => t.id)).toContain(thread.id)
          expect((await getAs(member, thread.id)).comments[0]!.body).toBe('Internt: vi gir oss ikke.')
        }
        for (const [who, actor] of others) {
          for (const q of ['', '?party=employees', '?status=open', '?party=employees&status=open']) {
            const threads = await listAs(actor, doc.documentId, q)
            expect(
              threads.map((t) => t.id),
              `${who} ${q}`,
            ).not.toContain(thread.id)
            expect(JSON.stringify(threads), who).not.toContain('Internt')
          }
        }
      })

      it('answers 404, exactly like a thread that does not exist, on every route', async () => {
        for (const [who, actor] of others) {
          const attempts: Array<[string, string, unknown]> = [
            ['GET', `/api/threads/${thread.id}`, undefined],
            ['POST', `/api/threads/${thread.id}/comments`, { body: 'Hei' }],
            ['POST', `/api/threads/${thread.id}/resolve`, undefined],
            ['POST', `/api/threads/${thread.id}/reopen`, undefined],
            ['PATCH', `/api/comments/${commentId}`, { body: 'endret' }],
            ['DELETE', `/api/comments/${commentId}`, undefined],
          ]
          for (const [method, path, body] of attempts) {
            const res = await world.api(actor, method, path, body)
            expect(res.status, `${who}: ${method} ${path}`).toBe(404)
            expect(await res.json(), `${who}: ${method} ${path}`).toEqual(notFoundBody)
          }
        }
        // Nothing any of them sent took effect.
        const now = await getAs(await world.member('viewer', 'employees'), thread.id)
        expect(now.status).toBe('open')
        expect(now.comments.map((c) => [c.body, c.deleted])).toEqual([['Internt: vi gir oss ikke.', false]])
      })

      it('moves with a member whose party changes: the old party’s threads go, the new party’s come', async () => {
        const mover = await world.member('commenter', 'employees')
        expect((await getAs(mover, thread.id)).id).toBe(thread.id)
        const politicians = await startThread(others[1]![1], doc, {
          visibility: 'party',
          body: 'Folkevalgte internt',
        })
        expect((await world.api(mover, 'GET', `/api/threads/${politicians.id}`)).status).toBe(404)
        const moved = await world.api(
          world.admin,
          'PATCH',
          `/api/workspaces/${world.workspaceId}/members/${mover.userId}`,
          {
            party: 'politicians',
          },
        )
        expect(moved.status).toBe(200)
        expect((await world.api(mover, 'GET', `/api/threads/${thread.id}`)).status).toBe(404)
        const ids = (await listAs(mover, doc.documentId)).map((t) => t.id)
        expect(ids).not.toContain(thread.id)
        expect(ids).toContain(politicians.id)
      })
    })

    describe('anchors', () => {
      it('refuses anchors that do not resolve into the committed content', async () => {
        const doc = await written(['Første avsnitt.'])
        const other = await written(['Et annet dokument.'])
        const updates = async () =>
          Number(
            (
              await s.db.query<{ n: number }>(
                'select count(*) as n from document_updates where document_id = ?',
                [doc.documentId],
              )
            )[0]!.n,
          )
        const before = await updates()
        const elsewhere = new Y.Doc()
        const notCommitted = new Y.XmlText('lokalt')
        elsewhere.getXmlFragment(CONTENT_FRAGMENT).insert(0, [notCommitted])
        const cases: Array<[string, { start: string; end: string }]> = [
          ['not base64', { start: '!!!', end: doc.anchor(0, 0, 3).end }],
          [
            'not a position',
            { start: Buffer.from([255, 255, 255]).toString('base64'), end: doc.anchor(0, 0, 3).end },
          ],
          ['text the server never had', { start: encode(notCommitted, 0), end: encode(notCommitted, 3) }],
          ['another document’s text', other.anchor(0, 0, 5)],
          [
            'another root type',
            {
              start: Buffer.from(
                Y.encodeRelativePosition(
                  Y.createRelativePositionFromTypeIndex(elsewhere.getText('notes'), 0),
                ),
              ).toString('base64'),
              end: doc.anchor(0, 0, 3).end,
            },
          ],
          ['the end before the start', doc.anchor(0, 8, 2)],
          [
            'a position with bytes after it',
            {
              start: Buffer.concat([
                Buffer.from(doc.anchor(0, 0, 3).start, 'base64'),
                Buffer.from([0, 1, 2]),
              ]).toString('base64'),
              end: doc.anchor(0, 0, 3).end,
            },
          ],
          [
            'a position without its association (a prefix of one)',
            {
              start: doc.anchor(0, 0, 3).start,
              end: Buffer.from(doc.anchor(0, 0, 3).end, 'base64')
                .subarray(0, -1)
                .toString('base64'),
            },
          ],
          ['no text at all', doc.anchor(0, 4, 4)],
        ]
        for (const [label, anchor] of cases) {
          const res = await world.api(world.admin, 'POST', `/api/documents/${doc.documentId}/threads`, {
            anchor,
            visibility: 'shared',
            body: 'x',
          })
          await expectError(res, 400, 'request.invalid').catch((e: unknown) => {
            throw new Error(`${label}: ${String(e)}`)
          })
        }
        expect(await listAs(world.admin, doc.documentId)).toEqual([])
        // Nothing was written to the document's content by any of it.
        expect(await updates()).toBe(before)
      })

      it('stays attached through edits around it, and is orphaned with its quote once its text is deleted', async () => {
        const doc = await written(['Skolen legges ned i 2027.', 'Elevene flyttes.'])
        const thread = await startThread(world.admin, doc, { anchor: doc.anchor(0, 14, 21) })
        expect(thread.quote).toBe('ned i 2')
        const text = doc.texts[0]!
        // Insertions before and inside, and part of it deleted: still attached, same quote.
        text.insert(0, 'Vedtak: ')
        text.insert(8 + 17, 'juni ')
        text.delete(8 + 14, 4)
        await doc.client.flush()
        const partly = await getAs(world.admin, thread.id)
        expect(partly).toMatchObject({ orphaned: false, quote: 'ned i 2' })
        // All of it deleted (from the client, as an editor would): orphaned, the quote kept.
        const live = text.toString()
        text.delete(0, live.length)
        await doc.client.flush()
        const [listed] = await listAs(world.admin, doc.documentId)
        expect(listed).toMatchObject({ id: thread.id, orphaned: true, quote: 'ned i 2', status: 'open' })
        // Whole paragraph gone, too: still listed, orphaned, replies still possible.
        doc.client.doc.getXmlFragment(CONTENT_FRAGMENT).delete(0, 1)
        await doc.client.flush()
        expect(await getAs(world.admin, thread.id)).toMatchObject({ orphaned: true, quote: 'ned i 2' })
        expect(
          (await world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body: 'ok' })).status,
        ).toBe(201)
      })

      it('reads the stored content when the document has no room open', async () => {
        const doc = await written(['Kaffe i pausen.'])
        clients.splice(clients.indexOf(doc.client), 1)
        doc.client.destroy()
        await waitFor(() => !s.server.registry.rooms.has(doc.documentId), { timeoutMs: 20_000 })
        const thread = await startThread(world.admin, doc, { anchor: doc.anchor(0, 0, 5) })
        expect(thread).toMatchObject({ quote: 'Kaffe', orphaned: false })
      })
    })

    describe('hostile bodies', () => {
      const HOSTILE = [
        '<script>alert(1)</script>',
        '<img src=x onerror=alert(1)>',
        '[klikk](javascript:alert(1)) javascript:alert(document.cookie)',
        "'; DROP TABLE comments; --",
        'Linje én\nLinje to\r\n\tinnrykk  med  mellomrom ',
        'Æøå 👩🏽\u200D💻 \u202Eomvendt',
      ]

      it('stores and returns them exactly, as plain JSON strings', async () => {
        const doc = await written(['Tekst å kommentere.'])
        for (const body of HOSTILE) {
          const thread = await startThread(world.admin, doc, { body })
          expect(thread.comments[0]!.body).toBe(body)
          const res = await world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body })
          expect(res.headers.get('content-type')).toMatch(/^application\/json/)
          const { comment } = await expectJson<{ comment: ThreadComment }>(res, 201)
          expect(comment.body).toBe(body)
          expect((await getAs(world.admin, thread.id)).comments.map((c) => c.body)).toEqual([body, body])
          const rows = await s.db.query<{ body: string }>('select body from comments where thread_id = ?', [
            thread.id,
          ])
          expect(rows.map((r) => r.body)).toEqual([body, body])
        }
      })

      it('refuses NUL, lone surrogates, blank and over-long bodies with 400, and 1 MB with 413', async () => {
        const doc = await written(['Tekst.'])
        const thread = await startThread(world.admin, doc)
        const reply = (body: string) =>
          world.api(world.admin, 'POST', `/api/threads/${thread.id}/comments`, { body })
        for (const body of [
          'før\u0000etter',
          'halv \uD800 en',
          'slutt \uDC00',
          '',
          '   \n\t',
          'x'.repeat(TEXT_LIMITS.commentBodyMax + 1),
        ]) {
          await expectError(await reply(body), 400, 'request.invalid')
          await expectError(
            await world.api(world.admin, 'PATCH', `/api/comments/${thread.comments[0]!.id}`, { body }),
            400,
            'request.invalid',
          )
        }
        expect((await reply('x'.repeat(TEXT_LIMITS.commentBodyMax))).status).toBe(201)
        // 1 MB: refused from its Content-Length, before it is read. fetch would fail writing the rest
        // once the server has answered and closed, so the request goes over a raw socket.
        for (const [path, payload] of [
          [`/api/threads/${thread.id}/comments`, { body: 'x'.repeat(1024 * 1024) }],
          [
            `/api/documents/${doc.documentId}/threads`,
            { anchor: doc.anchor(0, 0, 4), visibility: 'shared', body: 'x'.repeat(1024 * 1024) },
          ],
        ] as const) {
          const json = JSON.stringify(payload)
          const http = await rawRequest(s.server.url, `POST ${path} HTTP/1.1`, {
            origin: new URL(s.server.url).origin,
            cookie: world.admin.cookie,
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(json)),
            connection: 'close',
          })
          try {
            http.socket.write(json)
            await waitFor(() => http.received().includes('request.too_large') || http.isClosed())
            expect(http.received()).toMatch(/^HTTP\/1\.1 413 /)
            expect(http.received()).toContain('"id":"request.too_large"')
          } finally {
            http.close()
          }
        }
        expect((await getAs(world.admin, thread.id)).comments).toHaveLength(2)
      })
    })

    it('keeps outsiders and anonymous callers out of everything', async () => {
      const doc = await written(['Hemmelig?'])
      const thread = await startThread(world.admin, doc)
      const outsider = await world.outsider()
      for (const [method, path] of [
        ['GET', `/api/documents/${doc.documentId}/threads`],
        ['GET', `/api/threads/${thread.id}`],
        ['POST', `/api/threads/${thread.id}/resolve`],
      ] as const) {
        await expectError(await world.api(outsider, method, path), 404, 'not_found')
        await expectError(await world.api(null, method, path), 401, 'auth.unauthenticated')
      }
    })

    describe.skipIf(!backend.available)(`comment write rate (${backend.name})`, () => {
      let s: ServerWithDb
      let world: World
      beforeAll(async () => {
        s = await startWithDb(backend, { COMMENT_WRITES_PER_MINUTE: '6', COMMENT_WRITES_BURST: '3' })
        world = await createWorld(s.server.url)
      })
      afterAll(async () => s?.stop())

      it('[C6] takes a burst of writes per user, then answers 429 comment.rate_limited with Retry-After; reads and others go on', async () => {
        const documentId = await world.document('Tempo')
        const anchor = await anchoredText(s.server.collabUrl, world.admin, documentId, 'Ett, to, tre.', 3)
        const start = (as: Actor) =>
          world.api(as, 'POST', `/api/documents/${documentId}/threads`, {
            anchor,
            visibility: 'shared',
            body: 'Hei',
          })
        const { thread } = await expectJson<{ thread: Thread }>(await start(world.admin), 201)
        expect((await world.api(world.admin, 'POST', `/api/threads/${thread.id}/resolve`)).status).toBe(200)
        expect((await world.api(world.admin, 'POST', `/api/threads/${thread.id}/reopen`)).status).toBe(200)
        const refused = await start(world.admin)
        await expectError(refused, 429, 'comment.rate_limited')
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
        // Reading is not a write; another user has a bucket of their own.
        expect((await world.api(world.admin, 'GET', `/api/documents/${documentId}/threads`)).status).toBe(200)
        const other = await world.member('commenter', 'employees')
        expect((await start(other)).status).toBe(201)
      })
    })
  })
}
