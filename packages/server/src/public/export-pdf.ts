/**
 * A published document as a PDF/A-2b file (`pdfkit`): what the public page shows, laid out for
 * print and archive. The banner, the title (wrapped however long), the kind and date, what it amends
 * and what amends it; the content with headings, bold, italic, underline, strike and code marks,
 * links (http, https and mailto only, as everywhere; any other stays plain text), bulleted,
 * numbered and task lists (nested), block quotes, code blocks, rules and tables; for a final
 * document its decision record (every party, its decision, who and when, reservations in full)
 * with the content hash and how to check it; page numbers in the footer. (The shared schema has no
 * strike, code or code block today; they are laid out should it grow them.)
 *
 * Why PDF/A-2b: archives want PDF/A, and "b" (the visual appearance is preserved: every font
 * embedded, an sRGB output intent, XMP metadata) is what pdfkit can promise for free. "a" would
 * also need the whole logical structure tagged, which pdfkit leaves to the caller.
 *
 * Every glyph comes from DejaVu Sans (package `dejavu-fonts-ttf`, each face read once per
 * export), never a standard-14 font (those cannot be embedded, so no PDF/A, and they cover only
 * WinAnsi's characters). Text is text: it is written as glyphs, never parsed; control characters and
 * bidi overrides are dropped, and a word longer than a line gets break points (pdfkit wraps an
 * unbroken run a glyph at a time, ~50 times slower, so a hostile word could hold the event loop).
 * The work yields to the event loop every PDF_SLICE_MS (pdfkit gets long paragraphs and tables
 * in pieces for that), so a long document does not stall other requests; the public route runs
 * only a few exports at once.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Locale } from '@trepart/shared'
import { isAllowedLink } from '@trepart/shared/link-policy'
import PDFDocument from 'pdfkit'
import type { JsonNode } from '../content/render-html.js'
import { PUBLIC_MESSAGES, type PublicMessages, partyName, statusBanner } from './public-messages.js'
import { dateTime } from './public-page.js'
import type { PublishedDocument } from './published-document.js'

/** How long the renderer runs before it lets other work through. */
const PDF_SLICE_MS = 10
/** A word longer than this many characters gets a break point every WORD_BREAK_EVERY. */
const LONG_WORD = 80
const WORD_BREAK_EVERY = 40
/** Tables wider than this are written row by row (a column of a few millimetres helps no one). */
const MAX_TABLE_COLUMNS = 10
/** Cell spans beyond any real table (the page's HTML caps them at 1,000). */
const MAX_SPAN = 50
/** More characters than a page of the smallest text holds: a table cell this long never fits. */
const PAGE_OF_CHARS = 8000
/** Rows of a table handed to pdfkit at once (it lays out a whole table without a pause). */
const TABLE_PIECE_ROWS = 25

const FONT_FILES = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
  mono: 'DejaVuSansMono.ttf',
} as const
type FontName = keyof typeof FONT_FILES

let fontPaths: Record<FontName, string> | undefined

/**
 * The font files' paths, which are also the names the renderer switches faces by. Paths, not
 * registered names or buffers: pdfkit's tables put back the face they found after every cell by
 * its source, and only a source that is a string is a key of pdfkit's font cache. With buffers,
 * every cell parsed the whole font file again (~20 ms a cell: a 200-row table took 12 s, a
 * 2,000-row one held the CPU past a minute). pdfkit reads each face once per export.
 */
function fontPath(name: FontName): string {
  if (!fontPaths) {
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')
    fontPaths = Object.fromEntries(
      Object.entries(FONT_FILES).map(([face, file]) => [face, join(dir, file)]),
    ) as Record<FontName, string>
  }
  return fontPaths[name]
}

const PAGE = { size: 'A4', margins: { top: 56, bottom: 64, left: 56, right: 56 } } as const
const COLOURS = { text: '#1a1a1a', muted: '#4d4d4d', link: '#0b57a5', rule: '#8c8c8c', fill: '#efefef' }
const SIZES = { title: 20, heading: [16, 14, 12.5] as const, body: 11, small: 9, code: 9.5 }
/** Indentation of one list level, of a block quote, and the room a list marker takes. */
const INDENT = { list: 18, quote: 14, marker: 16 }
/**
 * The deepest indentation: lists and quotes nested further line up with it. Without a bound a
 * text nested thirty levels deep had a column narrower than nothing, and pdfkit wrote none of
 * its words.
 */
