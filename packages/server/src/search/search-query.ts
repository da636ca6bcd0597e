/**
 * The user's search text as words, and the two databases' queries built from them. The text is
 * never handed to FTS5 or to_tsquery as syntax: only runs of letters, digits and combining marks
 * survive, each quoted, so `"`, `*`, `OR`, `NEAR(`, `-` and `:` are ordinary separators and cannot
 * change what a query means.
 */

export interface SearchWords {
  /** NFC, lower case, in the order typed; none when the text had no letters or digits. */
  words: string[]
  /** The last word is still being typed (the text ends inside it): match it as a prefix. */
  prefixLast: boolean
}

// Letters, digits and combining marks: what SQLite's unicode61 and PostgreSQL's parser keep as
// word characters. Everything else separates words, as it does for both tokenizers.
const WORD = /[\p{L}\p{N}\p{M}]+/gu
const ENDS_IN_WORD = /[\p{L}\p{N}\p{M}]$/u

export function searchWords(text: string): SearchWords {
  const normal = text.normalize('NFC')
  const words = Array.from(normal.matchAll(WORD), (m) => m[0].toLowerCase())
  return { words, prefixLast: words.length > 0 && ENDS_IN_WORD.test(normal) }
}

/** An FTS5 MATCH expression: every word as a quoted string (implicit AND), the last as a prefix. */
export function fts5Match({ words, prefixLast }: SearchWords): string {
  return words.map((w, i) => (i === words.length - 1 && prefixLast ? `"${w}"*` : `"${w}"`)).join(' ')
}

/**
 * A to_tsquery text: every word as a quoted lexeme joined by `&`, the last as a prefix (`:*`).
 * to_tsquery stems each word with the index's configuration and drops stop words.
 */
export function tsQuery({ words, prefixLast }: SearchWords): string {
  return words.map((w, i) => (i === words.length - 1 && prefixLast ? `'${w}':*` : `'${w}'`)).join(' & ')
}
