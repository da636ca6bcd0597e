/**
 * Snippets travel from the database as text with the matches between two control characters, and
 * leave the server as parts `{ text, match }`. Indexed text never holds these characters
 * (plain-text.ts removes every control character), so they cannot be forged by a document.
 */
import type { SnippetPart } from '@trepart/shared'

export const MATCH_START = '\u0002'
export const MATCH_END = '\u0003'

/** Parts of a marked snippet, in order; neighbours of the same kind merged, empty parts dropped. */
export function snippetParts(marked: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  let match = false
  let text = ''
  const push = () => {
    if (text === '') return
    const last = parts.at(-1)
    if (last && last.match === match) last.text += text
    else parts.push({ text, match })
    text = ''
  }
  for (const char of marked) {
    if (char === MATCH_START || char === MATCH_END) {
      push()
      match = char === MATCH_START
    } else {
      text += char
    }
  }
  push()
  return parts
}
