/**
 * Cuts text to at most `max` UTF-16 code units (how JavaScript and our limits count) without
 * splitting a surrogate pair: half an emoji is not Unicode, and SQLite and PostgreSQL would each
 * store it as something else (U+FFFD).
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut
}
