/**
 * [R7] Connection caps are held while a room is still loading: connections that wait for a cold
 * document count against the room's limit and their user's, so a crowd (or one account) arriving
 * at once cannot pile up queued frames past the limits before the load finishes. A real registry
 * over the real group committer and SQLite file; only the load is held back, by a gate.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { CloseCode } from '@trepart/shared'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
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

/** A registry whose document loads wait until `release()`. */
async function gatedRegistry() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-registry-'))
  const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 1000 })
  const real = KyselyDocumentStore.for(opened)
  let release: () => void = () => {}
  const gate = new Promise<void>((resolve) => {
    release = resolve
  })
  const store: DocumentStore = Object.assign(Object.create(real) as DocumentStore, {
    load: async (id: string) => {
      await gate
      return real.load(id)
    },
  })
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
  cleanups.push(async () => {
    release()
    await registry.shutdown(1000)
    await real.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
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
