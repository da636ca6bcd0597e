/**
 * Comment anchors between the editor and the API: a stretch of the editor's text as a pair of Yjs
 * relative positions (base64 of `Y.encodeRelativePosition`, as `POST …/threads` takes them), and
 * such a pair back to where its text is now. The positions come from `@tiptap/y-tiptap`, the
 * binding Tiptap 3's Collaboration really runs: y-prosemirror's helpers would find no binding and
 * resolve every anchor to nothing, without an error. Both ends are left-associated (what the
 * binding makes), which is what the server resolves quotes with.
 */
import type { EditorState } from '@tiptap/pm/state'
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import type { TextRange } from './thread-store.js'

export interface Anchor {
  start: string
  end: string
}

interface Binding {
  doc: Y.Doc
  type: Y.XmlFragment
  mapping: Parameters<typeof absolutePositionToRelativePosition>[2]
}

/** The Yjs binding of an editor state, when Collaboration is bound (null before it is). */
function bindingOf(state: EditorState): Binding | null {
  const sync = ySyncPluginKey.getState(state) as
    | { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Binding['mapping'] } | null }
    | undefined
  if (!sync?.binding) return null
  return { doc: sync.doc, type: sync.type, mapping: sync.binding.mapping }
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

function fromBase64(text: string): Uint8Array | null {
  try {
    const binary = atob(text)
    return Uint8Array.from(binary, (c) => c.charCodeAt(0))
  } catch {
    return null
  }
}

/** The anchor of `from`–`to` in `state`'s document; null without a binding or an empty range. */
export function anchorOf(state: EditorState, from: number, to: number): Anchor | null {
  const y = bindingOf(state)
  if (!y || from >= to) return null
  const encode = (pos: number) =>
    toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, y.type, y.mapping)))
  return { start: encode(from), end: encode(to) }
}

/**
 * Resolves anchors against the state's document as it is now; each gives its range, or null when
 * none of its text is left (or it does not decode). One binding lookup for many anchors.
 */
export function anchorResolver(state: EditorState): (anchor: Anchor) => TextRange {
  const y = bindingOf(state)
  const size = state.doc.content.size
  return (anchor) => {
    if (!y) return null
    const resolve = (text: string) => {
      const bytes = fromBase64(text)
      if (!bytes) return null
      try {
        return relativePositionToAbsolutePosition(y.doc, y.type, Y.decodeRelativePosition(bytes), y.mapping)
      } catch {
        // Bytes that are no relative position (the server checks them; a stale copy might not).
        return null
      }
    }
    const from = resolve(anchor.start)
    const to = resolve(anchor.end)
    if (from === null || to === null) return null
    const start = Math.max(0, Math.min(from, size))
    const end = Math.max(0, Math.min(to, size))
    if (end <= start || state.doc.textBetween(start, end, '', '').length === 0) return null
    return { from: start, to: end }
  }
}
