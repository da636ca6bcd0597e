/**
 * [R7] Connection caps are held while a room is still loading: connections that wait for a cold
 * document count against the room's limit and their user's, so a crowd (or one account) arriving
 * at once cannot pile up queued frames past the limits before the load finishes. A real registry
 * over the real group committer and SQLite file; only the load is held back, by a gate.
 *
 * [R8] Compactions start one at a time, each in a later turn than the one before it ended (the
 * real store, its compact watched).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CloseCode } from '@trepart/shared'
import { pino } from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../store/database.js'
import { type DocumentStore, KyselyDocumentStore } from '../store/document-store.js'
import { GroupCommitter } from '../store/group-committer.js'
import { RoomRegistry } from './room-registry.js'

const log = pino({ level: 'silent' })
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

const limits = {
  awarenessUpdatesPerSecond: 10,
  awarenessBurst: 10,
  maxPendingMessages: 10,
  maxPendingBytes: 1024,
  syncRequestsPerSecond: 100,
  syncRequestsBurst: 100,
  maxCommentRequestsInFlight: 4,
  maxCommentRequestBytes: 65536,
  maxDocumentBytes: 1 << 20,
  maxAwarenessStateBytes: 1024,
  maxAwarenessClientsPerConnection: 4,
  maxAwarenessEntriesPerMessage: 100,
  maxConnectionsPerRoom: 3,
  maxConnectionsPerUser: 4,
  maxConnectionsPerUserPerDocument: 2,
}

/** A registry over a real SQLite store, as `wrap` changes it (the real store is its prototype). */
async function registryOver(wrap: (real: DocumentStore) => Partial<DocumentStore>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-registry-'))
  const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 1000 })
  const real = KyselyDocumentStore.for(opened)
  const store: DocumentStore = Object.assign(Object.create(real) as DocumentStore, wrap(real))
  const committer = new GroupCommitter(store, { retryBaseMs: 5, retryMaxMs: 20, failureCloseMs: 10_000 }, log)
  const registry = new RoomRegistry(
    store,
    committer,
    {
      limits,
      roomUnloadDelayMs: 0,
      upgradeTimeoutMs: 10_000,
      compactAfterUpdates: 1000,
      compactAfterBytes: 1 << 20,
    },
    log,
  )
  const cleanup = { before: () => {} }
  cleanups.push(async () => {
    cleanup.before()
    await registry.shutdown(1000)
    await real.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return { registry, real, cleanup }
}

/** A registry whose document loads wait until `release()`. */
async function gatedRegistry() {
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  const { registry, cleanup } = await registryOver((real) => ({
    load: async (id: string) => {
      await gate
      return real.load(id)
    },
  }))
  cleanup.before = release
  return { registry, release }
}

function socket() {
  const closes: number[] = []
  return { closes, socket: { send() {}, close: (code: number) => void closes.push(code) } }
}

describe('[R7] caps while a room loads', () => {
  it('refuses connections past the room limit before the room has loaded', async () => {
    const { registry, release } = await gatedRegistry()
    const sockets = Array.from({ length: 5 }, () => socket())
    for (const [i, s] of sockets.entries())
      registry.connect('doc', s.socket, { principal: { id: `user${i}` }, canWrite: true })
    expect(registry.loadingCount).toBe(1)
    expect(sockets.map((s) => s.closes)).toEqual([[], [], [], [CloseCode.RoomFull], [CloseCode.RoomFull]])
    expect(registry.connectionCount).toBe(3)
    release()
    await new Promise((r) => setTimeout(r, 0))
    await registry.shutdown(1000)
    expect(registry.capCounts).toEqual({ documents: 0, users: 0 })
  })

  it('holds one user to their limits per document and overall, loading or not', async () => {
    const { registry } = await gatedRegistry()
    const one = { principal: { id: 'flooder' }, canWrite: false }
    const a = Array.from({ length: 3 }, () => socket())
    for (const s of a) registry.connect('a', s.socket, one)
    expect(a.map((s) => s.closes)).toEqual([[], [], [CloseCode.TooManyConnections]])
    const b = Array.from({ length: 3 }, () => socket())
    for (const s of b) registry.connect('b', s.socket, one)
    expect(b.map((s) => s.closes)).toEqual([[], [], [CloseCode.TooManyConnections]])
    // Someone else still gets into both documents.
    const other = socket()
    registry.connect('a', other.socket, { principal: { id: 'other' }, canWrite: true })
    expect(other.closes).toEqual([])
  })
})

describe('[R8] compactions', () => {
  it('start one per turn of the event loop, each after the one before it has ended', async () => {
    // The loop's turns, counted: a compaction runs to its end in microtasks on SQLite, so a batch
    // started in one turn would hold every other I/O callback (every edit) until the last is done.
    let turn = 0
    let ticking = true
    const tick = () => {
      turn++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    cleanups.push(async () => {
      ticking = false
    })
    const started: number[] = []
    const compacted: string[] = []
    const { registry, real } = await registryOver((store) => ({
      compact: async (id: string) => {
        started.push(turn)
        try {
          return await store.compact(id)
        } finally {
          compacted.push(id)
        }
      },
    }))
    // Five documents with a log of two updates each: unloaded, each is compacted.
    const ids = ['a', 'b', 'c', 'd', 'e']
    for (const id of ids) {
      const doc = new Y.Doc()
      const updates: Uint8Array[] = []
      doc.on('update', (u: Uint8Array) => updates.push(u))
      doc.getText('t').insert(0, 'one')
      doc.getText('t').insert(3, ' two')
      await real.append(updates.map((data) => ({ documentId: id, data })))
    }
    const conns = ids.map((id, i) =>
      registry.connect(id, socket().socket, { principal: { id: `user${i}` }, canWrite: true }),
    )
    await vi.waitFor(() => expect(registry.rooms.size).toBe(ids.length))
    // All leave at once, as at the end of a meeting: every room unloads and asks to be compacted.
    for (const conn of conns) conn.transportClosed()
    await vi.waitFor(() => expect(compacted.length).toBe(ids.length))
    expect(new Set(started).size).toBe(ids.length)
    expect(new Set(compacted)).toEqual(new Set(ids))
    for (const id of ids) expect((await real.load(id)).updates).toEqual([])
  })
})
