/**
 * A comment's body as parts to show: plain text, line breaks, and links where the text has an
 * http, https or mailto address. Rendered as text nodes and `<a>` elements, never as HTML, so a
 * body holding markup shows the markup; any other scheme (`javascript:`, `data:`) stays text.
 */

export type BodyPart =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'link'; text: string; href: string }

/** An address starts at a scheme we allow and runs to whitespace (or a character never in one). */
const LINK = /\b(?:https?:\/\/|mailto:)[^\s<>"]+/gi
/** Punctuation that ends a sentence more often than an address: left out of the link's end. */
const TRAILING = /^[.,;:!?)\]}'»”]$/

const count = (text: string, char: string) => text.split(char).length - 1

/** Whether `href` parses as a URL with one of the allowed schemes (and, for http(s), a host). */
function allowed(href: string): boolean {
  try {
    const url = new URL(href)
    if (url.protocol === 'mailto:') return url.pathname.length > 0
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0
  } catch {
    return false
  }
}

function linesToParts(line: string): BodyPart[] {
  const parts: BodyPart[] = []
  let last = 0
  for (const match of line.matchAll(LINK)) {
    let href = match[0]
    // Sentence punctuation after an address is not part of it; a `)` is when it closes a `(` in it.
    while (TRAILING.test(href.at(-1) ?? '')) {
      if (href.endsWith(')') && count(href, '(') >= count(href, ')')) break
      href = href.slice(0, -1)
    }
    const start = match.index ?? 0
    if (!allowed(href)) continue
    if (start > last) parts.push({ kind: 'text', text: line.slice(last, start) })
    parts.push({ kind: 'link', text: href, href })
    last = start + href.length
  }
  if (last < line.length) parts.push({ kind: 'text', text: line.slice(last) })
  return parts
}

/** The parts of `body`: each line's text and links, a break between lines (`\n`, `\r\n` or `\r`). */
export function bodyParts(body: string): BodyPart[] {
  const lines = body.split(/\r\n|\r|\n/)
  return lines.flatMap((line, i) =>
    i === 0 ? linesToParts(line) : [{ kind: 'break' as const }, ...linesToParts(line)],
  )
}
