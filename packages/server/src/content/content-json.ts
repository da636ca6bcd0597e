/**
 * A document's committed content as ProseMirror JSON, read with the editor's own schema
 * (`@trepart/shared/editor-schema`) through `@tiptap/y-tiptap`, the binding the editor uses, and
 * the content hash over it: SHA-256 of a canonical serialisation (keys sorted, no whitespace),
 * never of Yjs bytes, whose encoding depends on the edit history. Two documents that read the
 * same hash the same, whoever typed them and in whatever order.
 *
 * The conversion runs on a private copy of the Y.Doc: y-tiptap deletes elements that do not fit
 * the schema, and merges adjacent texts, as it reads — writes that must never reach a room's doc,
 * which only ever holds committed state.
 */
import { createHash } from 'node:crypto'
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { CONTENT_FRAGMENT } from '@trepart/shared'
import { contentSchema } from '@trepart/shared/editor-schema'
import * as Y from 'yjs'

/** ProseMirror's JSON of a document: `{type: 'doc', content: [...]}`. */
export type ContentJson = { type: string } & Record<string, unknown>

/** A Y.Doc holding exactly the state of `doc`, to read without touching `doc`. */
export function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/** The content of `doc` as ProseMirror JSON (read from a copy; `doc` is left as it is). */
export function contentJsonOf(doc: Y.Doc): ContentJson {
  const copy = copyOf(doc)
  try {
    return yXmlFragmentToProseMirrorRootNode(copy.getXmlFragment(CONTENT_FRAGMENT), contentSchema()).toJSON()
  } finally {
    copy.destroy()
  }
}

/** JSON with object keys sorted at every level and no whitespace: one text for one value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value))
    return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

/** SHA-256 (hex) of the canonical serialisation of `content`. */
export function contentHash(content: ContentJson): string {
  return createHash('sha256').update(canonicalJson(content)).digest('hex')
}
