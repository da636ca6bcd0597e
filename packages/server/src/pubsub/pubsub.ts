/**
 * Events that must reach every open connection and stream they concern, on this instance or
 * (scaled out, later) on others, in two topics:
 * - **access** events change who may do what: revoked sessions, membership changes, renames of
 *   people and workspaces. Rooms act on them (close, re-stamp, change rights).
 * - **document** events say what happened to a document: its metadata, its comment threads. Rooms
 *   and event streams pass them on, each recipient filtered by what it may see.
 * In-process today; the scale-out issue adds a Redis implementation of the same interface.
 */
import type { DocumentInfo, PartyKey, Role, ThreadServerEvent } from '@trepart/shared'

export type AccessEvent =
  | { type: 'sessions.revoked'; sessionIds: string[] }
  | { type: 'sessions.replaced'; sessionIds: string[] }
  | { type: 'member.changed'; workspaceId: string; userId: string; party: PartyKey; role: Role }
  | { type: 'member.removed'; workspaceId: string; userId: string }
  | { type: 'user.renamed'; userId: string; name: string }
  | { type: 'workspace.renamed'; workspaceId: string; name: string }

/**
 * Who may receive a thread's events: the thread's visibility and party (`shared`: everyone who may
 * read the document; `party`: that party's members only).
 */
export interface ThreadAudience {
  visibility: 'shared' | 'party'
  party: PartyKey
}

export type DocumentEvent =
  /**
   * Created, renamed or archived (`metadata`), or its content edited (`content`, throttled: only
   * `updatedAt` moved): the document as the API presents it.
   */
  | { type: 'document.changed'; workspaceId: string; document: DocumentInfo; change: 'metadata' | 'content' }
  /**
   * A sign-off step (a round started, a decision, the round ended): the parties the open round
   * still awaits, empty when none is open. Public within the workspace, like the decisions.
   */
  | { type: 'signoff.changed'; workspaceId: string; documentId: string; awaitingParties: PartyKey[] }
  /** Something happened to a thread; only its audience may hear of it. */
  | {
      type: 'thread.changed'
      workspaceId: string
      documentId: string
      audience: ThreadAudience
      event: ThreadServerEvent
    }
  /**
   * The document's open threads as each party may count them (its shared ones plus its own
   * internal ones), after changes to threads of `audiences`: only their counts changed, and only
   * they are told (a count that did not move would still say that something happened).
   */
  | {
      type: 'threads.counted'
      workspaceId: string
      documentId: string
      audiences: ThreadAudience[]
      openThreadsByParty: Record<PartyKey, number>
    }
  /**
   * A meeting, its agenda, outcomes or attendance changed: open meeting pages read it again, and
   * workspace lists refresh. Carries no content: every reader reads what it may see.
   */
  | { type: 'meeting.changed'; workspaceId: string; meetingId: string }
  /**
   * A follow-up item of the document was made or changed: lists and the decision's page read it
   * again. Carries no content (every member may see follow-ups; a reader reads them as they are).
   */
  | { type: 'followup.changed'; workspaceId: string; documentId: string; followUpId: string }

/** One topic: delivery on a later turn, to every handler subscribed at that time. */
export interface Topic<E> {
  publish(event: E): void
  subscribe(handler: (event: E) => void): () => void
  /** Handlers subscribed on this instance. */
  readonly subscriberCount: number
}

export interface PubSub {
  readonly access: Topic<AccessEvent>
  readonly documents: Topic<DocumentEvent>
  /** Handlers subscribed on this instance across topics: every one has an owner that unsubscribes it (leak checks). */
  readonly subscriberCount: number
}

/** Told when a handler threw: one bad event (from another instance, say) never takes the process down. */
export type HandlerError = (error: unknown, event: unknown) => void

class InProcessTopic<E> implements Topic<E> {
  private readonly handlers = new Set<(event: E) => void>()

  constructor(private readonly onError: HandlerError) {}

  publish(event: E): void {
    // Delivered on the next turn, like a remote bus would: publishers never depend on handlers running inline.
    queueMicrotask(() => {
      for (const handler of this.handlers) {
        try {
          handler(event)
        } catch (error) {
          this.onError(error, event)
        }
      }
    })
  }

  subscribe(handler: (event: E) => void): () => void {
    // A wrapper per subscription, so one handler subscribed twice is two subscriptions.
    const own = (event: E) => handler(event)
    this.handlers.add(own)
    return () => this.handlers.delete(own)
  }

  get subscriberCount(): number {
    return this.handlers.size
  }
}

export class InProcessPubSub implements PubSub {
  readonly access: Topic<AccessEvent>
  readonly documents: Topic<DocumentEvent>

  constructor(onError: HandlerError = (error) => console.error('event handler failed', error)) {
    this.access = new InProcessTopic<AccessEvent>(onError)
    this.documents = new InProcessTopic<DocumentEvent>(onError)
  }

  get subscriberCount(): number {
    return this.access.subscriberCount + this.documents.subscriberCount
  }
}
