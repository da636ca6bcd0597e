/**
 * One document's room: its Y.Doc and Awareness, its connections, and the order every write follows:
 * decode, append to the update log and commit (grouped), then apply to the Y.Doc and broadcast to
 * every other connection. The Y.Doc therefore only ever holds committed state: nothing a client can
 * see — a broadcast, a sync reply to a joiner — is uncommitted.
 */
import {
  CloseCode,
  closeCodeId,
  encodeCommitted,
  encodeServerEvent,
  frame,
  MessageType,
  type ServerEvent,
} from '@trepart/shared'
import * as encoding from 'lib0/encoding'
import type { Logger } from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import type { CompactionResult, StoredDocument } from '../store/document-store.js'
import { type CommitCallbacks, CommitFailedError, DocumentLockedError } from '../store/group-committer.js'
import {
  decodeAwarenessUpdate,
  encodeAwarenessEntries,
  filterAwarenessEntries,
  stampUser,
} from './awareness-filter.js'
import type { Connection } from './connection.js'
import type { Principal } from './socket.js'

export interface RoomLimits {
  maxDocumentBytes: number
  maxAwarenessStateBytes: number
  maxAwarenessClientsPerConnection: number
  /** Entries one awareness frame may carry (a client echoes every state it knows of). */
  maxAwarenessEntriesPerMessage: number
}

/** What a room tells the other instances holding its document (shared mode). */
export interface RoomFanout {
  /** A write of this room's connections was committed at `seq` of the document's log. */
  committed(seq: number, update: Uint8Array): void
  /** Presence of this room's connections changed (a y-protocols awareness update). */
  awareness(update: Uint8Array): void
}

/** The origin of what came from another instance: never published back, never a connection. */
export const REMOTE_ORIGIN = Symbol('remote')

export interface RoomDeps {
  /** Appends one update durably, then calls back (possibly before returning). */
  commit(documentId: string, update: Uint8Array, callbacks: CommitCallbacks): void
  /** Asks for a background compaction of this document. */
  requestCompaction(room: Room): void
  /**
   * Called after content was committed and applied (e.g. to move the document's updatedAt), with
   * who wrote it as the server admitted them (their party counts the edit; never the client's word).
   */
  onContentCommitted?(documentId: string, writer: Principal): void
  /** Called when a write could not be stored (its writer was told to resend). */
  onCommitFailed?(documentId: string): void
  /** Shared mode: the other instances hear of commits and presence. */
  fanout?: RoomFanout
  limits: RoomLimits
  compactAfterUpdates: number
  compactAfterBytes: number
  log: Logger
}

/** The state vector of an empty document: a client that has nothing yet. */
function isEmptyStateVector(stateVector: Uint8Array): boolean {
  return stateVector.byteLength === 1 && stateVector[0] === 0
}

/**
 * Whether applying `decoded` to `doc` would change nothing: every struct is already integrated and
 * every deleted range already deleted. Unknown clients or clocks (pending structs) count as new.
 */
function addsNothing(doc: Y.Doc, decoded: ReturnType<typeof Y.decodeUpdate>): boolean {
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Skip) continue
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return false
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = doc.store.clients.get(client)
    if (!structs) return false
    const state = Y.getState(doc.store, client)
    for (const { clock, len } of ranges) {
      if (clock + len > state) return false
      let index = Y.findIndexSS(structs, clock)
      let at = clock
      while (at < clock + len) {
        const struct = structs[index++]
        if (!struct?.deleted) return false
        at = struct.id.clock + struct.length
      }
    }
  }
  return true
}

export class Room {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness: awarenessProtocol.Awareness
  readonly connections = new Set<Connection>()
  /** Which connection owns each awareness client id: one lookup per entry, whatever the room's size. */
  private readonly awarenessOwners = new Map<number, Connection>()
  /**
   * Client ids whose presence came from another instance (shared mode). Clients echo every state
   * they hear of; without this, the first connection here to echo one would claim it.
   */
  private readonly remoteAwarenessIds = new Set<number>()
  /** Writes queued for commit and not yet applied or failed. */
  pending = 0
  /** Bytes of snapshot plus log, counting queued writes: what the size limit is checked against. */
  storedBytes: number
  /** Log entries and bytes since the snapshot, for the compaction thresholds. */
  tailCount: number
  tailBytes: number
  compacting = false
  destroyed = false
  /** Encoded replies that depend only on the committed state; dropped whenever it changes. */
  private cachedFullState: Uint8Array | null = null
  /**
   * An update holding exactly the committed state when one is at hand without encoding the
   * document: the stored snapshot, while nothing was committed after it. A crowd opening a large
   * document that sat idle (the start of a meeting) is then answered without encoding it at all.
   */
  private fullStateUpdate: Uint8Array | null = null
  /** Writes committed and applied since the room loaded. */
  commits = 0
  private cachedSyncStep1: Uint8Array | null = null
  private readonly idleWaiters: Array<() => void> = []

