/**
 * Comment anchors as the editor makes them: relative positions into a paragraph's text in the
 * content fragment, left-associated (`@tiptap/y-tiptap` encodes a selection so), in base64 as the
 * API takes them; and a document whose first paragraph holds some text, to anchor threads in.
 */
import { type Actor, waitFor } from '@trepart/server/test-support'
import { CONTENT_FRAGMENT } from '@trepart/shared'
import * as Y from 'yjs'
import { createClient, type TestClient } from './clients.js'

/** The position before character `index` of `text`, as the API takes it. */
export function encodeAnchorPosition(text: Y.XmlText, index: number): string {
  return Buffer.from(
    Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, -1)),
  ).toString('base64')
}

/** Puts a paragraph of `content` at the start of the client's content fragment; returns its text. */
export function insertParagraph(client: TestClient, content: string): Y.XmlText {
  const text = new Y.XmlText(content)
  const paragraph = new Y.XmlElement('paragraph')
  paragraph.insert(0, [text])
  client.doc.getXmlFragment(CONTENT_FRAGMENT).insert(0, [paragraph])
  return text
}

/**
 * Writes one paragraph of `content` into document `id` as `actor` (committed before it returns) and
 * gives an anchor over its first `length` characters.
 */
export async function anchoredText(
  collabUrl: string,
  actor: Actor,
  id: string,
  content: string,
  length: number,
): Promise<{ start: string; end: string }> {
  const client = createClient(collabUrl, id, { actor, trepart: true })
  try {
    await waitFor(() => client.provider.synced)
    const text = insertParagraph(client, content)
    await client.flush()
    return { start: encodeAnchorPosition(text, 0), end: encodeAnchorPosition(text, length) }
  } finally {
    client.destroy()
  }
}
