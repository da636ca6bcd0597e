/**
 * The searchable text of a document: the words of its Tiptap content (the Y.Doc's XmlFragment
 * the editor binds to), without markup, blocks and line breaks as spaces, bounded in length.
 */
import { CONTENT_FRAGMENT } from '@trepart/shared'
import * as Y from 'yjs'

/** Text of `doc`'s content, at most `maxChars` characters (whole characters, never half a pair). */
export function documentText(doc: Y.Doc, maxChars: number): string {
  let fragment: Y.XmlFragment
  try {
    fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
  } catch {
    // The name holds another kind of shared type: not a Tiptap document, nothing to index.
    return ''
  }
  const chunks: string[] = []
  let length = 0
  const add = (text: string) => {
    chunks.push(text)
    length += text.length
  }
  const visit = (node: Y.XmlFragment) => {
    for (const child of node.toArray()) {
      // Whitespace may collapse a lot of it; stop reading well past the bound, not at it.
      if (length > maxChars * 2) return
      if (child instanceof Y.XmlText) {
        for (const op of child.toDelta() as Array<{ insert?: unknown }>) {
          if (typeof op.insert === 'string') add(op.insert)
        }
      } else if (child instanceof Y.XmlElement) {
        // Paragraphs, headings, list items, cells and hard breaks all separate words.
        add(' ')
        visit(child)
        add(' ')
      }
    }
  }
  visit(fragment)
  return cleanText(chunks.join(''), maxChars)
}

/**
 * NFC, no control or format characters (PostgreSQL refuses NUL; the snippet markers must not
 * occur), whitespace collapsed, well-formed Unicode, at most `maxChars`.
 */
export function cleanText(text: string, maxChars: number): string {
  let clean = text
    .normalize('NFC')
    // Soft hyphens and zero-width characters sit inside words: removed, not turned into spaces.
    .replace(/\p{Cf}/gu, '')
    .replace(/[\s\p{Cc}]+/gu, ' ')
    .trim()
  if (clean.length > maxChars) {
    clean = clean.slice(0, maxChars)
    // Never end in the first half of a surrogate pair.
    if (/[\uD800-\uDBFF]$/.test(clean)) clean = clean.slice(0, -1)
  }
  return clean.toWellFormed()
}