  constructor(
    readonly id: string,
    stored: StoredDocument,
    private readonly deps: RoomDeps,
  ) {
    this.storedBytes = stored.storedBytes
    this.tailCount = stored.updates.length
    this.tailBytes = stored.updates.reduce((n, u) => n + u.byteLength, 0)
    const complete = loadInto(this.doc, stored, id, deps.log)
    if (complete && stored.updates.length === 0) this.fullStateUpdate = stored.snapshot
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // The server has no presence of its own.
    this.awareness.setLocalState(null)
    this.awareness.on('update', this.onAwarenessUpdate)
  }

  join(conn: Connection): void {
    this.connections.add(conn)
    // Sync step 1 asks the client for what the server lacks; its reply is handled as a write.
    conn.send(this.syncStep1Frame())
    const states = this.awareness.getStates()
    if (states.size > 0) {
      conn.send(this.awarenessFrame([...states.keys()]))
    }
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return
    for (const id of conn.awarenessIds)
      if (this.awarenessOwners.get(id) === conn) this.awarenessOwners.delete(id)
    if (conn.awarenessIds.size > 0) {
      const ids = [...conn.awarenessIds].filter((id) => this.awareness.getStates().has(id))
      awarenessProtocol.removeAwarenessStates(this.awareness, ids, conn)
    }
  }

  /** Replies to a client's sync step 1 with everything it lacks, from committed state only. */
  handleSyncStep1(conn: Connection, stateVector: Uint8Array): void {
    // Each request makes the server encode (part of) the document: a client asking in a loop, and
    // not reading, must not make the server queue copies until memory runs out.
    if (!conn.syncRequestBucket.take()) {
      conn.close(CloseCode.TooSlow, closeCodeId[CloseCode.TooSlow])
      return
    }
    if (isEmptyStateVector(stateVector)) {
      // A client with nothing yet (every fresh page load): the same full-state reply for all of
      // them until the next committed update, instead of re-encoding a large document per joiner.
      this.cachedFullState ??= this.fullStateUpdate
        ? syncStep2FrameOf(this.fullStateUpdate)
        : this.syncStep2Frame(stateVector)
      conn.send(this.cachedFullState)
      return
    }
    conn.send(this.syncStep2Frame(stateVector))
  }

  private syncStep2Frame(stateVector: Uint8Array): Uint8Array {
    return syncStep2FrameOf(Y.encodeStateAsUpdate(this.doc, stateVector))
  }

  private syncStep1Frame(): Uint8Array {
    if (!this.cachedSyncStep1) {
      this.cachedSyncStep1 = frame(MessageType.Sync, (e) => syncProtocol.writeSyncStep1(e, this.doc))
    }
    return this.cachedSyncStep1
  }

