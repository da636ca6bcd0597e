/**
 * Fidelity of the public renderers (issue 14): a document holding every node, mark and attribute
 * of the shared schema, enumerated from the schema itself (a node, mark or attribute added later
 * fails here until it is rendered or named below as not published, with the reason), is rendered
 * to HTML and read back through the same schema with ProseMirror's own parser (in happy-dom, a DOM
 * for the test only: the renderers never use one) to the same JSON; and rendered to Markdown and
 * read back with a CommonMark + GFM parser (marked's lexer) to the same structure: headings and
 * their levels, paragraphs, quotes, list kinds, numbering and nesting, task states, table cells,
 * marks and links. What Markdown cannot say is named below too.
 */
import { DOMParser as ProseMirrorParser, type TagParseRule } from '@tiptap/pm/model'
import { contentSchema } from '@trepart/shared/editor-schema'
import { Window } from 'happy-dom'
import { marked, type Token, type Tokens } from 'marked'
import { afterAll, describe, expect, it } from 'vitest'
import type { ContentJson } from './content-json.js'
import { type JsonMark, type JsonNode, renderHtml } from './render-html.js'
import { renderMarkdown } from './render-markdown.js'

const schema = contentSchema()
const words = { done: 'Gjort', notDone: 'Ikke gjort' }

/**
 * Attributes a public page and an HTML export do not carry, and why. `type.attribute`; every other
 * attribute of every node and mark must round-trip.
 */
const NOT_PUBLISHED: Record<string, string> = {
  'tableCell.colwidth':
    "the editor's column widths in pixels: a page's table fits the reader's screen and paper",
  'tableHeader.colwidth':
    "the editor's column widths in pixels: a page's table fits the reader's screen and paper",
  'link.rel': 'the page sets its own (noopener noreferrer nofollow), whatever the content says',
  'link.target': 'a public page never opens another window',
  'link.class': 'no class from the content reaches the page',
}

/** What Markdown (CommonMark with GFM tables and task lists) cannot say, besides NOT_PUBLISHED. */
const NOT_IN_MARKDOWN: Record<string, string> = {
  underline: 'Markdown has no underline, and raw HTML is never written',
  'orderedList.type': 'Markdown numbers lists with digits only',
  'tableCell.colspan': 'GFM tables have no spans',
  'tableCell.rowspan': 'GFM tables have no spans',
  'tableCell.align': 'GFM aligns whole columns, not cells',
  'tableHeader.colspan': 'GFM tables have no spans',
  'tableHeader.rowspan': 'GFM tables have no spans',
  'tableHeader.align': 'GFM aligns whole columns, not cells',
}

type Marks = Array<{ type: string; attrs?: Record<string, unknown> }>
const text = (t: string, marks?: Marks): JsonNode => ({ type: 'text', text: t, ...(marks ? { marks } : {}) })
const p = (...content: JsonNode[]): JsonNode => ({ type: 'paragraph', content })
const br: JsonNode = { type: 'hardBreak' }
const heading = (level: number, ...content: JsonNode[]): JsonNode => ({
  type: 'heading',
  attrs: { level },
  content,
})
const item = (...content: JsonNode[]): JsonNode => ({ type: 'listItem', content })
const task = (checked: boolean, ...content: JsonNode[]): JsonNode => ({
  type: 'taskItem',
  attrs: { checked },
  content,
})
const cell = (type: 'tableCell' | 'tableHeader', attrs: Record<string, unknown>, ...content: JsonNode[]) => ({
  type,
  attrs,
  content,
})
const bold = { type: 'bold' }
const italic = { type: 'italic' }
const underline = { type: 'underline' }
const link = (href: string, extra: Record<string, unknown> = {}) => ({
  type: 'link',
  attrs: { href, ...extra },
})

