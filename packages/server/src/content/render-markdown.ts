/**
 * ProseMirror JSON of a Trepart document → Markdown (CommonMark with GFM task lists and tables),
 * for exports. Text is escaped so it reads back as the same text (no accidental emphasis, links or
 * HTML); links keep only http, https and mailto, as in the editor; headings start at `##`, under
 * the export's own `#` title. Raw HTML is never written. What it writes reads back (CommonMark +
 * GFM) as the same structure, but for what Markdown cannot say: underline, list numbering other
 * than digits, table cells' spans, alignment and blocks (render-fidelity.test.ts).
 */
import { isAllowedLink } from '@trepart/shared/link-policy'
import type { ContentJson } from './content-json.js'
import type { JsonMark, JsonNode } from './render-html.js'

/**
 * Backslash-escapes what Markdown would read as syntax; `<` and `&` too, so no HTML is ever read,
 * and the `:` of `://`, so a web address in the text stays text (GFM readers would make it a link
 * whose address keeps the other escapes).
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]|:(?=\/\/)/g, (c) => `\\${c}`)
}

/** A mark as Markdown writes it: its opening and closing delimiters; null when it is not written. */
function delimiters(mark: JsonMark): [string, string] | null {
  switch (mark.type) {
    case 'bold':
      return ['**', '**']
    // `*`, not `_`: a `_` inside a word does not emphasise (fri*tids*arbeid does).
    case 'italic':
      return ['*', '*']
    case 'link': {
      const href = typeof mark.attrs?.href === 'string' ? mark.attrs.href.trim() : ''
      if (!isAllowedLink(href)) return null
      const title = typeof mark.attrs?.title === 'string' && mark.attrs.title ? mark.attrs.title : null
      const destination = `<${href.replace(/[<>\s]/g, encodeURIComponent)}>`
      return ['[', `](${destination}${title ? ` "${title.replace(/["\\]/g, (c) => `\\${c}`)}"` : ''})`]
    }
    // Markdown has no underline; HTML would be raw HTML: the text stays, the underline goes.
    default:
      return null
  }
}

const sameMark = (a: JsonMark, b: JsonMark) =>
  a.type === b.type && JSON.stringify(a.attrs ?? {}) === JSON.stringify(b.attrs ?? {})

/**
 * Inline content with its marks, each opened once for a run of text that has it and closed where
 * the run ends (as prosemirror-markdown does: `**a *b* c**`, not `**a ****b** ...`). A link is
 * opened outermost, so a mark that runs past its end is closed and opened again around it. Spaces
 * at a run's edges stay outside its delimiters, since `** a**` is not emphasis. `lineBreak`: what a
 * hard break is written as (a backslash and a new line; a space where a block is one line).
 */
function inline(nodes: JsonNode[] | undefined, lineBreak = '\\\n'): string {
  let out = ''
  const open: Array<{ mark: JsonMark; close: string }> = []
  let pendingSpace = ''
  const closeTo = (depth: number) => {
    while (open.length > depth) out += open.pop()!.close
  }
  for (const node of flatInline(nodes)) {
    if (node.type === 'hardBreak') {
      // Marks run on across a break; the spaces before it go (CommonMark drops them anyway).
      pendingSpace = ''
      out += lineBreak
      continue
    }
    const text = escapeMarkdown(node.text ?? '')
    const core = text.trim()
    const lead = core ? text.slice(0, text.length - text.trimStart().length) : text
    const trail = core ? text.slice(text.trimEnd().length) : ''
    const marks = core
      ? [...(node.marks ?? [])]
          .filter((m) => delimiters(m) !== null)
          // Links outermost, then as the schema orders marks.
          .sort((a, b) => Number(b.type === 'link') - Number(a.type === 'link'))
      : open.map((o) => o.mark)
    let keep = 0
    while (keep < open.length && keep < marks.length && sameMark(open[keep]!.mark, marks[keep]!)) keep++
    closeTo(keep)
    out += pendingSpace + lead
    for (const mark of marks.slice(keep)) {
      const [opening, close] = delimiters(mark)!
      out += opening
      open.push({ mark, close })
    }
    out += core
    pendingSpace = trail
  }
  closeTo(0)
  return out + pendingSpace
}

