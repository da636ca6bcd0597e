/**
 * ProseMirror JSON of a Trepart document → Markdown (CommonMark with GFM task lists and tables),
 * for exports. Text is escaped so it reads back as the same text (no accidental emphasis, links or
 * HTML); links keep only http, https and mailto, as in the editor; headings start at `##`, under
 * the export's own `#` title. Raw HTML is never written.
 */
import { isAllowedLink } from '@trepart/shared/link-policy'
import type { ContentJson } from './content-json.js'
import type { JsonMark, JsonNode } from './render-html.js'

/** Backslash-escapes what Markdown would read as syntax; `<` and `&` too, so no HTML is ever read. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&~]/g, (c) => `\\${c}`)
}

function inline(nodes: JsonNode[] | undefined): string {
  return (nodes ?? [])
    .map((node) => {
      if (node.type === 'hardBreak') return '\\\n'
      if (node.type !== 'text') return inline(node.content)
      return marked(escapeMarkdown(node.text ?? ''), node.marks)
    })
    .join('')
}

function marked(text: string, marks: JsonMark[] | undefined): string {
  let md = text
  for (const mark of marks ?? []) {
    if (mark.type === 'bold') md = `**${md}**`
    else if (mark.type === 'italic') md = `_${md}_`
    // Markdown has no underline; HTML would be raw HTML: the text stays, the underline goes.
    else if (mark.type === 'link') {
      const href = typeof mark.attrs?.href === 'string' ? mark.attrs.href.trim() : ''
      if (isAllowedLink(href)) md = `[${md}](<${href.replace(/[<>\s]/g, encodeURIComponent)}>)`
    }
  }
  return md
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((line, i) => (i === 0 || line === '' ? line : by + line))
    .join('\n')
}

function block(node: JsonNode): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content)
    case 'heading':
      return `${'#'.repeat(Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 3) + 1)} ${inline(node.content)}`
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
          const marker =
            node.type === 'orderedList'
              ? `${start + i}.`
              : node.type === 'taskList'
                ? `- [${item.attrs?.checked === true ? 'x' : ' '}]`
                : '-'
          return `${marker} ${indent(blocks(item.content), ' '.repeat(marker.length + 1))}`
        })
        .join('\n')
    }
    case 'table': {
      const rows = (node.content ?? []).map((row) =>
        // escapeMarkdown has escaped every `|` already.
        (row.content ?? []).map((cell) => blocks(cell.content).replace(/\n+/g, ' ')),
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

function blocks(nodes: JsonNode[] | undefined): string {
  return (nodes ?? []).map(block).join('\n\n')
}

/** The document's content as Markdown. */
export function renderMarkdown(content: ContentJson): string {
  return `${blocks((content as JsonNode).content)}\n`
}
