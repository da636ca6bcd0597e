/**
 * Rooms by document id: loads a room on first connection (never an empty one when loading fails),
 * routes each connection's frames inside a guard, unloads a room a while after its last connection
 * left once nothing is pending, runs background compaction, and drains everything on shutdown.
 */
import {
  CloseCode,
  canWrite as canWriteContent,
  closeCodeId,
  type DocumentStatus,
  encodeServerEvent,
  type PartyKey,
  partyColor,
  type Role,
  type ServerEvent,
} from '@trepart/shared'
import type { Logger } from 'pino'
import type { DocumentStore } from '../store/document-store.js'
import type { GroupCommitter } from '../store/group-committer.js'
import type { CommentRequests } from './comment-requests.js'
import { Connection, type ConnectionLimits } from './connection.js'
import { type ConnectionCapLimits, ConnectionCaps } from './connection-caps.js'
import type { FanoutSync } from './fanout-sync.js'
import { handleMessage } from './message-handler.js'
import { Room, type RoomLimits } from './room.js'
import type { Admission, CollabSocket, Principal } from './socket.js'

/** What may change of an open connection's admission (see `RoomRegistry.updateAdmission`). */
export interface AdmissionChange {
  name?: string
  party?: string
  role?: Role
  documentStatus?: DocumentStatus
}

export interface RoomRegistryOptions {
  limits: RoomLimits & ConnectionLimits & ConnectionCapLimits
  roomUnloadDelayMs: number
  /** How long an upgrade may take (UPGRADE_TIMEOUT_MS): status changes are remembered twice as long. */
  upgradeTimeoutMs: number
  compactAfterUpdates: number
  compactAfterBytes: number
  /** How long a queued compaction waits for the one before it (`Config['compaction']['waitMs']`). */
  compactionWaitMs?: number
  /** Called after a document's content was committed, with the writer as admitted. */
  onContentCommitted?: (documentId: string, writer: Principal) => void
  /** Shared mode: rooms follow the other instances' writes to their documents. */
  fanout?: FanoutSync
  /** Answers the connections' comment requests; without it they close the connection. */
  comments?: CommentRequests
}

export interface ShutdownResult {
  /** Documents with writes that could not be stored before the deadline. */
  unsavedDocuments: string[]
}

/** As `COMPACTION_WAIT_MS`' default, for registries built without it (tests of the core). */
const DEFAULT_COMPACTION_WAIT_MS = 30_000

export class RoomRegistry {
  readonly rooms = new Map<string, Room>()
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private readonly compactions = new Set<Promise<void>>()
  /** The last compaction queued: each starts when the one before it has ended. */
  private lastCompaction: Promise<void> = Promise.resolve()
  private readonly connections = new Set<Connection>()
  private readonly caps: ConnectionCaps
  private stopping = false
  /** Counts access events (revocations, removals, role changes) for upgrades that raced one. */
  accessEpoch = 0
  /**
   * Status changes of the last `recentStatusMs` (longer than any upgrade may take, so none admitted
   * before a change outlives the record of it), for upgrades admitted just before one.
   */
  private readonly recentStatus = new Map<string, { status: DocumentStatus; at: number }>()
  private readonly recentStatusMs: number
  /** Documents with a write that could not be stored during shutdown. */
  private readonly failedWhileStopping = new Set<string>()

  constructor(
    private readonly store: DocumentStore,
    private readonly committer: GroupCommitter,
    private readonly options: RoomRegistryOptions,
    private readonly log: Logger,
  ) {
    this.caps = new ConnectionCaps(options.limits)
    this.recentStatusMs = Math.max(60_000, 2 * options.upgradeTimeoutMs)
  }

  /** Number of open connections across rooms. */
  get connectionCount(): number {
    return this.connections.size
  }

  /** Documents and users that hold a connection (both go back to zero when the connections close). */
  get capCounts(): { documents: number; users: number } {
    return this.caps.size
  }

