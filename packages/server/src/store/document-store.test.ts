/**
 * The store contract: one suite, run against SQLite and PostgreSQL. Each PostgreSQL run gets its
 * own schema so parallel test files never collide.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { postgresAvailable } from '../test-support/services.js'
import { openPostgres } from '../test-support/store.js'
import { openDatabase } from './database.js'
import { type DocumentStore, KyselyDocumentStore } from './document-store.js'

const hasPostgres = await postgresAvailable()

type Backend = { name: string; open(): Promise<{ store: DocumentStore; cleanup(): Promise<void> }> }

const backends: Backend[] = [
  {
    name: 'sqlite',
    async open() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-store-'))
      const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 1000 })
      const store = KyselyDocumentStore.for(opened)
      return {
        store,
        async cleanup() {
          await store.close()
          fs.rmSync(dataDir, { recursive: true, force: true })
        },
      }
    },
  },
  {
    name: 'postgres',
    async open() {
      const { opened, close } = await openPostgres('store')
      // Closing the database is the store's close; the schema goes with it.
      return { store: KyselyDocumentStore.for(opened), cleanup: close }
    },
  },
]

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.getText('t').insert(doc.getText('t').length, text)
  return Y.encodeStateAsUpdate(doc, before)
}

function rebuild(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string {
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  return doc.getText('t').toString()
}

for (const backend of backends) {
  describe.skipIf(backend.name === 'postgres' && !hasPostgres)(
    `DocumentStore contract (${backend.name})`,
    () => {
      let store: DocumentStore
      let cleanup: () => Promise<void>
      beforeAll(async () => {
        ;({ store, cleanup } = await backend.open())
      })
      afterAll(async () => cleanup?.())

      it('loads an unknown document as empty, not as an error', async () => {
        const stored = await store.load('never-written')
        expect(stored).toMatchObject({ snapshot: null, updates: [], storedBytes: 0 })
      })

      it('appends a batch in one go and returns increasing seqs in order', async () => {
        const doc = new Y.Doc()
        const updates = ['a', 'b', 'c'].map((t) => ({ documentId: 'd1', data: textUpdate(doc, t) }))
        const seqs = (await store.append(updates)).map(Number)
        expect(seqs).toHaveLength(3)
        expect([...seqs].sort((x, y) => x - y)).toEqual(seqs)
        const stored = await store.load('d1')
        // PostgreSQL answers each update's position in its document's log; SQLite the log's seq.
        if (backend.name === 'postgres') {
          expect(seqs).toEqual([1, 2, 3])
          expect(stored.headSeq).toBe(3)
        } else expect(stored.seqs).toEqual(seqs)
        expect(rebuild(stored)).toBe('abc')
        expect(stored.updates.map((u) => Buffer.from(u))).toEqual(updates.map((u) => Buffer.from(u.data)))
      })

      it('keeps documents apart within one batch', async () => {
        const a = new Y.Doc()
        const b = new Y.Doc()
        await store.append([
          { documentId: 'x', data: textUpdate(a, 'for x') },
          { documentId: 'y', data: textUpdate(b, 'for y') },
        ])
        expect(rebuild(await store.load('x'))).toBe('for x')
        expect(rebuild(await store.load('y'))).toBe('for y')
      })

      it('compacts the log into a snapshot with identical content, and keeps later appends', async () => {
        const doc = new Y.Doc()
        for (let i = 0; i < 20; i++) await store.append([{ documentId: 'c', data: textUpdate(doc, `${i},`) }])
        const before = rebuild(await store.load('c'))
        const result = await store.compact('c')
        expect(result).toMatchObject({ compacted: true, foldedUpdates: 20 })
        const after = await store.load('c')
        expect(after.updates).toEqual([])
        expect(after.snapshot).not.toBeNull()
        expect(rebuild(after)).toBe(before)
        await store.append([{ documentId: 'c', data: textUpdate(doc, 'tail') }])
        const second = await store.compact('c')
        expect(second.compacted).toBe(true)
        expect(rebuild(await store.load('c'))).toBe(`${before}tail`)
        expect(rebuild(await store.load('c'))).toBe(doc.getText('t').toString())
      })

      it('[P8] never loads a half-compacted document (load racing a compaction)', async () => {
        const doc = new Y.Doc()
        for (let round = 0; round < 15; round++) {
          for (let i = 0; i < 5; i++)
            await store.append([{ documentId: 'race', data: textUpdate(doc, `${round}.${i};`) }])
          const expected = doc.getText('t').toString()
          // Start loads at different points of the compaction's two transactions.
          const loads = [0, 1, 2, 3].map(async (turns) => {
            for (let t = 0; t < turns; t++) await new Promise((r) => setImmediate(r))
            return rebuild(await store.load('race'))
          })
          const [, ...texts] = await Promise.all([store.compact('race'), ...loads])
          for (const text of texts) expect(text).toBe(expected)
        }
      })

      it('does nothing when there is nothing to compact', async () => {
        expect((await store.compact('nothing-here')).compacted).toBe(false)
      })

      it('stores binary data byte for byte, including large updates', async () => {
        const doc = new Y.Doc()
        const big = textUpdate(doc, 'ø'.repeat(300_000))
        await store.append([{ documentId: 'big', data: big }])
        const stored = await store.load('big')
        expect(Buffer.from(stored.updates[0]!).equals(Buffer.from(big))).toBe(true)
      })

      it.skipIf(backend.name !== 'postgres')(
        'numbers each document’s log without holes, and reads what a position lacks even after compaction',
        async () => {
          const doc = new Y.Doc()
          const other = new Y.Doc()
          const first = await store.append([
            { documentId: 'gap', data: textUpdate(doc, 'a') },
            { documentId: 'gap-other', data: textUpdate(other, 'x') },
            { documentId: 'gap', data: textUpdate(doc, 'b') },
          ])
          expect(first).toEqual([1, 1, 2])
          expect(await store.append([{ documentId: 'gap', data: textUpdate(doc, 'c') }])).toEqual([3])
          const since = await store.readSince('gap', 1)
          expect(since.headSeq).toBe(3)
          expect(since.snapshot).toBeNull()
          expect(since.updates).toHaveLength(2)
          expect(await store.heads(['gap', 'gap-other', 'none'])).toEqual(
            new Map([
              ['gap', 3],
              ['gap-other', 1],
            ]),
          )
          // Compaction folds positions 1-3 into the snapshot: a reader at 1 gets the snapshot.
          expect((await store.compact('gap')).compacted).toBe(true)
          const folded = await store.readSince('gap', 1)
          expect(folded.snapshot).not.toBeNull()
          expect(folded.updates).toEqual([])
          expect(folded.headSeq).toBe(3)
          expect(await store.append([{ documentId: 'gap', data: textUpdate(doc, 'd') }])).toEqual([4])
          const after = await store.readSince('gap', 3)
          expect(after.snapshot).toBeNull()
          expect(after.updates).toHaveLength(1)
          expect((await store.readSince('gap', 4)).updates).toEqual([])
        },
      )

      it('answers ping', async () => {
        await expect(store.ping()).resolves.toBeUndefined()
      })
    },
  )
}
