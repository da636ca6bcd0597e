/**
 * Where a still caret stands relative to text other people are typing at it, as plain functions
 * of ProseMirror states (the extension in concurrent-text.ts applies them; SPEC.md E1–E3 says why).
 *
 * The Yjs binding (`@tiptap/y-tiptap`) anchors a caret to the character before it (a relative
 * position with `assoc` −1), so text another person types at your caret arrives in front of it and
 * the two of you never interleave. Two things go wrong around that rule:
 * - Enter splits a paragraph as "delete the tail, insert a new paragraph holding a copy of it"
 *   (`updateYFragment`). Pressed before text another person is still typing, their copied words
 *   move to the new paragraph while the rest of what they type lands in the old one, after the
 *   deleted tail. So Enter first steps over the {@link remoteRun} in front of the caret.
 * - In an empty paragraph the binding anchors the caret to the paragraph's end (a relative position
 *   without an item, `assoc` 0), so the caret jumps after the other person's first letter and one
 *   types inside the other's first word. {@link caretInFilledEmptyBlock} puts it back at the start.
 */
import type { EditorState, Transaction } from '@tiptap/pm/state'

/**
 * How far the text that other people wrote at the caret (while it stood still) reaches past it,
 * after a remote change: `length` (the run before the change) plus what arrived at the caret or at
 * the run's end. 0 whenever the change touched the paragraph anywhere else than the run, or the
 * caret is not a plain caret in text: then nothing is known about who is typing where.
 */
export function remoteRun(before: EditorState, after: EditorState, length: number): number {
  const { selection: old } = before
  const { selection: now } = after
  if (!old.empty || !now.empty) return 0
  const { $head: $old } = old
  const { $head: $now } = now
  if (!$old.parent.isTextblock || !$now.parent.isTextblock) return 0
  const oldContent = $old.parent.content
  const newContent = $now.parent.content
  const oldAt = $old.parentOffset
  const newAt = $now.parentOffset
  if (!oldContent.cut(0, oldAt).eq(newContent.cut(0, newAt))) return 0
  const rest = oldContent.cut(Math.min(oldAt + length, oldContent.size))
  const ahead = newContent.cut(newAt)
  if (ahead.size < rest.size || !ahead.cut(ahead.size - rest.size).eq(rest)) return 0
  return ahead.size - rest.size
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