/** One of everything, with the text that trips renderers up: marks that share runs, spaces at their edges, syntax as text. */
const everything: JsonNode = {
  type: 'doc',
  content: [
    heading(1, text('Forslag om '), text('ny', [italic]), text(' turnus')),
    heading(2, text('Bakgrunn'), br, text('og mål')),
    heading(3, text('Tall & <tegn>')),
    p(
      text('Vi vil ha '),
      text('fet ', [bold]),
      text('tekst, '),
      text('Helt ', [bold]),
      text('fri', [bold, italic]),
      text(' tid', [bold]),
      text(' og fri'),
      text('tids', [italic]),
      text('arbeid, '),
      text('understreket', [underline]),
      text(' og '),
      text('alt på en gang', [link('https://nordby.kommune.no/sak/1'), bold, italic, underline]),
      text('.'),
      br,
      text('Se '),
      text('vedtaket', [
        link('https://nordby.kommune.no/vedtak?id=2&side=3', { title: 'Vedtaket «2»' }),
        bold,
      ]),
      text(' i sin helhet', [bold]),
      text(' eller skriv til '),
      text('post@nordby.kommune.no', [link('mailto:post@nordby.kommune.no')]),
      text('.'),
    ),
    p(
      text(
        '1. Ikke en liste, # ikke en overskrift, *ikke kursiv*, _ikke_, [ikke lenke](x), <b>, &amp; \\ | ~',
      ),
    ),
    p(text('En adresse som tekst: https://nordby.kommune.no/sak og www.nordby.no, to  mellomrom.')),
    {
      type: 'blockquote',
      content: [
        p(text('Sitat fra '), text('høringen', [italic])),
        { type: 'bulletList', content: [item(p(text('ett punkt i sitatet')))] },
      ],
    },
    {
      type: 'bulletList',
      content: [
        item(p(text('Først')), p(text('med et avsnitt til'))),
        item(p(text('Så, med en nummerert liste inni')), {
          type: 'orderedList',
          attrs: { start: 1, type: null },
          content: [item(p(text('a'))), item(p(text('b')))],
        }),
      ],
    },
    {
      type: 'taskList',
      content: [
        task(true, p(text('Gjort')), { type: 'bulletList', content: [item(p(text('med en underliste')))] }),
        task(false, p(text('Ikke gjort ennå'))),
        task(false, p(text('Nøstet')), {
          type: 'taskList',
          content: [task(true, p(text('deloppgave')))],
        }),
      ],
    },
    {
      type: 'orderedList',
      attrs: { start: 9, type: 'a' },
      content: [item(p(text('niende'))), item(p(text('tiende'), br, text('med linjeskift')))],
    },
    { type: 'orderedList', attrs: { start: 1, type: null }, content: [item(p(text('en ny liste')))] },
    p(),
    { type: 'horizontalRule' },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            cell('tableHeader', { align: 'left' }, p(text('Part'))),
            cell('tableHeader', { align: 'center' }, p(text('Svar'))),
            cell('tableHeader', { colwidth: [120] }, p(text('Merknad'))),
          ],
        },
        {
          type: 'tableRow',
          content: [
            cell('tableCell', {}, p(text('Ansatte'))),
            cell('tableCell', {}, p(text('Ja | nei', [bold]))),
            cell('tableCell', { colwidth: [200] }, p(text('Første')), p(text('andre'))),
          ],
        },
        {
          type: 'tableRow',
          content: [
            cell('tableCell', { colspan: 2, align: 'right' }, p(text('Begge'))),
            cell('tableCell', {}, p(text('før'), br, text('etter'))),
          ],
        },
        {
          type: 'tableRow',
          content: [
            cell('tableCell', { rowspan: 2 }, p(text('To rader'))),
            cell('tableCell', {}, p(text('x'))),
            cell('tableCell', {}, p(text('y'))),
          ],
        },
        {
          type: 'tableRow',
          content: [cell('tableCell', {}, p(text('z'))), cell('tableCell', {}, p(text('w')))],
        },
      ],
    },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            cell('tableHeader', { colspan: 2 }, p(text('Hele bredden'))),
            cell('tableHeader', { rowspan: 2 }, p(text('Høy'))),
          ],
        },
        {
          type: 'tableRow',
          content: [cell('tableCell', {}, p(text('a'))), cell('tableCell', {}, p(text('b')))],
        },
      ],
    },
    { type: 'bulletList', content: [item(p(text('en punktliste')))] },
    { type: 'taskList', content: [task(false, p(text('rett etter en punktliste')))] },
  ],
}