const MAX_INDENT = 12 * INDENT.list
/** `indent` moved in by `by`, never past MAX_INDENT. */
const inward = (indent: number, by: number) => Math.min(indent + by, MAX_INDENT)
const BULLETS = ['•', '◦', '▪'] as const

const LONG_WORD_RUN = new RegExp(`[^\\s\u200b]{${LONG_WORD + 1},}`, 'gu')
const WORD_PIECE = new RegExp(`[^\\s\u200b]{1,${WORD_BREAK_EVERY}}`, 'gu')

/** Text as the PDF may carry it: no control characters or bidi overrides, long words breakable. */
export function pdfText(text: string): string {
  return (
    text
      .toWellFormed()
      .replace(/\r\n?/g, '\n')
      .replace(/\t/g, '    ')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is being removed
      .replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
      // A zero-width space: a place to break that shows nothing (and is not broken again).
      .replace(LONG_WORD_RUN, (word) => (word.match(WORD_PIECE) ?? []).join('\u200b'))
  )
}

/** Characters of a run handed to pdfkit in one call, about. */
const RUN_PIECE_CHARS = 2000
/** A place a line may break anyway: after white space or a zero-width space. */
const BREAK_AFTER = /[\s\u200b]/

/**
 * `text` in pieces of at most RUN_PIECE_CHARS, each cut after a place a line may break anyway
 * (pdfText leaves one at least every WORD_BREAK_EVERY characters), never inside a surrogate pair.
 */
export function piecesOf(text: string): string[] {
  const pieces: string[] = []
  let start = 0
  while (text.length - start > RUN_PIECE_CHARS) {
    let end = start + RUN_PIECE_CHARS
    while (end > start && !BREAK_AFTER.test(text[end - 1]!)) end--
    if (end === start) {
      end = start + RUN_PIECE_CHARS
      if (/[\ud800-\udbff]/.test(text[end - 1]!)) end--
    }
    pieces.push(text.slice(start, end))
    start = end
  }
  if (start < text.length) pieces.push(text.slice(start))
  return pieces
}

/**
 * Text for the document's metadata. pdfkit writes the title into the XMP packet as it is, not
 * escaped, so a title with `<` could break the packet or forge entries in it (its PDF/A claim
 * among them); PDF/A also wants the info dictionary to say the same, so both get look-alikes.
 */
export function metadataText(text: string): string {
  return pdfText(text)
    .replace(/\u200b/g, '')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/&/g, '＆')
}

interface Run {
  text: string
  font: FontName
  underline: boolean
  strike: boolean
  link: string | null
}

function faceOf(marks: Set<string>, bold: boolean): FontName {
  if (marks.has('code')) return 'mono'
  if (bold && marks.has('italic')) return 'boldItalic'
  if (bold) return 'bold'
  return marks.has('italic') ? 'italic' : 'regular'
}

/** Inline nodes as runs of one look each; `bold` for a heading's or a header cell's. */
function runsOf(nodes: JsonNode[] | undefined, bold = false): Run[] {
  const runs: Run[] = []
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') {
      runs.push({ text: '\n', font: 'regular', underline: false, strike: false, link: null })
      continue
    }
    if (node.type !== 'text' || !node.text) continue
    const marks = new Set((node.marks ?? []).map((m) => m.type))
    const href = node.marks?.find((m) => m.type === 'link')?.attrs?.href
    const link = typeof href === 'string' && isAllowedLink(href) ? href.trim() : null
    runs.push({
      text: pdfText(node.text),
      font: faceOf(marks, bold || marks.has('bold')),
      underline: marks.has('underline') || link !== null,
      strike: marks.has('strike'),
      link,
    })
  }
  return runs.filter((r) => r.text.length > 0)
}

/** A node's words only, for a table cell: blocks on their own lines, list items with a bullet. */
function plainText(node: JsonNode): string {
  if (node.type === 'text') return node.text ?? ''
  if (node.type === 'hardBreak') return '\n'
  const inner = (node.content ?? []).map(plainText)
  if (node.type === 'listItem' || node.type === 'taskItem') {
    const state = node.type === 'taskItem' ? (node.attrs?.checked === true ? '☑ ' : '☐ ') : '• '
    return `${state}${inner.join('\n')}`
  }
  const isInline = (node.content ?? []).every((c) => c.type === 'text' || c.type === 'hardBreak')
  return inner.join(isInline ? '' : '\n')
}

