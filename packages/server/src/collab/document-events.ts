/**
 * Passes document events on to the rooms' Trepart clients, each to the connections that may hear
 * of it: a metadata change (rename, archive, status) to everyone in the room (never a content
 * edit: the writers have the content already), with the connections' status synced from the
 * database; a thread's event to its audience only, decided per connection from the party the
 * connection has now (access-sync.ts keeps it current).
 */

import { maySeeThread } from '../comments/visibility.js'
import type { DocumentEvent, PubSub } from '../pubsub/pubsub.js'
import type { RoomRegistry } from './room-registry.js'
import type { DocumentStatusSync } from './status-sync.js'

export function deliverDocumentEvents(
  pubsub: PubSub,
  registry: RoomRegistry,
  statusSync: DocumentStatusSync,
): () => void {
  return pubsub.documents.subscribe((event: DocumentEvent) => {
    switch (event.type) {
      case 'document.changed': {
        if (event.change !== 'metadata') return
        const { id, title, status } = event.document
        // The status in the event may be older than the database's by now (a rename read it just
        // before a round started): the connections take it from the database, never from here.
        statusSync.syncInBackground(id)
        registry.sendEvent(id, { type: 'document.updated', documentId: id, title, status })
        return
      }
      case 'thread.changed': {
        const { audience } = event
        registry.sendEvent(event.documentId, event.event, (conn) => {
          const party = conn.admission.principal.party
          return party !== undefined && maySeeThread({ party }, audience)
        })
        return
      }
      case 'signoff.changed':
        // The panels fetch the round again on it; decisions are no secret within the workspace.
        registry.sendEvent(event.documentId, {
          type: 'signoff.changed',
          documentId: event.documentId,
          awaitingParties: event.awaitingParties,
        })
        return
      case 'threads.counted':
      case 'meeting.changed':
      case 'followup.changed':
        return
    }
  })
}
