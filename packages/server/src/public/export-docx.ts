/**
 * A published document as a Word file (`docx`): the title, the content with headings, marks,
 * links (http, https and mailto only, as everywhere), bulleted, numbered and task lists (tasks as
 * ☑/☐ with the item), block quotes as indented text, tables, and for a final document its decision
 * record and content hash. Built from the same ProseMirror JSON as the page; text is text (Word
 * escapes it), never markup.
 */
import type { Locale } from '@trepart/shared'
import { isAllowedLink } from '@trepart/shared/link-policy'
import {
  BorderStyle,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx'
import type { JsonNode } from '../content/render-html.js'
import { PUBLIC_MESSAGES, partyName, statusBanner } from './public-messages.js'
import type { PublishedDocument } from './published-document.js'

const NUMBERED = 'trepart-numbered'
const HEADINGS = [HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4] as const

interface Context {
  /** List depth (0 outside lists) and kind, for the numbering and the bullets. */
  depth: number
  list: 'bullet' | 'ordered' | 'task' | null
  /** A task item's state, put before its first paragraph. */
  task: boolean | null
  quote: boolean
}

function runs(nodes: JsonNode[] | undefined): ParagraphChild[] {
  const out: ParagraphChild[] = []
  for (const node of nodes ?? []) {
    if (node.type === 'hardBreak') {
      out.push(new TextRun({ text: '', break: 1 }))
      continue
    }
    if (node.type !== 'text') continue
    const marks = new Set((node.marks ?? []).map((m) => m.type))
    const run = new TextRun({
      text: node.text ?? '',
      bold: marks.has('bold'),
      italics: marks.has('italic'),
      ...(marks.has('underline') ? { underline: {} } : {}),
    })
    const href = node.marks?.find((m) => m.type === 'link')?.attrs?.href
    out.push(
      typeof href === 'string' && isAllowedLink(href)
        ? new ExternalHyperlink({
            link: href.trim(),
            children: [new TextRun({ text: node.text ?? '', style: 'Hyperlink' })],
          })
        : run,
    )
  }
  return out
}

function blocks(nodes: JsonNode[] | undefined, ctx: Context): Array<Paragraph | Table> {
  return (nodes ?? []).flatMap((node) => block(node, ctx))
}

function block(node: JsonNode, ctx: Context): Array<Paragraph | Table> {
  switch (node.type) {
    case 'paragraph': {
      const children = runs(node.content)
      if (ctx.task !== null) children.unshift(new TextRun({ text: ctx.task ? '☑ ' : '☐ ' }))
      const level = Math.max(ctx.depth - 1, 0)
      return [
        new Paragraph({
          children,
          ...(ctx.list === 'bullet' || ctx.list === 'task' ? { bullet: { level } } : {}),
          ...(ctx.list === 'ordered' ? { numbering: { reference: NUMBERED, level } } : {}),
          ...(ctx.quote ? { indent: { left: 720 } } : {}),
        }),
      ]
    }
    case 'heading': {
      const level = Math.min(Math.max(Number(node.attrs?.level) || 1, 1), 3)
      return [new Paragraph({ heading: HEADINGS[level - 1], children: runs(node.content) })]
    }
    case 'horizontalRule':
      return [
        new Paragraph({
          border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } },
        }),
      ]
    case 'blockquote':
      return blocks(node.content, { ...ctx, quote: true })
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      const list = node.type === 'bulletList' ? 'bullet' : node.type === 'orderedList' ? 'ordered' : 'task'
      return blocks(node.content, { ...ctx, depth: Math.min(ctx.depth + 1, 9), list })
    }
    case 'listItem':
    case 'taskItem': {
      const task = node.type === 'taskItem' ? node.attrs?.checked === true : null
      // The state marks the item's first paragraph only; nested lists carry their own.
      const [first, ...rest] = node.content ?? []
      return [...(first ? block(first, { ...ctx, task }) : []), ...blocks(rest, { ...ctx, task: null })]
    }
    case 'table':
      return [
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: (node.content ?? []).map(
            (row) =>
              new TableRow({
                children: (row.content ?? []).map(
                  (cell) =>
                    new TableCell({
                      children: blocks(cell.content, {
                        depth: 0,
                        list: null,
                        task: null,
                        quote: false,
                      }).filter((b): b is Paragraph => b instanceof Paragraph),
                    }),
                ),
              }),
          ),
        }),
      ]
    default:
      return node.content ? blocks(node.content, ctx) : []
  }
}

function record(doc: PublishedDocument, locale: Locale): Array<Paragraph | Table> {
  if (!doc.record) return []
  const m = PUBLIC_MESSAGES[locale]
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] })
  const header = [m.party, m.decision, m.decidedBy, m.when, m.reservation].map((t) => cell(t, true))
  return [
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(m.record)] }),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      rows: [
        new TableRow({ children: header, tableHeader: true }),
        ...doc.record.decisions.map(
          (d) =>
            new TableRow({
              children: [
                cell(partyName(m, d.party)),
                cell(m[d.decision]),
                cell(d.by),
                cell(new Date(d.at).toISOString()),
                cell(d.note ?? ''),
              ],
            }),
        ),
      ],
    }),
    new Paragraph({ children: [new TextRun(`${m.contentHash}: ${doc.record.contentHash}`)] }),
  ]
}

/** The document as the bytes of a .docx file. */
export async function exportDocx(doc: PublishedDocument, locale: Locale): Promise<Uint8Array<ArrayBuffer>> {
  const m = PUBLIC_MESSAGES[locale]
  const banner =
    doc.status === 'final'
      ? []
      : [
          new Paragraph({
            children: [
              new TextRun({
                text: statusBanner(m, doc.status),
                italics: true,
              }),
            ],
          }),
        ]
  const file = new Document({
    title: doc.title,
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(doc.title)] }),
          ...banner,
          ...blocks((doc.content as JsonNode).content, { depth: 0, list: null, task: null, quote: false }),
          ...record(doc, locale),
        ],
      },
    ],
  })
  return new Uint8Array(await Packer.toArrayBuffer(file))
}
