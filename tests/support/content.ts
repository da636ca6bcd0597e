/**
 * Writes a document's content the way the editor does: paragraphs in the Y.Doc's XmlFragment
 * (CONTENT_FRAGMENT, not a Y.Text), through a real y-websocket client, committed before it returns.
 */
import { type Actor, type TestServer, waitFor } from '@trepart/server/test-support'
import { CONTENT_FRAGMENT } from '@trepart/shared'
import * as Y from 'yjs'
import { createClient } from './clients.js'

/** Replaces the content of `documentId` with `paragraphs`, as `actor`; resolves once it is committed. */
export async function writeParagraphs(
  server: TestServer,
  actor: Actor,
  documentId: string,
  paragraphs: string[],
): Promise<void> {
  const client = createClient(server.collabUrl, documentId, { actor, trepart: true })
  try {
    await waitFor(() => client.provider.synced)
    const fragment = client.doc.getXmlFragment(CONTENT_FRAGMENT)
    client.doc.transact(() => {
      fragment.delete(0, fragment.length)
      fragment.insert(
        0,
        paragraphs.map((text) => {
          const paragraph = new Y.XmlElement('paragraph')
          paragraph.insert(0, [new Y.XmlText(text)])
          return paragraph
        }),
      )
    })
    await client.flush()
  } finally {
    client.destroy()
  }
}
