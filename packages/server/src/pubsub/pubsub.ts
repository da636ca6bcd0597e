/**
 * Events that must reach every open connection they concern, on this instance or (scaled out,
 * later) on others: revoked sessions, membership changes, document metadata. In-process today;
 * the scale-out issue adds a Redis implementation of the same interface.
 */
import type { DocumentInfo, PartyKey, Role } from '@trepart/shared'

export type AccessEvent =
  | { type: 'sessions.revoked'; sessionIds: string[] }
  | { type: 'sessions.replaced'; sessionIds: string[] }
  | { type: 'member.changed'; workspaceId: string; userId: string; party: PartyKey; role: Role }
  | { type: 'member.removed'; workspaceId: string; userId: string }
  | { type: 'user.renamed'; userId: string; name: string }
  | { type: 'workspace.renamed'; workspaceId: string; name: string }
  /** Created, renamed, archived, or its content edited (throttled): the document as the API presents it. */
  | { type: 'document.changed'; workspaceId: string; document: DocumentInfo }

export interface PubSub {
  publish(event: AccessEvent): void
  subscribe(handler: (event: AccessEvent) => void): () => void
  /** Handlers subscribed on this instance: every one has an owner that unsubscribes it (leak checks). */
  readonly subscriberCount: number
}

export class InProcessPubSub implements PubSub {
  private readonly handlers = new Set<(event: AccessEvent) => void>()

  publish(event: AccessEvent): void {
    // Delivered on the next turn, like a remote bus would: publishers never depend on handlers running inline.
    queueMicrotask(() => {
      for (const handler of this.handlers) handler(event)
    })
  }

  subscribe(handler: (event: AccessEvent) => void): () => void {
    this.handlers.add(handler)
    return () => this.handlers.delete(handler)
  }

  get subscriberCount(): number {
    return this.handlers.size
  }
}
