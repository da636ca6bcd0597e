/**
 * Passes document events on to the rooms' Trepart clients, each to the connections that may hear
 * of it: a metadata change (rename, archive) to everyone in the room (never a content edit: the
 * writers have the content already), a thread's event to its audience only, decided per
 * connection from the party the connection has now (access-sync.ts keeps it current).
 */

import { maySeeThread } from '../comments/visibility.js'
import type { DocumentEvent, PubSub } from '../pubsub/pubsub.js'
import type { RoomRegistry } from './room-registry.js'

export function deliverDocumentEvents(pubsub: PubSub, registry: RoomRegistry): () => void {
  return pubsub.documents.subscribe((event: DocumentEvent) => {
    switch (event.type) {
      case 'document.changed':
        if (event.change !== 'metadata') return
        registry.sendEvent(event.document.id, {
          type: 'document.updated',
          documentId: event.document.id,
          title: event.document.title,
        })
        return
      case 'thread.changed': {
        const { audience } = event
        registry.sendEvent(event.documentId, event.event, (conn) => {
          const party = conn.admission.principal.party
          return party !== undefined && maySeeThread({ party }, audience)
        })
        return
      }
      case 'threads.counted':
        return
    }
  })
}
