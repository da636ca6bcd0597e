/**
 * Tells everyone concerned what happened to a thread, after the write is stored: the event itself
 * to the thread's audience (rooms deliver it per connection), and, when the number of open threads
 * may have changed, the document's counts per party for the audiences whose counts moved
 * (workspace lists show each member theirs; a party outside them hears nothing, not even an
 * unchanged count).
 *
 * Two kinds of work run one at a time per key, as a loop that a call arriving while it runs asks to
 * go round once more: counting (per document), and announcing a thread's or comment's current
 * state (per thread or comment). Each round reads the state afresh after the writes before it, so
 * whatever order concurrent requests finish in, the last count or state sent is the one after the
 * last write: a resolve racing a reopen, or an edit racing a delete, can never leave the clients
 * holding the older one.
 */
import type { ThreadServerEvent } from '@trepart/shared'
import type { Logger } from 'pino'
import type { PubSub, ThreadAudience } from '../pubsub/pubsub.js'
import { SerialLoops } from '../serial-loops.js'
import type { Threads } from '../store/threads.js'
import { threadAudience } from './visibility.js'

export interface AnnouncedThread {
  workspaceId: string
  documentId: string
  visibility: string
  party: string
}

export class ThreadAnnouncer {
  private readonly loops: SerialLoops
  /** Audiences whose counts moved since their document's count loop last read, by document. */
  private readonly moved = new Map<string, { workspaceId: string; audiences: Map<string, ThreadAudience> }>()

  constructor(
    private readonly pubsub: PubSub,
    private readonly threads: Threads,
    log: Logger,
  ) {
    this.loops = new SerialLoops(log)
  }

  /** Loops running now (tests wait for none). */
  get pending(): number {
    return this.loops.size
  }

  /**
   * Sends `event` to the thread's audience. For events that only ever happen once to their subject
   * (a thread started, a reply added): nothing can overtake them.
   */
  announce(thread: AnnouncedThread, event: ThreadServerEvent, recount: boolean): void {
    this.publish(thread, event)
    if (recount) this.recount(thread)
  }

  /**
   * Sends the current state of something that can change again (a thread's status, a comment's
   * body): `read` gives the event for it as stored now, or null when there is nothing to say.
   */
  announceCurrent(
    thread: AnnouncedThread,
    key: string,
    read: () => Promise<ThreadServerEvent | null>,
    recount: boolean,
  ): void {
    this.loops.run(`state ${key}`, async () => {
      const event = await read()
      if (event) this.publish(thread, event)
    })
    if (recount) this.recount(thread)
  }

  private publish(thread: AnnouncedThread, event: ThreadServerEvent): void {
    const { workspaceId, documentId } = thread
    this.pubsub.documents.publish({
      type: 'thread.changed',
      workspaceId,
      documentId,
      audience: threadAudience(thread),
      event,
    })
  }

  private recount(thread: AnnouncedThread): void {
    const { workspaceId, documentId } = thread
    const audience = threadAudience(thread)
    const entry = this.moved.get(documentId) ?? { workspaceId, audiences: new Map() }
    entry.audiences.set(`${audience.visibility} ${audience.party}`, audience)
    this.moved.set(documentId, entry)
    // One count loop per document: a party's count is its own internal threads plus the shared
    // ones, so counts for different audiences must not race each other either.
    this.loops.run(`count ${documentId}`, async () => {
      const taken = this.moved.get(documentId)
      this.moved.delete(documentId)
      if (!taken) return
      const openThreadsByParty = await this.threads.openCountsByParty(documentId)
      this.pubsub.documents.publish({
        type: 'threads.counted',
        workspaceId: taken.workspaceId,
        documentId,
        audiences: [...taken.audiences.values()],
        openThreadsByParty,
      })
    })
  }
}
