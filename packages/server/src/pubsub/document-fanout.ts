/**
 * What a room hears from, and tells, the other instances that hold the same document (shared
 * mode). Delivery is at most once: a receiver that notices a hole in the log positions, or a head
 * in the database ahead of what it applied, reads the rest from the database. Rooms know this
 * interface only, never Redis.
 */

/** What arrives for one document from the other instances. */
export interface FanoutHandlers {
  /** An update committed elsewhere, at position `seq` of the document's log, committed at `sentAt` (epoch ms). */
  update(seq: number, update: Uint8Array, sentAt: number): void
  /** Presence from connections elsewhere (a y-protocols awareness update). */
  awareness(update: Uint8Array): void
  /** An instance that just opened the document asks for the presence it cannot have yet. */
  awarenessQuery(): void
}

export interface DocumentFanout {
  /**
   * Listens to the document's channel; resolves once the subscription is in force (or after a
   * short wait when the bus is away: the database check fills in), with the function that stops.
   */
  join(documentId: string, handlers: FanoutHandlers): Promise<() => void>
  publishUpdate(documentId: string, seq: number, update: Uint8Array): void
  publishAwareness(documentId: string, update: Uint8Array): void
  queryAwareness(documentId: string): void
  /** Called after the bus came back from an outage: whatever was published meanwhile is lost. */
  onReconnect(handler: () => void): () => void
}
