/**
 * Reads a document's committed content: the Y.Doc of its loaded room (which only ever holds
 * committed state), or else a Y.Doc rebuilt from the store's snapshot and log for the read alone.
 * Reading never writes: nothing is loaded into a room and no update is made.
 */
import * as Y from 'yjs'
import type { StoredDocument } from './document-store.js'

export interface ContentSource {
  /** The Y.Doc of the document's loaded room (committed state only), if it is loaded. */
  roomDoc(documentId: string): Y.Doc | undefined
  load(documentId: string): Promise<StoredDocument>
}

/**
 * Runs `read` over the committed content of `documentId`. `read` must not keep the doc nor change
 * it: it may be the room's own.
 */
export async function readCommitted<T>(
  source: ContentSource,
  documentId: string,
  read: (doc: Y.Doc) => T,
): Promise<T> {
  const loaded = source.roomDoc(documentId)
  if (loaded) return read(loaded)
  const stored = await source.load(documentId)
  const doc = new Y.Doc()
  try {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    return read(doc)
  } finally {
    doc.destroy()
  }
}