/** The document as the schema holds it: every attribute spelt out, defaults included. */
const original = schema.nodeFromJSON(everything).toJSON() as JsonNode

function* walk(node: JsonNode): Generator<JsonNode> {
  yield node
  for (const child of node.content ?? []) yield* walk(child)
}

/** `type.attribute` of every attribute the schema has, with its default. */
const schemaAttributes = [
  ...Object.values(schema.nodes).flatMap((type) =>
    Object.entries(type.spec.attrs ?? {}).map(
      ([name, spec]) => [`${type.name}.${name}`, spec.default] as const,
    ),
  ),
  ...Object.values(schema.marks).flatMap((type) =>
    Object.entries(type.spec.attrs ?? {}).map(
      ([name, spec]) => [`${type.name}.${name}`, spec.default] as const,
    ),
  ),
]

/** `doc` with the attributes in `dropped` back at their defaults (what a reader of the output gets). */
function withDefaults(doc: JsonNode, dropped: Record<string, string>): JsonNode {
  const defaults = new Map(schemaAttributes)
  const reset = (type: string, attrs: Record<string, unknown> | undefined) =>
    attrs &&
    Object.fromEntries(
      Object.entries(attrs).map(([name, value]) =>
        `${type}.${name}` in dropped ? [name, defaults.get(`${type}.${name}`)] : [name, value],
      ),
    )
  const visit = (node: JsonNode): JsonNode => ({
    ...node,
    ...(node.attrs ? { attrs: reset(node.type, node.attrs) } : {}),
    ...(node.marks
      ? { marks: node.marks.map((m) => ({ ...m, ...(m.attrs ? { attrs: reset(m.type, m.attrs) } : {}) })) }
      : {}),
    ...(node.content ? { content: node.content.map(visit) } : {}),
  })
  return visit(doc)
}

describe('the sample document', () => {
  it('holds every node and mark of the schema', () => {
    const used = new Set<string>()
    for (const node of walk(original)) {
      used.add(node.type)
      for (const mark of node.marks ?? []) used.add(mark.type)
    }
    expect([...Object.keys(schema.nodes), ...Object.keys(schema.marks)].filter((t) => !used.has(t))).toEqual(
      [],
    )
  })

  it('sets every attribute of the schema away from its default, or names it as not published', () => {
    const set = new Set<string>()
    for (const node of walk(original)) {
      for (const [name, value] of Object.entries(node.attrs ?? {}))
        if (JSON.stringify(value) !== JSON.stringify(schema.nodes[node.type]!.spec.attrs![name]!.default))
          set.add(`${node.type}.${name}`)
      for (const mark of node.marks ?? [])
        for (const [name, value] of Object.entries(mark.attrs ?? {}))
          if (JSON.stringify(value) !== JSON.stringify(schema.marks[mark.type]!.spec.attrs![name]!.default))
            set.add(`${mark.type}.${name}`)
    }
    const names = schemaAttributes.map(([name]) => name)
    expect(names.filter((name) => !set.has(name) && !(name in NOT_PUBLISHED))).toEqual([])
    // The lists name only what the schema has (a renamed attribute is not silently excused).
    const known = new Set([...names, ...Object.keys(schema.marks)])
    expect(
      [...Object.keys(NOT_PUBLISHED), ...Object.keys(NOT_IN_MARKDOWN)].filter((n) => !known.has(n)),
    ).toEqual([])
  })
})

describe('U7 HTML fidelity', () => {
  const window = new Window()
  afterAll(() => window.close())

  /**
   * The schema's own parser, plus one thing the page does on purpose: the article sits under the
   * page's `<h1>` (the title), so its headings are one level down (h2 is a level-1 heading).
   */
  const parser = new ProseMirrorParser(schema, [
    ...[1, 2, 3].map(
      (level): TagParseRule => ({ tag: `h${level + 1}`, node: 'heading', attrs: { level }, priority: 100 }),
    ),
    ...ProseMirrorParser.fromSchema(schema).rules,
  ])

  /** Reads HTML as the page shows it (its article keeps spaces as written: `white-space: pre-wrap`). */
  function readBack(html: string): JsonNode {
    const article = window.document.createElement('article')
    article.innerHTML = html
    return parser.parse(article as unknown as Node, { preserveWhitespace: true }).toJSON() as JsonNode
  }

  it('reads back through the schema as the same document', () => {
    expect(readBack(renderHtml(original as ContentJson, words))).toEqual(
      withDefaults(original, NOT_PUBLISHED),
    )
  })

  it('keeps every task state and the words that say it, which the schema does not read as text', () => {
    const html = renderHtml(original as ContentJson, words)
    const read = readBack(html)
    const states = (doc: JsonNode) =>
      [...walk(doc)].filter((n) => n.type === 'taskItem').map((n) => n.attrs?.checked)
    expect(states(read)).toEqual([true, false, false, true, false])
    expect(html.match(/<span class="visually-hidden">Gjort: <\/span>/g)).toHaveLength(2)
  })
})

