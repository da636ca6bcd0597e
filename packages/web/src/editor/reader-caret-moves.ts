/**
 * Where a reader's caret goes by character and by word, in document positions (the text is not
 * editable, so the browser does not move a caret in it; see reader-caret.ts). Positions, not the
 * browser's `Selection.modify`, since the text holds other people's carets with their names as
 * text, which a step by character in the page would walk into.
 */
import type { Node as PmNode } from '@tiptap/pm/model'
import { TextSelection } from '@tiptap/pm/state'

/** Letters, digits and joiners inside words (Unicode): what a step by word passes over. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}_'’-]/u

/** One character back (-1) or on (1); past a paragraph's edge, to the nearest text that way. */
export function characterStep(doc: PmNode, head: number, dir: -1 | 1): number {
  const next = head + dir
  if (next < 0 || next > doc.content.size) return head
  const $next = doc.resolve(next)
  if ($next.parent.inlineContent) return next
  return TextSelection.findFrom($next, dir, true)?.head ?? head
}

/**
 * To the start of this or the previous word (-1), or the end of this or the next word (1), within
 * the paragraph; at its edge, into the next paragraph that way.
 */
export function wordStep(doc: PmNode, head: number, dir: -1 | 1): number {
  const $head = doc.resolve(head)
  const block = $head.parent
  if (!block.inlineContent) return characterStep(doc, head, dir)
  // One character per inline leaf (a line break), so offsets in the string are offsets in the block.
  const text = block.textBetween(0, block.content.size, undefined, '\ufffc')
  let i = $head.parentOffset
  if (dir > 0 ? i >= text.length : i <= 0) return characterStep(doc, head, dir)
  const at = (k: number) => WORD_CHAR.test(text[k] ?? '')
  if (dir > 0) {
    while (i < text.length && !at(i)) i++
    while (i < text.length && at(i)) i++
  } else {
    while (i > 0 && !at(i - 1)) i--
    while (i > 0 && at(i - 1)) i--
  }
  return $head.start() + i
}