interface Cell {
  text: string
  header: boolean
  colSpan: number
  rowSpan: number
}

/** A cell with its spans made to fit and the first column it covers. */
interface Placed extends Cell {
  col: number
}

type Doc = PDFKit.PDFDocument

/** The renderer's state: the document, the clock for yielding, and where text starts. */
class Writer {
  private sliceStart = performance.now()

  constructor(
    readonly doc: Doc,
    readonly m: PublicMessages,
  ) {}

  get left(): number {
    return this.doc.page.margins.left
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right
  }

  /** Let other requests through when this one has held the event loop for a slice. */
  async breathe(): Promise<void> {
    if (performance.now() - this.sliceStart < PDF_SLICE_MS) return
    await nextTurn()
    this.sliceStart = performance.now()
  }

  /** A new page unless `height` still fits on this one. */
  keep(height: number): void {
    if (this.doc.y + height > this.doc.page.maxY()) this.doc.addPage()
  }

  /**
   * One paragraph of runs at `indent`, wrapped to the page. pdfkit lays out what one call is
   * given without a pause, so a long run is handed over in pieces of about RUN_PIECE_CHARS, cut
   * where a line may break anyway, letting other work through between them: a paragraph of
   * 2 MiB was one block of several seconds.
   */
  async runs(
    runs: Run[],
    indent: number,
    size: number,
    colour = COLOURS.text,
    gapAfter = 0.45,
  ): Promise<void> {
    const { doc } = this
    const x = this.left + indent
    const width = this.width - indent
    const pieces = runs.flatMap((run) => piecesOf(run.text).map((text) => ({ ...run, text })))
    if (pieces.length === 0) {
      doc.moveDown(gapAfter + 0.6)
      return
    }
    doc.fontSize(size)
    for (const [i, run] of pieces.entries()) {
      if (i > 0) await this.breathe()
      doc.font(fontPath(run.font)).fillColor(run.link ? COLOURS.link : colour)
      const options = {
        width,
        continued: i < pieces.length - 1,
        underline: run.underline,
        strike: run.strike,
        // Set on every run: pdfkit carries a link on to the runs after it otherwise.
        link: run.link,
      }
      if (i === 0) doc.text(run.text, x, doc.y, options)
      else doc.text(run.text, options)
    }
    doc.moveDown(gapAfter)
    doc.x = this.left
  }

  /** A line of the same look: the title, the banner, the facts. */
  line(text: string, font: FontName, size: number, colour = COLOURS.text, gapAfter = 0.45): Promise<void> {
    return this.runs(
      [{ text: pdfText(text), font, underline: false, strike: false, link: null }],
      0,
      size,
      colour,
      gapAfter,
    )
  }

  /** A heading's runs (bold) at its level's size, never left alone at the bottom of a page. */
  heading(runs: Run[], level: number): Promise<void> {
    const size = SIZES.heading[level - 1] ?? SIZES.body
    this.doc.moveDown(0.4)
    this.keep(size * 4)
    return this.runs(runs, 0, size)
  }

  /** A list item's marker in the margin before its first line, then the item. */
  marker(marker: string, indent: number): void {
    const { doc } = this
    doc.font(fontPath('regular')).fontSize(SIZES.body)
    this.keep(doc.currentLineHeight(true))
    const y = doc.y
    doc.fillColor(COLOURS.text).text(marker, this.left + indent - INDENT.marker, y, {
      width: INDENT.marker,
      lineBreak: false,
    })
    doc.y = y
  }

