/**
 * Makes access changes act on open connections at once: a revoked session or a removed member is
 * closed with a non-reconnecting code, a changed role takes effect on the next write, a changed
 * party or name re-stamps presence, and document changes reach Trepart clients as server events.
 */
import { CloseCode, closeCodeId, partyColor, roleCanWrite } from '@trepart/shared'
import type { AccessEvent, PubSub } from '../pubsub/pubsub.js'
import type { RoomRegistry } from './room-registry.js'

export function syncAccessChanges(pubsub: PubSub, registry: RoomRegistry): () => void {
  return pubsub.subscribe((event: AccessEvent) => {
    if (event.type !== 'document.changed' && event.type !== 'workspace.renamed') registry.accessEpoch++
    switch (event.type) {
      case 'sessions.revoked': {
        const ids = new Set(event.sessionIds)
        for (const conn of registry.connectionsWhere((c) => ids.has(c.admission.principal.sessionId ?? ''))) {
          conn.close(CloseCode.Unauthorized, closeCodeId[CloseCode.Unauthorized])
        }
        return
      }
      case 'sessions.replaced': {
        const ids = new Set(event.sessionIds)
        for (const conn of registry.connectionsWhere((c) => ids.has(c.admission.principal.sessionId ?? ''))) {
          conn.close(CloseCode.SessionReplaced, closeCodeId[CloseCode.SessionReplaced])
        }
        return
      }
      case 'member.removed': {
        const matches = registry.connectionsWhere(
          (c) =>
            c.admission.principal.id === event.userId &&
            c.admission.principal.workspaceId === event.workspaceId,
        )
        for (const conn of matches) conn.close(CloseCode.Removed, closeCodeId[CloseCode.Removed])
        return
      }
      case 'member.changed': {
        const matches = registry.connectionsWhere(
          (c) =>
            c.admission.principal.id === event.userId &&
            c.admission.principal.workspaceId === event.workspaceId,
        )
        for (const conn of matches) {
          const { principal } = conn.admission
          const presence = principal.presence
            ? { ...principal.presence, party: event.party, role: event.role, color: partyColor(event.party) }
            : undefined
          conn.admission = {
            ...conn.admission,
            principal: { ...principal, ...(presence ? { presence } : {}) },
          }
          // Finalised documents will stay read-only whatever the role (sign-off issue); today the role decides.
          registry.changeAccess(conn, roleCanWrite(event.role))
          registry.restamp(conn)
        }
        return
      }
      case 'user.renamed': {
        for (const conn of registry.connectionsWhere((c) => c.admission.principal.id === event.userId)) {
          const { principal } = conn.admission
          conn.admission = {
            ...conn.admission,
            principal: {
              ...principal,
              name: event.name,
              ...(principal.presence ? { presence: { ...principal.presence, name: event.name } } : {}),
            },
          }
          registry.restamp(conn)
        }
        return
      }
      case 'document.changed':
        registry.sendEvent(event.document.id, {
          type: 'document.updated',
          documentId: event.document.id,
          title: event.document.title,
        })
        return
    }
  })
}