/** A block of Markdown's structure: what both the document and the Markdown read back are compared as. */
type Shape =
  | { heading: number; inline: Inline }
  | { paragraph: Inline }
  | { quote: Shape[] }
  | {
      list: 'bullet' | 'ordered' | 'task' | 'mixed'
      start: number
      items: Array<{ checked: boolean | null; blocks: Shape[] }>
    }
  | { rule: true }
  | { table: Inline[][] }
  | { unexpected: string }
/** Words with their marks; spaces carry none (where a space falls at a mark's edge is not structure), and `\n` is a hard break. */
type Inline = Array<{ text: string; marks: string[] }>

/** Runs of text and spaces, spaces without marks and collapsed, the same marks merged, no space at the ends or beside a break. */
function normalised(runs: Inline): Inline {
  const pieces: Inline = runs.flatMap((run) =>
    run.text
      .split(/(\n| +)/)
      .filter((piece) => piece !== '')
      .map((piece) =>
        /^ +$/.test(piece)
          ? { text: ' ', marks: [] }
          : { text: piece, marks: piece === '\n' ? [] : [...run.marks].sort() },
      ),
  )
  const isSpace = (i: number) => pieces[i]?.text === ' '
  const isBreak = (i: number) => pieces[i]?.text === '\n'
  const kept = pieces.filter(
    (_, i) =>
      !isSpace(i) ||
      (i > 0 &&
        i < pieces.length - 1 &&
        !isSpace(i - 1) &&
        !isBreak(i - 1) &&
        !isBreak(i + 1) &&
        pieces.slice(i + 1).some((q) => q.text !== ' ')),
  )
  const out: Inline = []
  for (const piece of kept) {
    const last = out.at(-1)
    if (last && piece.text !== '\n' && last.text !== '\n' && last.marks.join() === piece.marks.join())
      last.text += piece.text
    else out.push({ ...piece })
  }
  return out
}

/** A mark as the structure names it; null for one Markdown does not write (NOT_IN_MARKDOWN). */
function markName(mark: JsonMark): string | null {
  if (mark.type in NOT_IN_MARKDOWN) return null
  if (mark.type === 'link') return `link ${String(mark.attrs?.href)} ${String(mark.attrs?.title ?? '')}`
  return mark.type
}

/** The document's structure as Markdown can say it. */
function documentShape(node: JsonNode): Shape[] {
  const inline = (nodes: JsonNode[] | undefined, lineBreak = '\n'): Inline =>
    normalised(
      (nodes ?? []).map((n) =>
        n.type === 'hardBreak'
          ? { text: lineBreak, marks: [] }
          : {
              text: n.text ?? '',
              marks: (n.marks ?? []).map(markName).filter((m): m is string => m !== null),
            },
      ),
    )
  const blocks = (nodes: JsonNode[] | undefined): Shape[] =>
    (nodes ?? []).flatMap((n): Shape[] => {
      switch (n.type) {
        case 'paragraph':
          // Markdown has no empty paragraph.
          return n.content?.length ? [{ paragraph: inline(n.content) }] : []
        case 'heading':
          // One line: a hard break in a heading is a space.
          return [{ heading: Number(n.attrs?.level), inline: inline(n.content, ' ') }]
        case 'blockquote':
          return [{ quote: blocks(n.content) }]
        case 'horizontalRule':
          return [{ rule: true }]
        case 'bulletList':
        case 'orderedList':
        case 'taskList':
          return [
            {
              list: n.type === 'bulletList' ? 'bullet' : n.type === 'orderedList' ? 'ordered' : 'task',
              start: n.type === 'orderedList' ? Number(n.attrs?.start) : 1,
              items: (n.content ?? []).map((i) => ({
                checked: i.type === 'taskItem' ? i.attrs?.checked === true : null,
                blocks: blocks(i.content),
              })),
            },
          ]
        case 'table': {
          // One line per cell: its paragraphs and breaks run together, spaced.
          const rows = (n.content ?? []).map((row) =>
            (row.content ?? []).map((c) =>
              normalised(
                (c.content ?? []).flatMap((b) => [...inline(b.content, ' '), { text: ' ', marks: [] }]),
              ),
            ),
          )
          const width = Math.max(...rows.map((r) => r.length))
          return [{ table: rows.map((r) => [...r, ...Array.from({ length: width - r.length }, () => [])]) }]
        }
        default:
          return [{ unexpected: n.type }]
      }
    })
  return blocks(node.content)
}