  /** Rooms being loaded right now. */
  get loadingCount(): number {
    return this.loading.size
  }

  /**
   * Attaches a socket to the room of `documentId`. The returned connection takes frames through
   * `receive` (queued until the room is loaded); the transport calls `transportClosed` when the
   * socket closes.
   */
  connect(documentId: string, socket: CollabSocket, admission: Admission): Connection {
    const conn = new Connection(socket, admission, documentId, this.options.limits, this.log)
    let room: Room | null = null
    if (this.stopping) {
      conn.close(CloseCode.GoingAway, closeCodeId[CloseCode.GoingAway])
      return conn
    }
    // Counted before the room loads: connections waiting for a cold document hold places too.
    const refused = this.caps.admit(conn)
    if (refused !== null) {
      conn.close(refused, closeCodeId[refused])
      return conn
    }
    this.connections.add(conn)
    // Only ever towards a lock: an admission read before an unlock is merely read-only until its
    // re-check, while one read before a lock must not take a single write.
    const recent = this.recentStatus.get(documentId)
    if (recent && recent.status !== 'draft' && admission.access?.documentStatus === 'draft')
      this.updateAdmission(conn, { documentStatus: recent.status })
    conn.onClose(() => {
      this.connections.delete(conn)
      this.caps.release(conn)
      if (room) {
        room.leave(conn)
        this.scheduleUnloadIfEmpty(room)
      }
    })
    this.getRoom(documentId).then(
      (loaded) => {
        if (conn.closed) {
          this.scheduleUnloadIfEmpty(loaded)
          return
        }
        room = loaded
        this.cancelUnload(documentId)
        loaded.join(conn)
        conn.attach((data) => this.dispatch(loaded, conn, data))
      },
      (error: unknown) => {
        this.log.error({ err: error, documentId }, 'document failed to load; refusing connection')
        conn.close(CloseCode.LoadFailed, closeCodeId[CloseCode.LoadFailed])
      },
    )
    return conn
  }

  /** Open connections matching `predicate` (for access changes: revoked sessions, removed members). */
  connectionsWhere(predicate: (conn: Connection) => boolean): Connection[] {
    return [...this.connections].filter(predicate)
  }

  /**
   * The one place an open connection's admission changes (a role, party or name change, a
   * re-check after its upgrade raced an access event, a lock of its document). Whatever changed,
   * the consequences follow here: `canWrite` is recomputed by the one write rule; a connection that
   * may no longer write, or may again, or whose role changed, is told (and one that may write again
   * is asked again for what it holds, since its writes were dropped meanwhile: A4); a new party resets its threads (C4); a new identity
   * re-stamps its presence (A5).
   */
  updateAdmission(conn: Connection, change: AdmissionChange): void {
    const before = conn.admission
    const principal = { ...before.principal }
    if (change.name !== undefined) principal.name = change.name
    if (change.party !== undefined) principal.party = change.party
    if (principal.presence) {
      principal.presence = {
        ...principal.presence,
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.party !== undefined ? { party: change.party, color: partyColor(change.party) } : {}),
        ...(change.role !== undefined ? { role: change.role } : {}),
      }
    }
    const access = before.access && {
      role: change.role ?? before.access.role,
      documentStatus: change.documentStatus ?? before.access.documentStatus,
    }
    const canWrite = access
      ? canWriteContent(access.role, access.documentStatus)
      : change.documentStatus !== undefined
        ? before.canWrite && change.documentStatus === 'draft'
        : before.canWrite
    conn.admission = { principal, ...(access ? { access } : {}), canWrite }