  rule(): void {
    const { doc } = this
    this.keep(12)
    const y = doc.y + 4
    doc
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.75)
      .strokeColor(COLOURS.rule)
      .stroke()
    doc.y = y + 10
  }

  code(text: string, indent: number): void {
    const { doc } = this
    const x = this.left + indent + 6
    const width = this.width - indent - 12
    doc.font(fontPath('mono')).fontSize(SIZES.code)
    const body = pdfText(text)
    const height = doc.heightOfString(body, { width })
    // A shaded box when the block fits on the page; a longer one runs on without it.
    if (doc.y + height + 8 <= doc.page.maxY()) {
      doc.rect(this.left + indent, doc.y, this.width - indent, height + 8).fill(COLOURS.fill)
      doc.y += 4
    }
    doc.fillColor(COLOURS.text).text(body, x, doc.y, { width })
    doc.moveDown(0.8)
    doc.x = this.left
  }

  /**
   * A table as pdfkit lays it out, when its columns are few and every row fits on a page; else
   * row by row, each cell on its own line named by its column's header (nothing is ever cut).
   * `weights`: the columns' shares of the width (equal when not given). Every row measured or
   * written lets other work through when a slice is up: a table of thousands of rows is not one
   * block of the event loop. pdfkit lays out one table in one call, so a long one is handed to it
   * in pieces of about TABLE_PIECE_ROWS rows, cut where no row span runs on.
   */
  async table(rows: Cell[][], indent: number, weights?: number[]): Promise<void> {
    const { doc } = this
    const grid = normaliseSpans(rows)
    const width = this.width - indent
    const pad = 4
    const columns = grid?.columns ?? 0
    const shares = Array.from({ length: columns }, (_, i) => weights?.[i] ?? 1)
    const total = shares.reduce((a, b) => a + b, 0)
    const columnWidths = shares.map((share) => (width * share) / total)
    const pageHeight = doc.page.maxY() - PAGE.margins.top
    doc.fontSize(SIZES.small)
    let fits = grid !== null && columns > 0
    for (const row of grid?.rows ?? []) {
      if (!fits) break
      await this.breathe()
      fits = row.every((cell) => {
        // More than a whole page holds: not measured (pdfkit would lay it all out in one call).
        if (cell.text.length > PAGE_OF_CHARS) return false
        doc.font(fontPath(cell.header ? 'bold' : 'regular'))
        const cellWidth = columnWidths.slice(cell.col, cell.col + cell.colSpan).reduce((a, b) => a + b, 0)
        return (
          doc.heightOfString(cell.text || ' ', { width: cellWidth - 2 * pad }) + 2 * pad < pageHeight - 20
        )
      })
    }
    if (grid && fits) {
      doc.font(fontPath('regular')).fillColor(COLOURS.text)
      this.keep(doc.currentLineHeight(true) * 2 + 4 * pad)
      for (const piece of pieces(grid.rows)) {
        await this.breathe()
        doc.table({
          position: { x: this.left + indent, y: doc.y },
          maxWidth: width,
          columnStyles: columnWidths,
          defaultStyle: { padding: [pad, pad, pad, pad], borderColor: COLOURS.rule, border: 0.5 },
          data: piece.map((row) =>
            row.map((cell) => ({
              text: cell.text,
              colSpan: cell.colSpan,
              rowSpan: cell.rowSpan,
              // Only header cells name a font: pdfkit puts the previous one back after every cell
              // that names its own.
              ...(cell.header
                ? { type: 'TH' as const, font: { src: fontPath('bold') }, backgroundColor: COLOURS.fill }
                : {}),
            })),
          ),
        })
        doc.x = this.left
      }
      doc.moveDown(0.8)
      return
    }
    const headers = rows[0]?.every((c) => c.header) ? rows[0].map((c) => c.text) : null
    for (const row of headers ? rows.slice(1) : rows) {
      for (const [i, cell] of row.entries()) {
        await this.breathe()
        const label = headers?.[i]
        const runs = runsOf([{ type: 'text', text: cell.text }], cell.header)
        if (label)
          runs.unshift({
            text: `${pdfText(label)}: `,
            font: 'bold',
            underline: false,
            strike: false,
            link: null,
          })
        await this.runs(runs, indent, SIZES.body, COLOURS.text, 0.2)
      }
      this.rule()
    }
  }
}

/**
 * Spans made consistent for pdfkit's layout: a span never past MAX_SPAN nor a row span past the
 * last row, every row exactly as wide as the widest (short rows padded with empty cells), as
 * pdfkit needs (a ragged table throws in it). Null when the table is no grid pdfkit should lay
 * out: wider than MAX_TABLE_COLUMNS, or with spans that overlap. It stops there, before any
 * padding: a row of 2,000 cells each spanning 50 columns over a few hundred short rows once
 * padded those to 100,000 cells each and took the process down for want of memory.
 */
