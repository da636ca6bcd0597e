/**
 * Makes access changes act on open connections at once: a revoked session or a removed member is
 * closed with a non-reconnecting code; a changed role, party or name changes the connection's
 * admission (`RoomRegistry.updateAdmission`: rights by the one write rule, presence, threads).
 */
import { CloseCode, closeCodeId } from '@trepart/shared'
import type { AccessEvent, PubSub } from '../pubsub/pubsub.js'
import type { RoomRegistry } from './room-registry.js'

export function syncAccessChanges(pubsub: PubSub, registry: RoomRegistry): () => void {
  return pubsub.access.subscribe((event: AccessEvent) => {
    if (event.type !== 'workspace.renamed') registry.accessEpoch++
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
        // The write rule takes the document's status as the connection knows it: a role change
        // never makes a document under review or final writable.
        for (const conn of matches) registry.updateAdmission(conn, { party: event.party, role: event.role })
        return
      }
      case 'user.renamed': {
        for (const conn of registry.connectionsWhere((c) => c.admission.principal.id === event.userId))
          registry.updateAdmission(conn, { name: event.name })
        return
      }
      case 'workspace.renamed':
        return
    }
  })
}
