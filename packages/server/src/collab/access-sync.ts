/**
 * Makes access changes act on open connections at once: a revoked session or a removed member is
 * closed with a non-reconnecting code, a changed role takes effect on the next write, a changed
 * party or name re-stamps presence, and a changed party changes which comment threads the
 * connection hears of (its client is told to drop the old party's and fetch the new one's).
 */
import {
  CloseCode,
  closeCodeId,
  encodeServerEvent,
  type PartyKey,
  partyColor,
  roleCanWrite,
} from '@trepart/shared'
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
        for (const conn of matches) {
          const { principal } = conn.admission
          const presence = principal.presence
            ? { ...principal.presence, party: event.party, role: event.role, color: partyColor(event.party) }
            : undefined
          const partyChanged = principal.party !== event.party
          conn.admission = {
            ...conn.admission,
            principal: { ...principal, party: event.party, ...(presence ? { presence } : {}) },
          }
          // From here on the connection hears of the new party's threads only (document-events.ts
          // reads the party at delivery); the client drops what it holds of the old party's.
          if (partyChanged && conn.supportsTrepart)
            conn.send(encodeServerEvent({ type: 'threads.reset', party: event.party as PartyKey }))
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
      case 'workspace.renamed':
        return
    }
  })
}