    const room = this.rooms.get(conn.documentId)
    const joined = room?.connections.has(conn) === true
    // A role change is told even when writing stays as it was (commenter ↔ viewer): the client's
    // comment controls follow the role.
    const roleChanged = access !== undefined && access.role !== before.access?.role
    if ((canWrite !== before.canWrite || roleChanged) && conn.supportsTrepart)
      conn.send(
        encodeServerEvent({ type: 'access.changed', canWrite, ...(access ? { role: access.role } : {}) }),
      )
    if (canWrite && !before.canWrite && joined) room!.requestMissing(conn)
    if (principal.party !== before.principal.party && principal.party !== undefined && conn.supportsTrepart)
      conn.send(encodeServerEvent({ type: 'threads.reset', party: principal.party as PartyKey }))
    const presence = principal.presence
    const was = before.principal.presence
    if (
      joined &&
      presence &&
      (presence.name !== was?.name || presence.party !== was?.party || presence.role !== was?.role)
    )
      room!.restamp(conn)
  }

  /**
   * A document's status changed (a round started or ended, it became final): every open
   * connection to it is admitted again under the new status, at once, before this returns. An
   * upgrade whose admission was read before the change is caught twice: the access epoch moves
   * (it re-reads), and until then `connect` applies the status recorded here, so not one of its
   * writes is taken on a document that just locked.
   */
  setDocumentStatus(documentId: string, documentStatus: DocumentStatus): void {
    this.accessEpoch++
    const now = Date.now()
    for (const [id, recent] of this.recentStatus)
      if (now - recent.at > this.recentStatusMs) this.recentStatus.delete(id)
    this.recentStatus.set(documentId, { status: documentStatus, at: now })
    for (const conn of this.connectionsWhere((c) => c.documentId === documentId))
      this.updateAdmission(conn, { documentStatus })
  }

  /** Sends a server event to the Trepart clients of a loaded room that `to` admits (all by default). */
  sendEvent(documentId: string, event: ServerEvent, to?: (conn: Connection) => boolean): void {
    this.rooms.get(documentId)?.sendEvent(event, to)
  }

  /** Every frame goes through here: an error closes this connection only. */
  private dispatch(room: Room, conn: Connection, data: Uint8Array): void {
    try {
      handleMessage(room, conn, data, this.options.comments)
    } catch (error) {
      conn.protocolError(CloseCode.ProtocolError, closeCodeId[CloseCode.ProtocolError], error)
    }
  }

  private getRoom(documentId: string): Promise<Room> {
    const existing = this.rooms.get(documentId)
    if (existing) return Promise.resolve(existing)
    const inFlight = this.loading.get(documentId)
    if (inFlight) return inFlight
    const fanout = this.options.fanout
    const load = async (): Promise<Room> => {
      // Shared mode: listening before loading, so nothing committed in between is missed.
      if (fanout) await fanout.beforeLoad(documentId)
      let stored: Awaited<ReturnType<DocumentStore['load']>>
      try {
        stored = await this.store.load(documentId)
      } catch (error) {
        fanout?.loadFailed(documentId)
        throw error
      }
      const room = new Room(documentId, stored, {
        commit: (id, update, callbacks) => this.committer.submit(id, update, callbacks),
        requestCompaction: (r) => this.compact(r),
        ...(this.options.onContentCommitted ? { onContentCommitted: this.options.onContentCommitted } : {}),
        onCommitFailed: (id) => {
          if (this.stopping) this.failedWhileStopping.add(id)
        },
        ...(fanout ? { fanout: fanout.fanoutFor(documentId) } : {}),
        limits: this.options.limits,
        compactAfterUpdates: this.options.compactAfterUpdates,
        compactAfterBytes: this.options.compactAfterBytes,
        log: this.log,
      })
      fanout?.loaded(room, stored)
      return room
    }
    const promise = load().then(
      (room) => {
        this.rooms.set(documentId, room)
        this.loading.delete(documentId)
        return room
      },
      (error: unknown) => {
        // Not cached: the next connection tries again.
        this.loading.delete(documentId)
        throw error
      },
    )
    this.loading.set(documentId, promise)
    return promise
  }

  private cancelUnload(documentId: string): void {
    const timer = this.unloadTimers.get(documentId)
    if (timer) {
      clearTimeout(timer)
      this.unloadTimers.delete(documentId)
    }
  }

  private scheduleUnloadIfEmpty(room: Room): void {
    if (room.connections.size > 0 || this.unloadTimers.has(room.id) || room.destroyed) return
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.id)
      void this.unload(room)
    }, this.options.roomUnloadDelayMs)
    timer.unref()
    this.unloadTimers.set(room.id, timer)
  }

  private async unload(room: Room): Promise<void> {
    await room.whenIdle()
    if (room.connections.size > 0 || room.destroyed || this.rooms.get(room.id) !== room) return
    this.rooms.delete(room.id)
    room.destroy()
    this.options.fanout?.unloaded(room.id)
    // Idle documents are kept compacted, so the next load is one snapshot.
    if (room.tailCount > 1) this.compact(room)
  }

  /**
   * Background compaction; a failure is logged and the log stays as it was. One at a time: a
   * compaction holds the database connection for its reads and writes, and an edit's append that
   * finds it busy queues behind it. Documents that grew together (a meeting's) reach the
   * threshold together, and their compactions, all queued at once, held every edit of every
   * document for the whole batch (360 ms for 50 documents in the busy day): one after another,
   * with the edits that arrived in between appended first, an edit waits for one at most.
   */
  private compact(room: Room): void {
    if (room.compacting) return
    room.compacting = true
    const before = this.lastCompaction
    const waitMs = this.options.compactionWaitMs ?? DEFAULT_COMPACTION_WAIT_MS
    let timer: NodeJS.Timeout | undefined
    const turn = Promise.race([
      before,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs)
        timer.unref()
      }),
    ]).finally(() => clearTimeout(timer))
    const task = turn.then(async () => {
      // Let the current burst of commits (and whatever waited on the one before) go first.
      await new Promise((r) => setImmediate(r))
      const commitsBefore = room.commits
      try {
        const result = await this.store.compact(room.id)
        if (result.compacted) {
          room.compacted(result, commitsBefore)
          this.log.debug({ documentId: room.id, folded: result.foldedUpdates }, 'compacted')
        }
      } catch (error) {
        this.log.error({ err: error, documentId: room.id }, 'compaction failed')
      } finally {
        room.compacting = false
      }
    })
    // Never rejects (the step catches everything), so no failure can break the chain.
    this.lastCompaction = task.catch(() => {})
    this.compactions.add(task)
    void task.finally(() => this.compactions.delete(task))
  }

  /** Waits for running compactions (tests, shutdown). */
  async whenCompacted(): Promise<void> {
    while (this.compactions.size > 0) await Promise.all([...this.compactions])
  }

  /**
   * Stops taking connections, commits everything pending (up to `timeoutMs`), closes every socket
   * with "going away" and unloads every room.
   */
  async shutdown(timeoutMs: number): Promise<ShutdownResult> {
    this.stopping = true
    for (const timer of this.unloadTimers.values()) clearTimeout(timer)
    this.unloadTimers.clear()
    // Close every socket first, so no write can arrive after the drain below has begun; what was
    // received is still committed (the clients resend anything else when they reconnect).
    for (const conn of [...this.connections])
      conn.close(CloseCode.GoingAway, closeCodeId[CloseCode.GoingAway])
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs)
    })
    await Promise.race([this.committer.whenIdle(), deadline])
    clearTimeout(timer)
    const stillPending = [...this.rooms.values()].filter((r) => r.pending > 0).map((r) => r.id)
    const unsavedDocuments = [...new Set([...stillPending, ...this.failedWhileStopping])]
    await Promise.race([this.whenCompacted(), new Promise((r) => setTimeout(r, Math.min(timeoutMs, 2000)))])
    for (const room of this.rooms.values()) room.destroy()
    this.rooms.clear()
    this.options.fanout?.close()
    return { unsavedDocuments }
  }
}