function normaliseSpans(rows: Cell[][]): { rows: Placed[][]; columns: number } | null {
  const claimed = rows.map(() => new Set<number>())
  const placed: Placed[][] = []
  for (const [r, row] of rows.entries()) {
    const out: Placed[] = []
    let col = 0
    for (const cell of row) {
      while (claimed[r]!.has(col)) col++
      const colSpan = Math.min(Math.max(cell.colSpan, 1), MAX_SPAN)
      const rowSpan = Math.min(Math.max(cell.rowSpan, 1), MAX_SPAN, rows.length - r)
      if (col + colSpan > MAX_TABLE_COLUMNS) return null
      for (let i = 0; i < rowSpan; i++)
        for (let j = 0; j < colSpan; j++) {
          if (claimed[r + i]!.has(col + j)) return null
          claimed[r + i]!.add(col + j)
        }
      out.push({ ...cell, colSpan, rowSpan, col })
      col += colSpan
    }
    placed.push(out)
  }
  const columns = Math.max(0, ...claimed.map((c) => (c.size ? Math.max(...c) + 1 : 0)))
  // Short rows filled with empty cells in their free places (before moving on, as pdfkit places).
  for (const [r, row] of placed.entries())
    for (let col = 0; col < columns; col++)
      if (!claimed[r]!.has(col)) {
        claimed[r]!.add(col)
        row.push({ text: '', header: false, colSpan: 1, rowSpan: 1, col })
      }
  return { columns, rows: placed }
}

/** Rows in pieces of about TABLE_PIECE_ROWS, each ending where no row span runs on past it. */
function* pieces(rows: Placed[][]): Generator<Placed[][]> {
  let start = 0
  /** The first row not covered by a span begun so far. */
  let spanEnd = 0
  for (const [r, row] of rows.entries()) {
    for (const cell of row) spanEnd = Math.max(spanEnd, r + cell.rowSpan)
    if (r + 1 - start >= TABLE_PIECE_ROWS && spanEnd <= r + 1) {
      yield rows.slice(start, r + 1)
      start = r + 1
    }
  }
  if (start < rows.length) yield rows.slice(start)
}

interface Context {
  indent: number
  /** Lists around this block (for the bullet's shape). */
  depth: number
  /** The marker of the list item whose first paragraph this is (bullet, number, task state). */
  marker: string | null
}

async function blocks(w: Writer, nodes: JsonNode[] | undefined, ctx: Context): Promise<void> {
  for (const node of nodes ?? []) {
    await w.breathe()
    await block(w, node, ctx)
  }
}

async function block(w: Writer, node: JsonNode, ctx: Context): Promise<void> {
  switch (node.type) {
    case 'paragraph':
      if (ctx.marker !== null) w.marker(ctx.marker, ctx.indent)
      return w.runs(runsOf(node.content), ctx.indent, SIZES.body)
    case 'heading': {
      const level = Number(node.attrs?.level)
      return w.heading(runsOf(node.content, true), level >= 1 && level <= 3 ? level : 1)
    }
    case 'horizontalRule':
      return w.rule()
    case 'codeBlock':
      return w.code(plainText(node), ctx.indent)
    case 'blockquote': {
      const { doc } = w
      const top = doc.y
      const page = doc.bufferedPageRange().count
      await blocks(w, node.content, { ...ctx, indent: inward(ctx.indent, INDENT.quote), marker: null })
      // The bar beside the quote, where it stayed on one page.
      if (doc.bufferedPageRange().count === page) {
        const x = w.left + ctx.indent + 4
        doc
          .moveTo(x, top)
          .lineTo(x, doc.y - 6)
          .lineWidth(2)
          .strokeColor(COLOURS.rule)
          .stroke()
      }
      return
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      const start = Number(node.attrs?.start)
      const first = Number.isInteger(start) && Math.abs(start) < 1e9 ? start : 1
      const inner = { indent: inward(ctx.indent, INDENT.list), depth: ctx.depth + 1, marker: null }
      for (const [i, item] of (node.content ?? []).entries()) {
        await w.breathe()
        const marker =
          node.type === 'orderedList'
            ? `${first + i}.`
            : item.type === 'taskItem'
              ? item.attrs?.checked === true
                ? '☑'
                : '☐'
              : BULLETS[ctx.depth % BULLETS.length]!
        // The marker goes with the item's first paragraph; nested blocks carry their own.
        const [head, ...rest] = item.content ?? []
        if (head) await block(w, head, { ...inner, marker: head.type === 'paragraph' ? marker : null })
        await blocks(w, rest, inner)
      }
      return
    }
    case 'table':
      return await w.table(
        (node.content ?? []).map((row) =>
          (row.content ?? []).map((cell) => ({
            text: pdfText(plainText(cell)),
            header: cell.type === 'tableHeader',
            colSpan: Number.isInteger(cell.attrs?.colspan) ? Number(cell.attrs?.colspan) : 1,
            rowSpan: Number.isInteger(cell.attrs?.rowspan) ? Number(cell.attrs?.rowspan) : 1,
          })),
        ),
        ctx.indent,
      )
    default:
      // A node the schema may grow later: its children, or its words.
      if (node.content) return blocks(w, node.content, ctx)
      if (node.type === 'text' && node.text) return w.runs(runsOf([node]), ctx.indent, SIZES.body)
  }
}