  /**
   * A sync step 2 or update from `conn`. Read-only connections are dropped silently (the stock
   * client sends sync step 2 on every connect; closing would make it reconnect forever).
   */
  handleWrite(conn: Connection, update: Uint8Array): void {
    if (!conn.canWrite) return
    // Decoding first: a malformed update must never reach the log.
    const decoded = Y.decodeUpdate(update)
    // A reconnecting client's sync step 2 carries its whole delete set even when it has nothing new:
    // storing and relaying that on every reconnect would grow the log (and the size count) for nothing.
    if (addsNothing(this.doc, decoded)) return
    if (this.storedBytes + update.byteLength > this.deps.limits.maxDocumentBytes) {
      this.deps.log.info(
        { documentId: this.id, storedBytes: this.storedBytes },
        'document at its maximum size',
      )
      conn.close(CloseCode.DocumentTooLarge, closeCodeId[CloseCode.DocumentTooLarge])
      return
    }
    this.pending++
    this.storedBytes += update.byteLength
    conn.writeSubmitted()
    this.deps.commit(this.id, update, {
      committed: (seq) => {
        this.commits++
        this.pending--
        this.tailCount++
        this.tailBytes += update.byteLength
        let changed = false
        try {
          changed = this.applyCommitted(conn, update)
        } finally {
          // Whatever happened above, the write is stored: its Flush and the room's idle wait go on.
          conn.writeSettled()
          this.notifyIfIdle()
        }
        this.deps.fanout?.committed(seq, update)
        // Only a write that changed the document: one Yjs keeps pending (a delete past what is
        // here, a struct after a gap) passes `addsNothing` and could be resent without end to
        // inflate its party's edit count.
        if (changed) this.deps.onContentCommitted?.(this.id, conn.admission.principal)
        this.maybeCompact()
      },
      failed: (error) => {
        this.pending--
        this.storedBytes -= update.byteLength
        this.deps.onCommitFailed?.(this.id)
        // Neither applied nor broadcast: the writer's client still holds the edit and resends it
        // (or, the document locked elsewhere meanwhile, reconnects read-only).
        const code =
          error instanceof CommitFailedError
            ? CloseCode.StorageUnavailable
            : error instanceof DocumentLockedError
              ? CloseCode.DocumentLocked
              : CloseCode.InternalError
        conn.close(code, closeCodeId[code])
        conn.writeSettled()
        this.notifyIfIdle()
      },
    })
  }

  /** Answers `Flush(seq)` with `Committed(seq)` once every earlier write of `conn` is committed. */
  handleFlush(conn: Connection, seq: number): void {
    // A failed write closes its connection first, so `Committed` is never sent for it. A later
    // Flush with no write in between supersedes this one: `Committed(n)` answers the last Flush
    // whose updates are stored, and the clients take it for every earlier one too.
    conn.afterWrites(() => conn.send(encodeCommitted(seq)))
  }

