/**
 * Where a still caret stands relative to text other people are typing at it, as functions of
 * ProseMirror states and the Yjs binding's positions (the extension in concurrent-text.ts applies
 * them; SPEC.md E1–E3 says why).
 *
 * The Yjs binding (`@tiptap/y-tiptap`) anchors a caret to the character before it (a relative
 * position with `assoc` −1), so text another person types at your caret arrives in front of it and
 * the two of you never interleave. Two things go wrong around that rule:
 * - Enter splits a paragraph as "delete the tail, insert a new paragraph holding a copy of it"
 *   (`updateYFragment`). Pressed before text another person is still typing, their copied words
 *   move to the new paragraph while the rest of what they type lands in the old one, after the
 *   deleted tail. So Enter first steps over the run of their text in front of the caret, which
 *   {@link runEndAnchor} and {@link runAfterRemoteChange} follow through the Yjs changes themselves.
 * - In an empty paragraph the binding anchors the caret to the paragraph's end (a relative position
 *   without an item, `assoc` 0), so the caret jumps after the other person's first letter and one
 *   types inside the other's first word. {@link caretInFilledEmptyBlock} puts it back at the start.
 */
import type { EditorState, Transaction } from '@tiptap/pm/state'
import {
  absolutePositionToRelativePosition,
  type ProsemirrorBinding,
  relativePositionToAbsolutePosition,
} from '@tiptap/y-tiptap'
import * as Y from 'yjs'

/** What the anchors need of the Yjs binding: its document, its fragment, its Yjs → ProseMirror nodes. */
export type YjsBinding = Pick<ProsemirrorBinding, 'doc' | 'type' | 'mapping'>

/**
 * The end of the run in front of the caret (`length` positions past it) as a Yjs position bound
 * to the character after it, taken just before a remote change is applied. Text typed at the run's
 * end goes in front of that character, and text typed at the caret after the character the caret
 * is bound to: both land between the two. Text typed anywhere else lands outside, even where it
 * reads the same (`ab|s.` → `ab|ss.` by an "s" after the old one), which comparing contents cannot
 * tell apart. Null when the caret is not a plain caret in text.
 */
export function runEndAnchor(y: YjsBinding, state: EditorState, length: number): Y.RelativePosition | null {
  const { selection } = state
  if (!selection.empty || !selection.$head.parent.isTextblock) return null
  // The binding makes only positions bound to the character before (assoc −1): find its place…
  const before = absolutePositionToRelativePosition(selection.head + length, y.type, y.mapping)
  const at = Y.createAbsolutePositionFromRelativePosition(before, y.doc)
  // …and bind to the character after that place instead (assoc 0).
  return at && Y.createRelativePositionFromTypeIndex(at.type, at.index, 0)
}

/**
 * How far the text others wrote at the caret reaches past it after a remote change: from the caret
 * the binding restored to where {@link runEndAnchor}'s position now is. 0 when that is not ahead of
 * the caret in its paragraph (the run was deleted, or the paragraph split or merged).
 */
export function runAfterRemoteChange(
  y: YjsBinding,
  after: EditorState,
  end: Y.RelativePosition | null,
): number {
  const { selection } = after
  if (end === null || !selection.empty || !selection.$head.parent.isTextblock) return 0
  const to = relativePositionToAbsolutePosition(y.doc, y.type, end, y.mapping)
  if (to === null || to < selection.head || to > selection.$head.end()) return 0
  return to - selection.head
}

/**
 * The run after one of this person's own transactions: kept in front of the caret while they type
 * or delete at it, forgotten once they move the caret or select (they chose another place).
 */
export function runAfterOwnChange(tr: Transaction, before: EditorState, length: number): number {
  if (length === 0) return 0
  const { selection } = tr
  if (!selection.empty) return 0
  if (!tr.docChanged) return selection.head === before.selection.head ? length : 0
  const end = tr.mapping.map(before.selection.head + length, -1)
  if (end < selection.head || end > selection.$head.end()) return 0
  return end - selection.head
}

/**
 * The position of the start of the paragraph the caret stood in while it was empty, when a remote
 * change filled it and the binding put the caret at its end; null otherwise.
 */
export function caretInFilledEmptyBlock(before: EditorState, after: EditorState): number | null {
  const { selection: old } = before
  const { selection: now } = after
  if (!old.empty || !now.empty) return null
  const { $head: $old } = old
  const { $head: $now } = now
  if (!$old.parent.isTextblock || $old.parent.content.size !== 0) return null
  if (!$now.parent.isTextblock || $now.parent.content.size === 0) return null
  if ($now.parent.type !== $old.parent.type || $now.start() !== $old.start()) return null
  return $now.parentOffset === $now.parent.content.size ? $now.start() : null
}