async function record(w: Writer, doc: PublishedDocument, locale: Locale): Promise<void> {
  if (!doc.record) return
  const { m } = w
  w.doc.moveDown(0.6)
  await w.heading(runsOf([{ type: 'text', text: m.record }], true), 1)
  const cell = (text: string, header = false): Cell => ({
    text: pdfText(text),
    header,
    colSpan: 1,
    rowSpan: 1,
  })
  await w.table(
    [
      [m.party, m.decision, m.decidedBy, m.when, m.reservation].map((t) => cell(t, true)),
      ...doc.record.decisions.map((d) => [
        cell(partyName(m, d.party)),
        cell(m[d.decision]),
        cell(d.by),
        cell(dateTime(locale, d.at)),
        cell(d.note ?? ''),
      ]),
    ],
    0,
    // The reservation, the one long text, gets the most room; a party's name fits on its line.
    [4, 3, 3, 3, 5],
  )
  await w.line(`${m.contentHash}:`, 'bold', SIZES.body, COLOURS.text, 0.1)
  await w.line(doc.record.contentHash, 'mono', SIZES.code)
  await w.line(m.hashHowTo, 'regular', SIZES.body)
}

/** Page numbers and where it came from, in the bottom margin of every page. */
async function footers(w: Writer, m: PublicMessages): Promise<void> {
  const { doc } = w
  const { start, count } = doc.bufferedPageRange()
  for (let i = start; i < start + count; i++) {
    await w.breathe()
    doc.switchToPage(i)
    const bottom = doc.page.margins.bottom
    // Writing inside the margin: without this pdfkit would start a new page for the line.
    doc.page.margins.bottom = 0
    doc
      .font(fontPath('regular'))
      .fontSize(SIZES.small)
      .fillColor(COLOURS.muted)
      .text(`${m.publishedWith} · ${i + 1} / ${count}`, PAGE.margins.left, doc.page.height - bottom + 24, {
        width: doc.page.width - PAGE.margins.left - PAGE.margins.right,
        align: 'center',
        lineBreak: false,
      })
    doc.page.margins.bottom = bottom
  }
}

/** The document as the bytes of a PDF/A-2b file. */
export async function exportPdf(
  published: PublishedDocument,
  locale: Locale,
): Promise<Uint8Array<ArrayBuffer>> {
  const m = PUBLIC_MESSAGES[locale]
  const doc = new PDFDocument({
    ...PAGE,
    subset: 'PDF/A-2b',
    pdfVersion: '1.7',
    lang: locale,
    displayTitle: true,
    bufferPages: true,
    // No default font: pdfkit's is Helvetica, a standard-14 font PDF/A cannot embed.
    font: '',
    info: { Title: metadataText(published.title), Creator: 'Trepart' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve)
    doc.on('error', reject)
  })
  doc.font(fontPath('regular'))

  const w = new Writer(doc, m)
  const banner = statusBanner(m, published.status)
  await w.line(
    banner,
    published.status === 'final' ? 'regular' : 'boldItalic',
    SIZES.body,
    COLOURS.muted,
    0.8,
  )
  await w.line(published.title, 'bold', SIZES.title, COLOURS.text, 0.3)
  await w.line(
    `${m.kind[published.kind]} · ${dateTime(locale, published.updatedAt)}`,
    'regular',
    SIZES.small,
    COLOURS.muted,
  )
  if (published.amends) await w.line(`${m.amends}: ${published.amends.title}`, 'regular', SIZES.body)
  for (const a of published.amendedBy)
    await w.line(`${m.amendedBy}: ${a.title} (${m.statusWord[a.status]})`, 'regular', SIZES.body)
  doc.moveDown(0.6)
  await blocks(w, (published.content as JsonNode).content, { indent: 0, depth: 0, marker: null })
  await record(w, published, locale)
  await footers(w, m)
  doc.end()
  await ended
  const bytes = Buffer.concat(chunks)
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
}
