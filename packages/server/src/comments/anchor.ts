/**
 * Comment anchors: a pair of Yjs relative positions (start, end) into the document's content
 * fragment, resolved against committed content to the quoted text and to whether any of it is
 * left. Plain Yjs (`Y.createAbsolutePositionFromRelativePosition`) over the XmlFragment that
 * `@tiptap/y-tiptap`'s `absolutePositionToRelativePosition` encodes into: the positions it makes
 * point into an XmlText (a character) or into an element (a child index), and both are read here
 * without a ProseMirror schema.
 *
 * Nothing here writes to the doc: a relative position naming another root type is refused before
 * Yjs would look it up (`doc.get(name)` would create that type in the room's doc).
 */
import { CONTENT_FRAGMENT, TEXT_LIMITS } from '@trepart/shared'
import * as Y from 'yjs'

/** Embeds in an XmlText count one position each; they are no text of the quote. */
/** Any shared type: Yjs' types are invariant in their event type, so `unknown` fits none of them. */
// biome-ignore lint/suspicious/noExplicitAny: see above
type AnyType = Y.AbstractType<any>

const OBJECT_REPLACEMENT = '\uFFFC'

/** Decodes `Y.encodeRelativePosition` bytes; null when they are not one. */
export function decodePosition(bytes: Uint8Array): Y.RelativePosition | null {
  try {
    const position = Y.decodeRelativePosition(bytes)
    // The decoder reads what it can of garbage; a position names an item, a type or a root type.
    if (position.item === null && position.type === null && position.tname === null) return null
    return position
  } catch {
    return null
  }
}

/**
 * The bytes to store for a position a client sent: `Y.encodeRelativePosition` of what they decode
 * to, or null when they are no position or carry anything else. The decoder reads a prefix and
 * ignores what follows, so without this a thread would keep (and hand every reader) whatever
 * trailing bytes a client appended.
 */
export function canonicalPosition(bytes: Uint8Array): Uint8Array | null {
  const position = decodePosition(bytes)
  if (position === null) return null
  const encoded = Y.encodeRelativePosition(position)
  if (encoded.length !== bytes.length || encoded.some((b, i) => b !== bytes[i])) return null
  return encoded
}

export interface ResolvedAnchor {
  /** The anchored text now: blocks apart by one line break, at most TEXT_LIMITS.commentQuoteMax. */
  quote: string
  /** None of the anchored text is left (it was all deleted). */
  orphaned: boolean
}

interface Layout {
  /** The content as text, every element followed by a line break. */
  text: string
  /** Where each XmlText's first position is in `text`. */
  textStarts: Map<Y.XmlText, number>
  /** Where each child of an element (or the fragment) starts in `text`, by child index. */
  childStarts: Map<AnyType, number[]>
  /** Where each element's content ends in `text` (before its line break). */
  ends: Map<AnyType, number>
  /** Stretches of `text` that are text of an XmlText (not line breaks between blocks). */
  segments: Array<readonly [number, number]>
}

/**
 * The anchors of one document, resolved against one state of its content. Lays the content out
 * once, on first use, however many anchors are resolved.
 */
export class ContentAnchors {
  private readonly fragment: Y.XmlFragment | null
  private layout: Layout | null = null

  constructor(private readonly doc: Y.Doc) {
    let fragment: Y.XmlFragment | null = null
    try {
      fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
    } catch {
      // The name holds another kind of shared type: no Tiptap content, nothing resolves.
    }
    this.fragment = fragment
  }

  /** The anchor's quote and state, or null when either end does not resolve into the content. */
  resolve(start: Uint8Array, end: Uint8Array): ResolvedAnchor | null {
    const from = this.offset(start)
    const to = this.offset(end)
    if (from === null || to === null || from > to) return null
    const layout = this.layout!
    // Orphaned unless some text of an XmlText lies in [from, to) (line breaks between blocks do not count).
    const orphaned = !layout.segments.some(([s, e]) => Math.max(s, from) < Math.min(e, to))
    return { quote: quoteText(layout.text.slice(from, to)), orphaned }
  }

  /** Where a position falls in the laid-out text, or null when it is not in the live content. */
  private offset(bytes: Uint8Array): number | null {
    const fragment = this.fragment
    const position = decodePosition(bytes)
    if (fragment === null || position === null) return null
    if (position.tname !== null && position.tname !== CONTENT_FRAGMENT) return null
    let absolute: Y.AbsolutePosition | null
    try {
      absolute = Y.createAbsolutePositionFromRelativePosition(position, this.doc)
    } catch {
      // An id inside a client's range that is no struct start, or the like: not a position here.
      return null
    }
    if (absolute === null) return null
    // In the content fragment, with nothing on the way deleted (a deleted paragraph's text resolves
    // to index 0 of that paragraph, which is not in the document any more).
    let type: AnyType = absolute.type
    while (type !== fragment) {
      const item = type._item
      if (item === null || item.deleted || !(item.parent instanceof Y.AbstractType)) return null
      type = item.parent
    }
    this.layout ??= layOut(fragment)
    const layout = this.layout
    if (absolute.type instanceof Y.XmlText) {
      const start = layout.textStarts.get(absolute.type)
      if (start === undefined) return null
      return start + Math.min(Math.max(absolute.index, 0), absolute.type.length)
    }
    const starts = layout.childStarts.get(absolute.type)
    const end = layout.ends.get(absolute.type)
    if (starts === undefined || end === undefined) return null
    return absolute.index < starts.length ? starts[Math.max(absolute.index, 0)]! : end
  }
}

function layOut(fragment: Y.XmlFragment): Layout {
  const layout: Layout = {
    text: '',
    textStarts: new Map(),
    childStarts: new Map(),
    ends: new Map(),
    segments: [],
  }
  const visit = (node: Y.XmlFragment | Y.XmlElement) => {
    const starts: number[] = []
    layout.childStarts.set(node, starts)
    for (const child of node.toArray()) {
      starts.push(layout.text.length)
      if (child instanceof Y.XmlText) {
        const from = layout.text.length
        layout.textStarts.set(child, from)
        for (const op of child.toDelta() as Array<{ insert?: unknown }>) {
          layout.text += typeof op.insert === 'string' ? op.insert : OBJECT_REPLACEMENT
        }
        if (layout.text.length > from) layout.segments.push([from, layout.text.length])
      } else if (child instanceof Y.XmlElement) {
        // Paragraphs, headings, list items and hard breaks all end a line of the quote.
        visit(child)
        layout.text += '\n'
      }
    }
    layout.ends.set(node, layout.text.length)
  }
  visit(fragment)
  return layout
}

/**
 * What a thread shows of its anchor: no embeds, one line break between blocks, none at the ends,
 * text any database stores (no NUL, no lone surrogates), at most TEXT_LIMITS.commentQuoteMax.
 */
function quoteText(raw: string): string {
  let quote = raw
    .replaceAll(OBJECT_REPLACEMENT, '')
    .replaceAll('\u0000', '\uFFFD')
    .replace(/\n+/g, '\n')
    .replace(/^\n|\n$/g, '')
  if (quote.length > TEXT_LIMITS.commentQuoteMax) {
    quote = quote.slice(0, TEXT_LIMITS.commentQuoteMax)
    // Never end in the first half of a surrogate pair.
    if (/[\uD800-\uDBFF]$/.test(quote)) quote = quote.slice(0, -1)
  }
  return quote.toWellFormed()
}
