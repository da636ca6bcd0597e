/**
 * Rooms by document id: loads a room on first connection (never an empty one when loading fails),
 * routes each connection's frames inside a guard, unloads a room a while after its last connection
 * left once nothing is pending, runs background compaction, and drains everything on shutdown.
 */
import { CloseCode, closeCodeId, encodeServerEvent, type ServerEvent } from '@trepart/shared'
import type { Logger } from 'pino'
import type { DocumentStore } from '../store/document-store.js'
import type { GroupCommitter } from '../store/group-committer.js'
import { Connection, type ConnectionLimits } from './connection.js'
import { type ConnectionCapLimits, ConnectionCaps } from './connection-caps.js'
import { handleMessage } from './message-handler.js'
import { Room, type RoomLimits } from './room.js'
import type { Admission, CollabSocket } from './socket.js'

export interface RoomRegistryOptions {
  limits: RoomLimits & ConnectionLimits & ConnectionCapLimits
  roomUnloadDelayMs: number
  compactAfterUpdates: number
  compactAfterBytes: number
  /** Called after a document's content was committed. */
  onContentCommitted?: (documentId: string) => void
}

export interface ShutdownResult {
  /** Documents with writes that could not be stored before the deadline. */
  unsavedDocuments: string[]
}

export class RoomRegistry {
  readonly rooms = new Map<string, Room>()
  private readonly loading = new Map<string, Promise<Room>>()
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>()
  private readonly compactions = new Set<Promise<void>>()
  private readonly connections = new Set<Connection>()
  private readonly caps: ConnectionCaps
  private stopping = false
  /** Counts access events (revocations, removals, role changes) for upgrades that raced one. */
  accessEpoch = 0
  /** Documents with a write that could not be stored during shutdown. */
  private readonly failedWhileStopping = new Set<string>()

  constructor(
    private readonly store: DocumentStore,
    private readonly committer: GroupCommitter,
    private readonly options: RoomRegistryOptions,
    private readonly log: Logger,
  ) {
    this.caps = new ConnectionCaps(options.limits)
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

  /** Re-stamps a connection's presence in its room after its identity changed. */
  restamp(conn: Connection): void {
    const room = this.rooms.get(conn.documentId)
    if (room?.connections.has(conn)) room.restamp(conn)
  }

  /** Applies a change of rights to an open connection: tells it, and resyncs it when it may write again. */
  changeAccess(conn: Connection, canWrite: boolean): void {
    const could = conn.admission.canWrite
    conn.admission = { ...conn.admission, canWrite }
    if (could === canWrite) return
    if (conn.supportsTrepart) conn.send(encodeServerEvent({ type: 'access.changed', canWrite }))
    const room = this.rooms.get(conn.documentId)
    if (canWrite && room?.connections.has(conn)) room.requestMissing(conn)
  }

  /** Sends a server event to the Trepart clients of a loaded room that `to` admits (all by default). */
  sendEvent(documentId: string, event: ServerEvent, to?: (conn: Connection) => boolean): void {
    this.rooms.get(documentId)?.sendEvent(event, to)
  }

  /** Every frame goes through here: an error closes this connection only. */
  private dispatch(room: Room, conn: Connection, data: Uint8Array): void {
    try {
      handleMessage(room, conn, data)
    } catch (error) {
      conn.protocolError(CloseCode.ProtocolError, closeCodeId[CloseCode.ProtocolError], error)
    }
  }

  private getRoom(documentId: string): Promise<Room> {
    const existing = this.rooms.get(documentId)
    if (existing) return Promise.resolve(existing)
    const inFlight = this.loading.get(documentId)
    if (inFlight) return inFlight
    const promise = this.store.load(documentId).then(
      (stored) => {
        const room = new Room(documentId, stored, {
          commit: (id, update, callbacks) => this.committer.submit(id, update, callbacks),
          requestCompaction: (r) => this.compact(r),
          ...(this.options.onContentCommitted ? { onContentCommitted: this.options.onContentCommitted } : {}),
          onCommitFailed: (id) => {
            if (this.stopping) this.failedWhileStopping.add(id)
          },
          limits: this.options.limits,
          compactAfterUpdates: this.options.compactAfterUpdates,
          compactAfterBytes: this.options.compactAfterBytes,
          log: this.log,
        })
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
    // Idle documents are kept compacted, so the next load is one snapshot.
    if (room.tailCount > 1) this.compact(room)
  }

  /** Background compaction; a failure is logged and the log stays as it was. */
  private compact(room: Room): void {
    if (room.compacting) return
    room.compacting = true
    const task = (async () => {
      // Let the current burst of commits finish first.
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
    })()
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
    return { unsavedDocuments }
  }
}
