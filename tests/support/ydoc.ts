/** Rebuilds a document's content straight from storage, bypassing any room. */
import type { DocumentStore } from '@trepart/server'
import * as Y from 'yjs'

export async function textFromStore(store: DocumentStore, documentId: string, field = 't'): Promise<string> {
  const stored = await store.load(documentId)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const u of stored.updates) Y.applyUpdate(doc, u)
  const text = doc.getText(field).toString()
  doc.destroy()
  return text
}