  handleAwareness(conn: Connection, update: Uint8Array): void {
    // Rate and size first: decoding (JSON.parse of every state) is the expensive part.
    if (!conn.awarenessBucket.take()) return
    const limits = this.deps.limits
    if (
      update.byteLength >
      limits.maxAwarenessClientsPerConnection * (limits.maxAwarenessStateBytes + 32) + 16
    ) {
      this.deps.log.debug({ conn: conn.id, bytes: update.byteLength }, 'awareness update too large; dropped')
      return
    }
    const entries = decodeAwarenessUpdate(update, limits.maxAwarenessEntriesPerMessage)
    if (entries === null) {
      this.deps.log.debug({ conn: conn.id }, 'awareness update with too many entries; dropped')
      return
    }
    const claimedBefore = conn.awarenessIds.size
    const { accepted, dropped } = filterAwarenessEntries(entries, {
      own: conn.awarenessIds,
      ownedByOther: (clientId) => this.isOwnedByOther(conn, clientId),
      maxClients: this.deps.limits.maxAwarenessClientsPerConnection,
      maxStateBytes: this.deps.limits.maxAwarenessStateBytes,
    })
    if (conn.awarenessIds.size !== claimedBefore)
      for (const id of conn.awarenessIds) this.awarenessOwners.set(id, conn)
    if (dropped > 0) this.deps.log.debug({ conn: conn.id, dropped }, 'awareness entries dropped')
    if (accepted.length === 0) return
    const presence = conn.admission.principal.presence
    const stamped = presence
      ? accepted.map((e) => ({ ...e, stateJson: stampUser(e.stateJson, presence) }))
      : accepted
    awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(stamped), conn)
  }

  /**
   * After a connection regains write access: ask it again for what the server lacks. Its writes
   * dropped while it was read-only would otherwise leave a gap that holds back all its later edits.
   */
  requestMissing(conn: Connection): void {
    conn.send(this.syncStep1Frame())
  }

  /** Re-stamps the connection's presence after its identity changed (party, role, name). */
  restamp(conn: Connection): void {
    const presence = conn.admission.principal.presence
    if (!presence) return
    const entries = []
    for (const clientId of conn.awarenessIds) {
      const state = this.awareness.getStates().get(clientId)
      const meta = this.awareness.meta.get(clientId)
      if (!state || !meta) continue
      entries.push({ clientId, clock: meta.clock + 1, stateJson: stampUser(JSON.stringify(state), presence) })
    }
    if (entries.length > 0)
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(entries), conn)
  }

  handleQueryAwareness(conn: Connection): void {
    if (!conn.syncRequestBucket.take()) {
      conn.close(CloseCode.TooSlow, closeCodeId[CloseCode.TooSlow])
      return
    }
    const ids = [...this.awareness.getStates().keys()]
    if (ids.length > 0) conn.send(this.awarenessFrame(ids))
  }

  /**
   * Sends a server event to the connections that announced support for Trepart's messages and
   * that `to` admits (everyone by default): encoded once, whoever receives it, and sent soon
   * (`CollabSocket.sendSoon`): no keystroke waits on an event.
   */
  sendEvent(event: ServerEvent, to?: (conn: Connection) => boolean): void {
    let frame: Uint8Array | null = null
    for (const conn of this.connections) {
      if (!conn.supportsTrepart || (to && !to(conn))) continue
      frame ??= encodeServerEvent(event)
      conn.sendSoon(frame)
    }
  }

  /**
   * An update another instance committed (or one read from the database to fill a gap): committed
   * already, so it goes straight into the Y.Doc, which holds committed state only, and on to every
   * connection here. Local writes are applied in their commit order as before; Yjs integrates
   * updates in any order, so a remote one between them changes nothing of theirs.
   */
  applyRemote(update: Uint8Array): boolean {
    if (this.destroyed) return false
    this.cachedFullState = null
    this.cachedSyncStep1 = null
    this.fullStateUpdate = null
    this.storedBytes += update.byteLength
    this.commits++
    try {
      Y.applyUpdate(this.doc, update, REMOTE_ORIGIN)
    } catch (error) {
      this.deps.log.error({ err: error, documentId: this.id }, 'remote update failed to apply')
      return false
    }
    const updateFrame = updateFrameOf(update)
    for (const conn of this.connections) conn.send(updateFrame)
    return true
  }

  /** Presence from another instance: relayed here, never published back. */
  applyRemoteAwareness(update: Uint8Array): void {
    if (this.destroyed) return
    try {
      const all = decodeAwarenessUpdate(update, this.deps.limits.maxAwarenessEntriesPerMessage)
      if (!all) return
      // A client id a connection here owns is this instance's to say: another instance's word on
      // it (someone claiming it there, or an old socket's goodbye) must not replace it.
      const entries = all.filter((e) => !this.awarenessOwners.has(e.clientId))
      if (entries.length === 0) return
      awarenessProtocol.applyAwarenessUpdate(
        this.awareness,
        entries.length === all.length ? update : encodeAwarenessEntries(entries),
        REMOTE_ORIGIN,
      )
      for (const { clientId } of entries)
        if (this.awareness.getStates().has(clientId) && !this.awarenessOwners.has(clientId))
          this.remoteAwarenessIds.add(clientId)
    } catch (error) {
      this.deps.log.debug({ err: error, documentId: this.id }, 'remote awareness update dropped')
    }
  }

  /** The presence of this instance's connections, for an instance that just opened the document. */
  localAwareness(): Uint8Array | null {
    const ids = [...this.awarenessOwners.keys()].filter((id) => this.awareness.getStates().has(id))
    return ids.length > 0 ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null
  }

  /** Resolves once no write of this room is waiting for its commit. */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  destroy(): void {
    if (this.destroyed) return
    this.destroyed = true
    this.awareness.off('update', this.onAwarenessUpdate)
    this.awareness.destroy()
    this.doc.destroy()
  }

  /**
   * After a background compaction folded log entries into the snapshot. `commitsBefore` is
   * {@link commits} from before the compaction read the log: when nothing was committed since,
   * the new snapshot holds exactly the committed state and can answer joiners as it is.
   */
  compacted(result: CompactionResult, commitsBefore: number): void {
    // Shared mode: the snapshot may hold other instances' updates this room has yet to apply.
    if (result.snapshot && this.commits === commitsBefore && !this.destroyed && !this.deps.fanout) {
      this.fullStateUpdate = result.snapshot
    }
    this.tailCount = Math.max(0, this.tailCount - result.foldedUpdates)
    this.tailBytes = Math.max(0, this.tailBytes - result.foldedBytes)
    this.storedBytes = Math.max(
      0,
      this.storedBytes - result.foldedBytes - result.previousSnapshotBytes + result.snapshotBytes,
    )
  }

  /** Applies a committed write; whether it changed the document (new content or a deletion). */
  private applyCommitted(origin: Connection, update: Uint8Array): boolean {
    if (this.destroyed) return false
    this.cachedFullState = null
    this.cachedSyncStep1 = null
    this.fullStateUpdate = null
    // Integrated before it is relayed, though relaying first would take the integration off the
    // path to the others: an update that decodes but does not integrate (only a crafted one does)
    // must not reach the other clients, whose Yjs would throw on it as the server's does.
    let changed = false
    try {
      // One transaction around the apply (Yjs joins it): what it integrated or deleted is read
      // from it, with no copy of the state vector on this per-keystroke path.
      Y.transact(
        this.doc,
        (tr) => {
          Y.applyUpdate(this.doc, update, origin)
          changed = tr.changed.size > 0 || tr.deleteSet.clients.size > 0
        },
        origin,
        false, // as Y.applyUpdate's own: a remote change
      )
    } catch (error) {
      // Stored already: say so loudly and drop the sender.
      this.deps.log.error({ err: error, documentId: this.id }, 'committed update failed to apply')
      origin.close(CloseCode.ProtocolError, closeCodeId[CloseCode.ProtocolError])
      return false
    }
    const updateFrame = updateFrameOf(update)
    // Never echoed to the sender: it has the update already.
    for (const conn of this.connections) if (conn !== origin) conn.send(updateFrame)
    return changed
  }

  private maybeCompact(): void {
    if (
      !this.compacting &&
      (this.tailCount >= this.deps.compactAfterUpdates || this.tailBytes >= this.deps.compactAfterBytes)
    ) {
      this.deps.requestCompaction(this)
    }
  }

  private notifyIfIdle(): void {
    if (this.pending !== 0) return
    const waiters = this.idleWaiters.splice(0)
    for (const w of waiters) w()
  }

  private isOwnedByOther(conn: Connection, clientId: number): boolean {
    const other = this.awarenessOwners.get(clientId)
    if (!other && this.remoteAwarenessIds.has(clientId)) {
      // Another instance's client, echoed here by one of ours; unless it is its user moving over
      // (their instance died or they were sent elsewhere), who takes it over.
      const state = this.awareness.getStates().get(clientId) as { user?: { id?: unknown } } | undefined
      if (state?.user?.id !== conn.admission.principal.id) return true
      this.remoteAwarenessIds.delete(clientId)
      return false
    }
    if (!other || other === conn) return false
    if (other.admission.principal.id === conn.admission.principal.id) {
      // The same user's older connection, most likely dead but not yet noticed: hand the id over,
      // so its close does not remove the presence of the live one.
      other.awarenessIds.delete(clientId)
      this.awarenessOwners.delete(clientId)
      return false
    }
    return true
  }

  private awarenessFrame(clientIds: number[]): Uint8Array {
    const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, clientIds)
    return frame(MessageType.Awareness, (e) => encoding.writeVarUint8Array(e, update))
  }

  /** Awareness is echoed to its sender too: the stock client needs to hear something every 30 s. */
  private readonly onAwarenessUpdate = (
    {
      added,
      updated,
      removed,
    }: {
      added: number[]
      updated: number[]
      removed: number[]
    },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed]
    if (changed.length === 0) return
    for (const id of removed) this.remoteAwarenessIds.delete(id)
    // What this instance's connections did (not a timeout here, not what came from elsewhere):
    // the other instances each expire it on their own if this one dies.
    const fanout = this.deps.fanout
    if (fanout && origin !== REMOTE_ORIGIN && typeof origin === 'object' && origin !== null)
      fanout.awareness(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed))
    if (this.connections.size === 0) return
    const presence = this.awarenessFrame(changed)
    for (const conn of this.connections) conn.send(presence)
  }
}

/**
 * Applies stored snapshot and log to `doc`. One entry that fails to apply is logged and skipped
 * rather than making the whole document unloadable. Returns whether every entry applied.
 */
function loadInto(doc: Y.Doc, stored: StoredDocument, documentId: string, log: Logger): boolean {
  const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates
  let complete = true
  for (const [i, part] of parts.entries()) {
    try {
      Y.applyUpdate(doc, part)
    } catch (error) {
      complete = false
      log.error({ err: error, documentId, part: i }, 'stored update failed to apply; skipped')
    }
  }
  return complete
}

/** A sync update frame carrying `update` as it is. */
function updateFrameOf(update: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, (e) => syncProtocol.writeUpdate(e, update))
}

/** A sync step 2 frame carrying `update` as it is. */
function syncStep2FrameOf(update: Uint8Array): Uint8Array {
  return frame(MessageType.Sync, (e) => {
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2)
    encoding.writeVarUint8Array(e, update)
  })
}
