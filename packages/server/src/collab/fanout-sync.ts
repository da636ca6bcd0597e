/**
 * Shared mode: keeps each open room equal to its document's log while other instances write to it.
 * The bus (a `DocumentFanout`) carries committed updates with their log positions, at most once;
 * the database is the truth. A room therefore:
 * - listens to the document's channel before it loads (what is committed in between arrives on
 *   the channel, and what the load already holds is skipped by position);
 * - applies what arrives and notes the positions (`LogPositions`);
 * - reads from the database what a hole lacks once it has waited `gapWaitMs`, what the database's
 *   head shows it lacks on a periodic check (a silence: the bus dropped the last updates), and
 *   everything new after the bus came back from an outage.
 * Knows nothing of Redis, ws or Hono.
 */
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { DocumentFanout, FanoutHandlers } from '../pubsub/document-fanout.js'
import type { DocumentStore, StoredDocument } from '../store/document-store.js'
import { LogPositions } from './log-positions.js'
import type { Room, RoomFanout } from './room.js'

export interface FanoutSyncOptions {
  gapWaitMs: number
  checkIntervalMs: number
  /**
   * Updates held for a document while it loads; past it they are dropped, and the head check
   * reads them from the database once the room exists (a slow load must not fill memory).
   */
  maxEarlyUpdates: number
  /** Observers (metrics): an update arrived from another instance `lagMs` after its commit; a gap was filled. */
  onReceived?(lagMs: number): void
  onGapFilled?(updates: number): void
  /** A room here applied content committed elsewhere (public drafts read anew). */
  onRemoteContent?(documentId: string): void
}

/** One document's link to the bus, from before its load until its room unloads. */
interface Link {
  documentId: string
  room: Room | null
  positions: LogPositions | null
  /** What arrived before the room existed. */
  early: Array<{ seq: number; update: Uint8Array; sentAt: number }>
  leave: () => void
  holeTimer: NodeJS.Timeout | null
  filling: Promise<void> | null
  fillAgain: boolean
  /** The database's head at the last check, when it was ahead of this room. */
  behindAt: number
}

export interface FanoutStats {
  gapsFilled: number
  updatesFilled: number
  received: number
}

export class FanoutSync {
  private readonly links = new Map<string, Link>()
  private readonly checker: NodeJS.Timeout
  private readonly stopReconnect: () => void
  private checking = false
  readonly stats: FanoutStats = { gapsFilled: 0, updatesFilled: 0, received: 0 }

  constructor(
    private readonly bus: DocumentFanout,
    private readonly store: DocumentStore,
    private readonly options: FanoutSyncOptions,
    private readonly log: Logger,
  ) {
    this.checker = setInterval(() => void this.checkHeads(), options.checkIntervalMs)
    this.checker.unref()
    this.stopReconnect = bus.onReconnect(() => {
      for (const link of this.links.values()) this.fill(link)
    })
  }

  /** Documents linked to the bus (leak checks). */
  get size(): number {
    return this.links.size
  }

  /** Before a document loads: listen to its channel. Resolves once listening. */
  async beforeLoad(documentId: string): Promise<void> {
    const link: Link = {
      documentId,
      room: null,
      positions: null,
      early: [],
      leave: () => {},
      holeTimer: null,
      filling: null,
      fillAgain: false,
      behindAt: 0,
    }
    this.links.set(documentId, link)
    const handlers: FanoutHandlers = {
      update: (seq, update, sentAt) => this.received(link, seq, update, sentAt),
      awareness: (update) => link.room?.applyRemoteAwareness(update),
      awarenessQuery: () => {
        const local = link.room?.localAwareness()
        if (local) this.bus.publishAwareness(documentId, local)
      },
    }
    try {
      link.leave = await this.bus.join(documentId, handlers)
    } catch (error) {
      this.links.delete(documentId)
      throw error
    }
  }

  /** The load failed: stop listening. */
  loadFailed(documentId: string): void {
    this.unlink(documentId)
  }

  /** What the room tells the other instances. */
  fanoutFor(documentId: string): RoomFanout {
    return {
      committed: (seq, update) => {
        const link = this.links.get(documentId)
        // Noted before it is published: an echo of it, or a fill racing it, then skips it.
        if (link?.positions) this.noteLocal(link, seq)
        this.bus.publishUpdate(documentId, seq, update)
      },
      awareness: (update) => this.bus.publishAwareness(documentId, update),
    }
  }

  /** The room is loaded from `stored`: apply what arrived meanwhile and ask for the presence elsewhere. */
  loaded(room: Room, stored: StoredDocument): void {
    const link = this.links.get(room.id)
    if (!link) return
    link.room = room
    link.positions = new LogPositions(stored.headSeq)
    const early = link.early
    link.early = []
    for (const e of early) this.received(link, e.seq, e.update, e.sentAt)
    this.bus.queryAwareness(room.id)
  }

