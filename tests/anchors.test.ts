/**
 * Comment anchors through the real server while two real y-websocket clients edit the anchored
 * paragraph concurrently (both edits made before either client has the other's), on SQLite and
 * PostgreSQL. A thread's `quote` is fixed when it is started; what follows the text is the anchor,
 * a pair of relative positions. GET answers `orphaned`, and the range the anchor covers now is read
 * here the way the server reads it: from the committed content (the store, rebuilt without any
 * client's local state), checked against what both clients see.
 *
 * Undo of a deletion (Y.UndoManager on one client): Yjs re-inserts the text as new items, and the
 * positions point at the deleted originals. What happens is asserted below and is the rule we keep:
 * the thread is never attached to text that was not its own — see the last test for which way it goes.
 */
import { type Actor, backends, createWorld, type World, waitFor } from '@trepart/server/test-support'
import { CONTENT_FRAGMENT, type Thread } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { expectJson, type ServerWithDb, startWithDb } from './api/support.js'
import { encodeAnchorPosition, insertParagraph } from './support/anchors.js'
import { createClient, type TestClient } from './support/clients.js'

const PARAGRAPH = 'Skolen på Årvoll legges ned i 2027.'
const QUOTE = 'legges ned'

/** The paragraph's text in a client's or a rebuilt doc. */
const paragraphText = (doc: Y.Doc) =>
  (doc.getXmlFragment(CONTENT_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText

/** The text `thread`'s anchor covers in `doc` now ('' when it covers nothing). */
function rangeIn(doc: Y.Doc, thread: Thread): string {
  const at = (b64: string) => {
    const position = Y.createAbsolutePositionFromRelativePosition(
      Y.decodeRelativePosition(new Uint8Array(Buffer.from(b64, 'base64'))),
      doc,
    )
    if (position === null) throw new Error('anchor does not resolve')
    return position.index
  }
  return paragraphText(doc).toString().slice(at(thread.anchor.start), at(thread.anchor.end))
}

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`anchors under concurrent edits (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    const clients: TestClient[] = []

    beforeAll(async () => {
      s = await startWithDb(backend)
      world = await createWorld(s.server.url)
    })
    afterAll(async () => {
      for (const client of clients) client.destroy()
      await s?.stop()
    })

    const connect = async (documentId: string, actor: Actor) => {
      const client = createClient(s.server.collabUrl, documentId, { actor, trepart: true })
      clients.push(client)
      await waitFor(() => client.provider.synced)
      return client
    }

    /** Two editors on one paragraph, and a thread (started by a third member) on `QUOTE` in it. */
    async function setUp() {
      const documentId = await world.document('Skolestruktur')
      const a = await connect(documentId, world.admin)
      const text = insertParagraph(a, PARAGRAPH)
      await a.flush()
      const b = await connect(documentId, await world.member('editor', 'politicians'))
      await waitFor(() => b.doc.getXmlFragment(CONTENT_FRAGMENT).length === 1)
      const at = (i: number) => encodeAnchorPosition(text, i)
      const from = PARAGRAPH.indexOf(QUOTE)
      const res = await world.api(
        await world.member('commenter', 'employees'),
        'POST',
        `/api/documents/${documentId}/threads`,
        { anchor: { start: at(from), end: at(from + QUOTE.length) }, visibility: 'shared', body: 'Hvorfor?' },
      )
      const thread = (await expectJson<{ thread: Thread }>(res, 201)).thread
      expect(thread).toMatchObject({ quote: QUOTE, orphaned: false })
      return { documentId, a, b, thread, ta: paragraphText(a.doc), tb: paragraphText(b.doc) }
    }
    type Setup = Awaited<ReturnType<typeof setUp>>

    /** Both clients' edits committed and seen by both; then GET, and the range as committed. */
    async function settle({ documentId, a, b, thread }: Setup) {
      await Promise.all([a.flush(), b.flush()])
      await waitFor(() => paragraphText(a.doc).toString() === paragraphText(b.doc).toString())
      const got = await expectJson<{ thread: Thread }>(
        await world.api(world.admin, 'GET', `/api/threads/${thread.id}`),
        200,
      )
      const stored = await s.server.store.load(documentId)
      const committed = new Y.Doc()
      if (stored.snapshot) Y.applyUpdate(committed, stored.snapshot)
      for (const update of stored.updates) Y.applyUpdate(committed, update)
      const range = rangeIn(committed, thread)
      // Both clients see the same range as the committed content (the undoing client too).
      expect(rangeIn(a.doc, thread)).toBe(range)
      expect(rangeIn(b.doc, thread)).toBe(range)
      const text = paragraphText(committed).toString()
      committed.destroy()
      return { thread: got.thread, range, text }
    }

    it('grows with insertions inside and keeps out insertions before and right after it', async () => {
      const setup = await setUp()
      const { ta, tb } = setup
      const from = PARAGRAPH.indexOf(QUOTE)
      // Concurrent: A writes right at the range's end and before it, B inside it.
      ta.insert(from + QUOTE.length, ' helt')
      ta.insert(0, 'Vedtak: ')
      tb.insert(from + 'legges '.length, 'ikke ')
      const now = await settle(setup)
      expect(now.text).toBe('Vedtak: Skolen på Årvoll legges ikke ned helt i 2027.')
      expect(now.range).toBe('legges ikke ned')
      // The quote is what was anchored when the thread was started; it does not follow the text.
      expect(now.thread).toMatchObject({ orphaned: false, quote: QUOTE })
    })

    it('shrinks with deletions of part of it, from both clients at once', async () => {
      const setup = await setUp()
      const { ta, tb } = setup
      const from = PARAGRAPH.indexOf(QUOTE)
      // A deletes "legges "; B deletes " i 2027" after the range and the "n" inside it.
      ta.delete(from, 'legges '.length)
      tb.delete(from + QUOTE.length, ' i 2027'.length)
      tb.delete(from + 'legges '.length, 1)
      const now = await settle(setup)
      expect(now.text).toBe('Skolen på Årvoll ed.')
      expect(now.range).toBe('ed')
      expect(now.thread).toMatchObject({ orphaned: false, quote: QUOTE })
    })

    it('is orphaned with its quote kept once all of its text is deleted, whoever deletes which part', async () => {
      const setup = await setUp()
      const { ta, tb } = setup
      const from = PARAGRAPH.indexOf(QUOTE)
      // A deletes "legges", B deletes " ned" and types after the paragraph's end.
      ta.delete(from, 'legges'.length)
      tb.insert(PARAGRAPH.length, ' (utsatt)')
      tb.delete(from + 'legges'.length, ' ned'.length)
      const now = await settle(setup)
      expect(now.text).toBe('Skolen på Årvoll  i 2027. (utsatt)')
      expect(now.range).toBe('')
      expect(now.thread).toMatchObject({ orphaned: true, quote: QUOTE, status: 'open' })
    })

    it('after undo of the deletion is re-attached to the restored text, never to other text', async () => {
      const setup = await setUp()
      const { ta, tb } = setup
      const from = PARAGRAPH.indexOf(QUOTE)
      // Only what A does from here is undone; the provider's remote updates are not tracked.
      const undo = new Y.UndoManager(ta, { captureTimeout: 0 })
      ta.delete(from, QUOTE.length)
      // Meanwhile B writes elsewhere in the paragraph.
      tb.insert(0, 'Forslag: ')
      const deleted = await settle(setup)
      expect(deleted.range).toBe('')
      expect(deleted.thread).toMatchObject({ orphaned: true, quote: QUOTE })

      undo.undo()
      const restored = await settle(setup)
      expect(restored.text).toBe(`Forslag: ${PARAGRAPH}`)
      // Yjs re-inserts the text as new items right before the deleted originals, in the same
      // place; the end position points at the last deleted original, so it resolves after the
      // restored text, and the start (the character before the range, never deleted) before it.
      // The server, which knows nothing of the undo, covers exactly the restored words again.
      expect(restored.range).toBe(QUOTE)
      expect(restored.thread).toMatchObject({ orphaned: false, quote: QUOTE })
      undo.destroy()
    })
  })
}
