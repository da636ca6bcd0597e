/**
 * Tells everyone concerned what happened to a thread, after the write is stored: the event itself
 * to the thread's audience (rooms deliver it per connection), and, when the number of open threads
 * may have changed, the document's counts per party for that audience (workspace lists show each
 * member theirs; a party outside the audience hears nothing, not even an unchanged count).
 *
 * Counting runs after the answer, never on the request's path, and at most one count per document
 * and audience runs at a time: a write that lands while one runs asks for one more, which reads the
 * state after it. So the last count published is always taken after the last write, and counts
 * never arrive out of order.
 */
import type { ThreadServerEvent } from '@trepart/shared'
import type { Logger } from 'pino'
import type { PubSub, ThreadAudience } from '../pubsub/pubsub.js'
import type { Threads } from '../store/threads.js'
import { threadAudience } from './visibility.js'

export interface AnnouncedThread {
  workspaceId: string
  documentId: string
  visibility: string
  party: string
}

export class ThreadAnnouncer {
  /** Counts running, by document and audience; `true` when another count is wanted after it. */
  private readonly counting = new Map<string, boolean>()

  constructor(
    private readonly pubsub: PubSub,
    private readonly threads: Threads,
    private readonly log: Logger,
  ) {}

  /** `recount`: the write may have changed how many threads are open (created, resolved, reopened). */
  announce(thread: AnnouncedThread, event: ThreadServerEvent, recount: boolean): void {
    const audience = threadAudience(thread)
    const { workspaceId, documentId } = thread
    this.pubsub.documents.publish({ type: 'thread.changed', workspaceId, documentId, audience, event })
    if (recount) this.recount(workspaceId, documentId, audience)
  }

  /** Counts running now (tests wait for none). */
  get pendingCounts(): number {
    return this.counting.size
  }

  private recount(workspaceId: string, documentId: string, audience: ThreadAudience): void {
    const key = `${documentId} ${audience.visibility} ${audience.visibility === 'party' ? audience.party : ''}`
    if (this.counting.has(key)) {
      this.counting.set(key, true)
      return
    }
    this.counting.set(key, false)
    void this.countLoop(key, workspaceId, documentId, audience)
  }

  private async countLoop(
    key: string,
    workspaceId: string,
    documentId: string,
    audience: ThreadAudience,
  ): Promise<void> {
    try {
      do {
        this.counting.set(key, false)
        try {
          const openThreadsByParty = await this.threads.openCountsByParty(documentId)
          this.pubsub.documents.publish({
            type: 'threads.counted',
            workspaceId,
            documentId,
            audience,
            openThreadsByParty,
          })
        } catch (err) {
          // The lists keep their last count until the next write or reload; nothing else depends on it.
          this.log.warn({ err, documentId }, 'open threads not counted')
        }
      } while (this.counting.get(key) === true)
    } finally {
      this.counting.delete(key)
    }
  }
}