  /** The room unloaded: stop listening. */
  unloaded(documentId: string): void {
    this.unlink(documentId)
  }

  /** Checks every open room against the database now (tests; the timer does it every interval). */
  async checkHeads(): Promise<void> {
    if (this.checking || this.links.size === 0) return
    this.checking = true
    try {
      const heads = await this.store.heads([...this.links.keys()])
      for (const [documentId, head] of heads) {
        const link = this.links.get(documentId)
        if (!link?.positions) continue
        const held = link.positions.contiguous
        // Behind twice in a row, by what the first check saw: not an update still on its way.
        if (link.behindAt > held) this.fill(link)
        link.behindAt = head > held ? head : 0
      }
    } catch (error) {
      this.log.warn({ err: error }, 'checking document heads failed; trying again')
    } finally {
      this.checking = false
    }
  }

  close(): void {
    clearInterval(this.checker)
    this.stopReconnect()
    for (const id of [...this.links.keys()]) this.unlink(id)
  }

  private unlink(documentId: string): void {
    const link = this.links.get(documentId)
    if (!link) return
    this.links.delete(documentId)
    if (link.holeTimer) clearTimeout(link.holeTimer)
    link.leave()
  }

  private received(link: Link, seq: number, update: Uint8Array, sentAt: number): void {
    if (!link.room || !link.positions) {
      if (link.early.length < this.options.maxEarlyUpdates) link.early.push({ seq, update, sentAt })
      return
    }
    this.stats.received++
    this.options.onReceived?.(Date.now() - sentAt)
    if (!link.positions.add(seq)) return
    link.room.applyRemote(update)
    this.options.onRemoteContent?.(link.documentId)
    this.watchHole(link)
  }

  private noteLocal(link: Link, seq: number): void {
    link.positions!.add(seq)
    this.watchHole(link)
  }

  /** A hole that outlasts `gapWaitMs` is read from the database. */
  private watchHole(link: Link): void {
    if (!link.positions!.hasHole) {
      if (link.holeTimer) {
        clearTimeout(link.holeTimer)
        link.holeTimer = null
      }
      return
    }
    if (link.holeTimer) return
    link.holeTimer = setTimeout(() => {
      link.holeTimer = null
      if (link.positions?.hasHole) this.fill(link)
    }, this.options.gapWaitMs)
    link.holeTimer.unref()
  }

  /** Reads what the room lacks from the database; one read at a time per document. */
  private fill(link: Link): void {
    if (link.filling) {
      link.fillAgain = true
      return
    }
    link.filling = (async () => {
      do {
        link.fillAgain = false
        const room = link.room
        const positions = link.positions
        if (!room || !positions || this.links.get(link.documentId) !== link) return
        const from = positions.contiguous
        const since = await this.store.readSince(link.documentId, from)
        if (room.destroyed || this.links.get(link.documentId) !== link) return
        const parts = since.snapshot ? [since.snapshot, ...since.updates] : since.updates
        // Part by part, as a load does: one stored update that does not integrate must not take
        // the good ones with it. Only what this room lacks goes to its connections.
        let applied = false
        for (const part of parts) {
          const missing = missingFrom(room.doc, part)
          if (missing && room.applyRemote(missing)) applied = true
        }
        if (applied) this.options.onRemoteContent?.(link.documentId)
        positions.fillTo(since.headSeq)
        if (since.headSeq > from) {
          this.stats.gapsFilled++
          this.stats.updatesFilled += since.headSeq - from
          this.options.onGapFilled?.(since.headSeq - from)
          this.log.info(
            { documentId: link.documentId, from, to: since.headSeq },
            'filled a gap in the fan-out from the database',
          )
        }
        this.watchHole(link)
      } while (link.fillAgain)
    })()
      .catch((error: unknown) => {
        this.log.warn(
          { err: error, documentId: link.documentId },
          'filling a gap failed; the next check tries again',
        )
      })
      .finally(() => {
        link.filling = null
      })
  }
}

/** What `part` holds that `doc` lacks; null when nothing (or when it does not even decode). */
function missingFrom(doc: Y.Doc, part: Uint8Array): Uint8Array | null {
  let diff: Uint8Array
  try {
    diff = Y.diffUpdate(part, Y.encodeStateVector(doc))
  } catch {
    return null
  }
  // An update that adds nothing: no structs and no deletions (2 zero varints in the v1 encoding).
  return diff.byteLength <= 2 ? null : diff
}
