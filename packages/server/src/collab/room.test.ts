/**
 * [P5] The full-state reply from a stored snapshot: used as it is while it holds exactly the
 * committed state, dropped by the next commit, and refused from a compaction that a commit raced.
 * A real room over the real group committer and SQLite file.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as decoding from 'lib0/decoding'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { openDatabase } from '../store/database.js'
import { KyselyDocumentStore } from '../store/document-store.js'
import { GroupCommitter } from '../store/group-committer.js'
import { Connection } from './connection.js'
import { Room } from './room.js'

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
}

/** A connection that keeps what it is sent. */
function connection(canWrite: boolean): { conn: Connection; sent: Uint8Array[] } {
  const sent: Uint8Array[] = []
  const socket = { send: (data: Uint8Array) => void sent.push(data), close() {} }
  const conn = new Connection(socket, { principal: { id: 'u' }, canWrite }, 'doc', limits, log)
  return { conn, sent }
}

/** The payload of the last sync step 2 among `frames`. */
function lastSyncStep2(frames: Uint8Array[]): Uint8Array {
  for (const frame of [...frames].reverse()) {
    const d = decoding.createDecoder(frame)
    if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1) return decoding.readVarUint8Array(d)
  }
  throw new Error('no sync step 2 sent')
}

/**
 * A snapshot whose bytes the room could not produce by encoding its own Y.Doc: written with
 * garbage collection off, it keeps deleted text that the room's (collecting) doc drops.
 */
function snapshotOf(text: string): Uint8Array {
  const doc = new Y.Doc({ gc: false })
  doc.getText('t').insert(0, `${text}X`)
  doc.getText('t').delete(text.length, 1)
  return Y.encodeStateAsUpdate(doc)
}

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

async function roomFrom(snapshot: Uint8Array): Promise<Room> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-room-'))
  const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 1000 })
  const store = KyselyDocumentStore.for(opened)
  const committer = new GroupCommitter(store, { retryBaseMs: 5, retryMaxMs: 20, failureCloseMs: 10_000 }, log)
  cleanups.push(async () => {
    await store.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  const stored = {
    snapshot,
    updates: [],
    seqs: [],
    snapshotVersion: 1,
    storedBytes: snapshot.byteLength,
    headSeq: 0,
  }
  return new Room('doc', stored, {
    commit: (id, update, callbacks) => committer.submit(id, update, callbacks),
    requestCompaction: () => {},
    limits: {
      maxDocumentBytes: 1 << 20,
      maxAwarenessStateBytes: 1024,
      maxAwarenessClientsPerConnection: 4,
      maxAwarenessEntriesPerMessage: 100,
    },
    compactAfterUpdates: 1_000_000,
    compactAfterBytes: 1 << 30,
    log,
  })
}

function joinFresh(room: Room): Uint8Array {
  const { conn, sent } = connection(false)
  room.join(conn)
  room.handleSyncStep1(conn, new Uint8Array([0]))
  return lastSyncStep2(sent)
}

const compaction = (snapshot: Uint8Array) => ({
  compacted: true,
  foldedUpdates: 1,
  foldedBytes: 0,
  previousSnapshotBytes: 0,
  snapshotBytes: snapshot.byteLength,
  snapshot,
})

describe('[P5] joiners answered from the stored snapshot', () => {
  it('sends the snapshot as it is until the next commit, then the committed state', async () => {
    const snapshot = snapshotOf('alpha')
    const room = await roomFrom(snapshot)
    expect(Y.encodeStateAsUpdate(room.doc)).not.toEqual(snapshot)
    expect(joinFresh(room)).toEqual(snapshot)

    const writer = connection(true)
    room.join(writer.conn)
    const edit = new Y.Doc()
    Y.applyUpdate(edit, snapshot)
    const before = Y.encodeStateVector(edit)
    edit.getText('t').insert(5, 'beta')
    room.handleWrite(writer.conn, Y.encodeStateAsUpdate(edit, before))
    expect(room.commits).toBe(1)
    expect(textOf(joinFresh(room))).toBe('alphabeta')
  })

  it('takes a compaction’s snapshot only when nothing was committed while it ran', async () => {
    const snapshot = snapshotOf('alpha')
    const room = await roomFrom(snapshot)
    // What the store holds, the way a compaction would write it: the same history, kept uncollected.
    const stored = new Y.Doc({ gc: false })
    Y.applyUpdate(stored, snapshot)
    const writer = connection(true)
    room.join(writer.conn)
    const write = async (text: string) => {
      const before = Y.encodeStateVector(stored)
      stored.getText('t').insert(stored.getText('t').length, text)
      room.handleWrite(writer.conn, Y.encodeStateAsUpdate(stored, before))
      await room.whenIdle()
    }

    // A commit landed while the compaction ran: its snapshot may lack it.
    const commitsBefore = room.commits
    await write('beta')
    room.compacted(compaction(snapshot), commitsBefore)
    expect(textOf(joinFresh(room))).toBe('alphabeta')

    // Nothing committed since it started: its snapshot answers as it is.
    await write('gamma')
    const fresh = Y.encodeStateAsUpdate(stored)
    expect(fresh).not.toEqual(Y.encodeStateAsUpdate(room.doc))
    room.compacted(compaction(fresh), room.commits)
    expect(joinFresh(room)).toEqual(fresh)
    expect(textOf(fresh)).toBe('alphabetagamma')
  })
})

describe('server events', () => {
  it('[C1][C2] are encoded once and sent only to the Trepart connections the filter admits', async () => {
    const room = await roomFrom(snapshotOf('tekst'))
    const member = (party: string, trepart: boolean) => {
      const made = connection(true)
      made.conn.admission = { ...made.conn.admission, principal: { id: party, party } }
      made.conn.supportsTrepart = trepart
      room.join(made.conn)
      made.sent.length = 0
      return made
    }
    const employees = member('employees', true)
    const politicians = member('politicians', true)
    const stockClient = member('employees', false)
    const event = { type: 'threads.reset', party: 'employees' } as const
    room.sendEvent(event, (conn) => conn.admission.principal.party === 'employees')
    expect(employees.sent).toHaveLength(1)
    expect(politicians.sent).toHaveLength(0)
    // The stock y-websocket client logs an error for message types it does not know.
    expect(stockClient.sent).toHaveLength(0)
    const d = decoding.createDecoder(employees.sent[0]!)
    expect(decoding.readVarUint(d)).toBe(103)
    expect(JSON.parse(decoding.readVarString(d))).toEqual(event)
    room.sendEvent(event)
    expect(employees.sent).toHaveLength(2)
    // One frame for every recipient, not one encoding each.
    expect(politicians.sent[0]).toBe(employees.sent[1])
  })
})
