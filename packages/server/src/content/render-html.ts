/**
 * ProseMirror JSON of a Trepart document → HTML, for public pages and exports. Our own small
 * serialiser over the shared schema's nodes and marks rather than `@tiptap/static-renderer`, whose
 * output needs a peer install of React, carries inline `style` attributes (refused by our CSP),
 * writes `<span/>` (not a void element in HTML) and an unlabelled checkbox for task items. Here
 * every text and attribute is escaped, links keep only http, https and mailto
 * (`@trepart/shared/link-policy`, as the editor), task items are read-only marks with words for
 * screen readers, and an unknown node or mark renders its text only. No DOM, no editor. What it
 * writes reads back through the schema as the same document (render-fidelity.test.ts), but for
 * what a public page decides itself: headings one level down, under the page's title; a link's
 * rel and target; editor column widths.
 */
import { isAllowedLink } from '@trepart/shared/link-policy'
import type { ContentJson } from './content-json.js'

export interface JsonMark {
  type: string
  attrs?: Record<string, unknown>
}

export interface JsonNode {
  type: string
  attrs?: Record<string, unknown>
  content?: JsonNode[]
  marks?: JsonMark[]
  text?: string
}

/** The words a task item's state is read as (in the page's language). */
export interface RenderWords {
  done: string
  notDone: string
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const BLOCK_TAGS: Record<string, string> = {
  paragraph: 'p',
  blockquote: 'blockquote',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  tableRow: 'tr',
}

/** `<ol type>` values: the list numberings HTML knows. */
const LIST_NUMBERINGS = new Set(['1', 'a', 'A', 'i', 'I'])
/** A table cell's alignment, as the schema has it. */
const CELL_ALIGNS = new Set(['left', 'center', 'right'])

function headingLevel(attrs: Record<string, unknown> | undefined): number {
  const level = Number(attrs?.level)
  return level >= 1 && level <= 3 ? level : 1
}

function renderMarks(text: string, marks: JsonMark[] | undefined): string {
  let html = escapeHtml(text)
  for (const mark of marks ?? []) {
    switch (mark.type) {
      case 'bold':
        html = `<strong>${html}</strong>`
        break
      case 'italic':
        html = `<em>${html}</em>`
        break
      case 'underline':
        html = `<u>${html}</u>`
        break
      case 'link': {
        const href = typeof mark.attrs?.href === 'string' ? mark.attrs.href : ''
        const title = typeof mark.attrs?.title === 'string' && mark.attrs.title ? mark.attrs.title : null
        // The page chooses rel itself (and no target): what the editor stored there is not published.
        if (isAllowedLink(href))
          html = `<a href="${escapeHtml(href.trim())}"${title ? ` title="${escapeHtml(title)}"` : ''} rel="noopener noreferrer nofollow">${html}</a>`
        break
      }
      default:
        break
    }
  }
  return html
}

function renderChildren(node: JsonNode, words: RenderWords): string {
  return (node.content ?? []).map((child) => renderNode(child, words)).join('')
}

function renderNode(node: JsonNode, words: RenderWords): string {
  switch (node.type) {
    case 'doc':
      return renderChildren(node, words)
    case 'text':
      return renderMarks(node.text ?? '', node.marks)
    case 'hardBreak':
      return '<br>'
    case 'horizontalRule':
      return '<hr>'
    case 'heading': {
      // Under the page's own h1 (the title): level n renders as h(n+1).
      const tag = `h${headingLevel(node.attrs) + 1}`
      return `<${tag}>${renderChildren(node, words)}</${tag}>`
    }
    case 'orderedList': {
      const start = Number(node.attrs?.start)
      const startAttr = Number.isInteger(start) && start !== 1 ? ` start="${start}"` : ''
      const type = node.attrs?.type
      // Numbering as the editor keeps it (a, A, i, I from pasted documents); nothing else is written.
      const typeAttr = typeof type === 'string' && LIST_NUMBERINGS.has(type) ? ` type="${type}"` : ''
      return `<ol${startAttr}${typeAttr}>${renderChildren(node, words)}</ol>`
    }
    // The data attributes are the schema's own (Tiptap's task list): a page or an HTML export
    // pasted back into the editor, or read by the fidelity test, is a task list again.
    case 'taskList':
      return `<ul class="task-list" data-type="taskList">${renderChildren(node, words)}</ul>`
    case 'taskItem': {
      const checked = node.attrs?.checked === true
      const state = `<span class="task-state" aria-hidden="true">${checked ? '☑' : '☐'}</span><span class="visually-hidden">${escapeHtml(checked ? words.done : words.notDone)}: </span>`
      // The content in its own element, which the schema reads as the item (never the state's words).
      return `<li class="task-item${checked ? ' done' : ''}" data-type="taskItem" data-checked="${checked}">${state}<div>${renderChildren(node, words)}</div></li>`
    }
    case 'table': {
      const rows = node.content ?? []
      return `<div class="table-scroll"><table><tbody>${rows.map((r) => renderNode(r, words)).join('')}</tbody></table></div>`
    }
    case 'tableHeader':
    case 'tableCell': {
      const tag = node.type === 'tableHeader' ? 'th' : 'td'
      const span = (name: string) => {
        const n = Number(node.attrs?.[name])
        return Number.isInteger(n) && n > 1 && n <= 1000 ? ` ${name}="${n}"` : ''
      }
      // An attribute, not a style (the policy allows none inline); the schema reads either.
      const align = node.attrs?.align
      const alignAttr = typeof align === 'string' && CELL_ALIGNS.has(align) ? ` align="${align}"` : ''
      return `<${tag}${span('colspan')}${span('rowspan')}${alignAttr}>${renderChildren(node, words)}</${tag}>`
    }
    default: {
      const tag = BLOCK_TAGS[node.type]
      // A node the schema may grow later renders its text, never its name or attributes.
      return tag ? `<${tag}>${renderChildren(node, words)}</${tag}>` : renderChildren(node, words)
    }
  }
}

/** The document's content as HTML (to place inside an <article>). */
export function renderHtml(content: ContentJson, words: RenderWords): string {
  return renderNode(content as JsonNode, words)
}