/** The structure of Markdown as marked's lexer reads it (CommonMark with GFM). */
function markdownShape(tokens: Token[]): Shape[] {
  const inline = (list: Token[] | undefined, marks: string[] = []): Inline =>
    (list ?? []).flatMap((t): Inline => {
      switch (t.type) {
        case 'text':
          return 'tokens' in t && t.tokens
            ? inline(t.tokens, marks)
            : [{ text: (t as Tokens.Text).text, marks }]
        case 'escape':
          return [{ text: (t as Tokens.Escape).text, marks }]
        case 'strong':
          return inline((t as Tokens.Strong).tokens, [...marks, 'bold'])
        case 'em':
          return inline((t as Tokens.Em).tokens, [...marks, 'italic'])
        case 'link': {
          const l = t as Tokens.Link
          return inline(l.tokens, [...marks, `link ${l.href} ${l.title ?? ''}`])
        }
        case 'br':
          return [{ text: '\n', marks: [] }]
        // A task's box, read with the item (its state is the item's `checked`).
        case 'checkbox':
          return []
        default:
          // Code, strike-through, raw HTML, images: nothing the document had.
          return [{ text: `<${t.type}: ${t.raw}>`, marks }]
      }
    })
  return tokens.flatMap((t): Shape[] => {
    switch (t.type) {
      case 'space':
        return []
      case 'paragraph':
      case 'text':
        return [{ paragraph: normalised(inline((t as Tokens.Paragraph).tokens)) }]
      case 'heading':
        // The export's own `#` is the title: the content's level n is written with n + 1.
        return [
          {
            heading: (t as Tokens.Heading).depth - 1,
            inline: normalised(inline((t as Tokens.Heading).tokens)),
          },
        ]
      case 'blockquote':
        return [{ quote: markdownShape((t as Tokens.Blockquote).tokens) }]
      case 'hr':
        return [{ rule: true }]
      case 'list': {
        const list = t as Tokens.List
        const tasks = list.items.filter((i) => i.task).length
        return [
          {
            list: list.ordered
              ? 'ordered'
              : tasks === 0
                ? 'bullet'
                : tasks === list.items.length
                  ? 'task'
                  : 'mixed',
            start: list.ordered ? Number(list.start) : 1,
            items: list.items.map((i) => ({
              checked: i.task ? i.checked === true : null,
              blocks: markdownShape(i.tokens.filter((c) => c.type !== 'checkbox')),
            })),
          },
        ]
      }
      case 'table': {
        const table = t as Tokens.Table
        return [
          { table: [table.header, ...table.rows].map((row) => row.map((c) => normalised(inline(c.tokens)))) },
        ]
      }
      default:
        return [{ unexpected: `${t.type}: ${t.raw}` }]
    }
  })
}

describe('U7 Markdown fidelity', () => {
  it('reads back as the same structure: headings, lists, tasks, tables, marks and links', () => {
    const md = renderMarkdown(original as ContentJson)
    expect(markdownShape(marked.lexer(md)), md).toEqual(documentShape(withDefaults(original, NOT_PUBLISHED)))
  })
})
