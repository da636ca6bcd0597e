/**
 * Keeps open connections' view of a document's status (draft, in review, final) equal to the
 * database's. The status is never taken from an event or a caller: each sync reads it from the
 * database and applies it (`RoomRegistry.setDocumentStatus`), one sync at a time per document, so
 * a read made before a change can never be applied after one made after it. A lock (a round
 * starting) is a sync awaited by the route after its transaction committed: when it resolves,
 * every connection is read-only, whatever syncs were under way.
 */
import type { DocumentStatus } from '@trepart/shared'
import type { Logger } from 'pino'
import type { RoomRegistry } from './room-registry.js'

export class DocumentStatusSync {
  /** The last sync queued per document; removed once it is the last and has run. */
  private readonly queues = new Map<string, Promise<void>>()

  constructor(
    private readonly registry: RoomRegistry,
    private readonly readStatus: (documentId: string) => Promise<DocumentStatus | null>,
    private readonly log: Logger,
  ) {}

  /** Syncs under way or queued (tests wait for none). */
  get pending(): number {
    return this.queues.size
  }

  /**
   * Reads the document's status after every write committed before this call, applies it, and
   * resolves; rejects when the read failed (the status on the connections stays as it was).
   */
  sync(documentId: string): Promise<void> {
    const previous = this.queues.get(documentId) ?? Promise.resolve()
    const run = previous.then(async () => {
      const status = await this.readStatus(documentId)
      if (status) this.registry.setDocumentStatus(documentId, status)
    })
    const settled = run.catch(() => {})
    this.queues.set(documentId, settled)
    void settled.then(() => {
      if (this.queues.get(documentId) === settled) this.queues.delete(documentId)
    })
    return run
  }

  /** A sync nobody waits for (a status change heard from the bus): a failure is logged. */
  syncInBackground(documentId: string): void {
    this.sync(documentId).catch((err: unknown) =>
      this.log.warn({ err, documentId }, 'document status not synced to its connections'),
    )
  }
}