/** Text and hard breaks in order (an inline node the schema may grow later gives its text). */
function flatInline(nodes: JsonNode[] | undefined): JsonNode[] {
  return (nodes ?? []).flatMap((node) =>
    node.type === 'text' || node.type === 'hardBreak' ? [node] : flatInline(node.content),
  )
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : by + line))
    .join('\n')
}

/**
 * How a list is marked: a list right after another of its kind takes the other marker, since
 * CommonMark reads two lists with the same marker, one after the other, as one list.
 */
interface ListMarkers {
  bullet: '-' | '*'
  delimiter: '.' | ')'
}

const FIRST_MARKERS: ListMarkers = { bullet: '-', delimiter: '.' }

function block(node: JsonNode, markers: ListMarkers = FIRST_MARKERS): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content)
    case 'heading':
      // A heading is one line: a hard break in it is a space.
      return `${'#'.repeat(Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 3) + 1)} ${inline(node.content, ' ')}`
    case 'horizontalRule':
      return '---'
    case 'blockquote':
      return blocks(node.content)
        .split('\n')
        .map((line) => (line ? `> ${line}` : '>'))
        .join('\n')
    case 'bulletList':
    case 'taskList':
    case 'orderedList': {
      const start = Number(node.attrs?.start) || 1
      return (node.content ?? [])
        .map((item, i) => {
          const marker = node.type === 'orderedList' ? `${start + i}${markers.delimiter}` : markers.bullet
          // The task's box is the start of the item's text: what follows it lines up with the
          // marker's text, not the box (four more spaces would make an indented code block).
          const box = node.type === 'taskList' ? `[${item.attrs?.checked === true ? 'x' : ' '}] ` : ''
          return `${marker} ${box}${indent(blocks(item.content), ' '.repeat(marker.length + 1))}`
        })
        .join('\n')
    }
    case 'table': {
      const rows = (node.content ?? []).map((row) =>
        // A cell is one line: its blocks and hard breaks become spaces (escapeMarkdown has escaped
        // every `|` already). GFM tables have no spans; the first row is their header.
        (row.content ?? []).map((cell) =>
          (cell.content ?? [])
            .map((b) => (b.type === 'paragraph' || b.type === 'heading' ? inline(b.content, ' ') : block(b)))
            .join(' ')
            .replace(/\n+/g, ' '),
        ),
      )
      if (rows.length === 0) return ''
      const width = Math.max(...rows.map((r) => r.length))
      const line = (cells: string[]) =>
        `| ${Array.from({ length: width }, (_, i) => cells[i] ?? '').join(' | ')} |`
      return [line(rows[0]!), `|${' --- |'.repeat(width)}`, ...rows.slice(1).map(line)].join('\n')
    }
    default:
      return node.content ? blocks(node.content) : inline([node])
  }
}

const BULLET_LISTS = new Set(['bulletList', 'taskList'])

function blocks(nodes: JsonNode[] | undefined): string {
  let markers = FIRST_MARKERS
  let previous: string | null = null
  return (nodes ?? [])
    .map((node) => {
      const bullets = BULLET_LISTS.has(node.type)
      const follows = bullets ? previous !== null && BULLET_LISTS.has(previous) : previous === node.type
      if (node.type === 'orderedList' || bullets)
        markers = follows
          ? bullets
            ? { ...markers, bullet: markers.bullet === '-' ? '*' : '-' }
            : { ...markers, delimiter: markers.delimiter === '.' ? ')' : '.' }
          : FIRST_MARKERS
      previous = node.type
      return block(node, markers)
    })
    .filter((md) => md !== '')
    .join('\n\n')
}

/** The document's content as Markdown. */
export function renderMarkdown(content: ContentJson): string {
  return `${blocks((content as JsonNode).content)}\n`
}
