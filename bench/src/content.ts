/**
 * Large Tiptap-shaped documents in XmlFragment 'default'. For the join scenario, paragraphs of
 * plain and bold runs (so the update holds formatting items, as real documents do); for the public
 * pages bench, a document of printed pages with every kind of block a public page renders
 * (headings, marked paragraphs with links, bulleted, numbered and task lists, quotes, tables), in
 * the shapes the editor's schema reads (anything else `@tiptap/y-tiptap` drops as it reads).
 */
import * as Y from 'yjs'

const words =
  'kommunen partene tillitsvalgte administrasjonen budsjett forslag vedtak arbeidsmiljø drøfting ' +
  'samarbeid medbestemmelse omstilling bemanning turnus lønn rådmann utvalg høring protokoll enighet'
const vocabulary = words.split(' ')

function sentence(seed: number, length: number): string {
  const out: string[] = []
  for (let i = 0; i < length; i++) out.push(vocabulary[(seed * 7 + i * 13) % vocabulary.length]!)
  return `${out.join(' ')}. `
}

function addParagraphs(doc: Y.Doc, from: number, count: number): void {
  const fragment = doc.getXmlFragment('default')
  doc.transact(() => {
    for (let i = from; i < from + count; i++) {
      const element = new Y.XmlElement('paragraph')
      const text = new Y.XmlText()
      element.insert(0, [text])
      fragment.insert(fragment.length, [element])
      text.insert(0, sentence(i, 18))
      text.insert(text.length, vocabulary[i % vocabulary.length]!, { bold: {} })
      text.insert(text.length, ` ${sentence(i + 1, 12)}`)
    }
  })
}

/** The whole state of a document of about `targetBytes`, as one update. */
export function largeDocument(targetBytes: number): Uint8Array {
  const doc = new Y.Doc()
  const probe = 200
  addParagraphs(doc, 0, probe)
  const perParagraph = Y.encodeStateAsUpdate(doc).byteLength / probe
  const total = Math.max(probe, Math.round(targetBytes / perParagraph))
  addParagraphs(doc, probe, total - probe)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Words on a printed page of running text (A4, 11 pt): 40,000 words make about 100 pages. */
export const WORDS_PER_PAGE = 400

/** A block as the editor's schema has it: a node with attributes and children, or a text of runs. */
type Block =
  | { type: string; attrs?: Record<string, unknown>; content: Block[] }
  | { text: Array<[string, Record<string, unknown>?]> }

const runs = (...parts: Array<[string, Record<string, unknown>?]>): Block => ({ text: parts })
const node = (type: string, content: Block[], attrs?: Record<string, unknown>): Block => ({
  type,
  content,
  ...(attrs ? { attrs } : {}),
})
const para = (...parts: Array<[string, Record<string, unknown>?]>) => node('paragraph', [runs(...parts)])

function append(parent: Y.XmlFragment | Y.XmlElement, block: Block): void {
  if ('text' in block) {
    const text = new Y.XmlText()
    parent.insert(parent.length, [text])
    for (const [part, marks] of block.text) text.insert(text.length, part, marks ?? {})
    return
  }
  const element = new Y.XmlElement(block.type)
  parent.insert(parent.length, [element])
  for (const [key, value] of Object.entries(block.attrs ?? {})) element.setAttribute(key, value as string)
  for (const child of block.content) append(element, child)
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length

/** The blocks of page `n` (about WORDS_PER_PAGE words) and their words. */
function page(n: number): { blocks: Block[]; words: number } {
  const s = (k: number, length: number) => sentence(n * 31 + k, length)
  const blocks: Block[] = []
  if (n % 10 === 0) blocks.push(node('heading', [runs([`Kapittel ${n / 10 + 1}: ${s(0, 4)}`])], { level: 1 }))
  blocks.push(
    node('heading', [runs([`${n + 1}. Drøfting av ${vocabulary[n % vocabulary.length]}`])], { level: 2 }),
  )
  for (let p = 0; p < 4; p++) {
    blocks.push(
      para(
        [s(p * 5 + 1, 20)],
        [vocabulary[(n + p) % vocabulary.length]!, { bold: {} }],
        [` ${s(p * 5 + 2, 14)}`],
        [s(p * 5 + 3, 6), { italic: {} }],
        [` ${s(p * 5 + 4, 12)} Se `],
        ['høringsnotatet', { link: { href: `https://example.org/hoering/${n}-${p}` } }],
        [` og ${s(p * 5 + 5, 10)}`, p === 3 ? { underline: {} } : {}],
      ),
    )
  }
  blocks.push(node('heading', [runs([`Tiltak ${n + 1}`])], { level: 3 }))
  const item = (k: number) => node('listItem', [para([s(40 + k, 10)])])
  blocks.push(node(n % 3 === 2 ? 'orderedList' : 'bulletList', [item(0), item(1), item(2), item(3)]))
  if (n % 10 === 4)
    blocks.push(
      node(
        'taskList',
        [0, 1, 2].map((k) => node('taskItem', [para([s(50 + k, 8)])], { checked: k === 0 })),
      ),
    )
  if (n % 5 === 1) blocks.push(node('blockquote', [para([s(60, 24), { italic: {} }])]))
  if (n % 10 === 2) {
    const cell = (type: string, text: string) => node(type, [para([text])])
    const header = node(
      'tableRow',
      ['Post', 'Forslag', 'Vedtak', 'Merknad'].map((h) => cell('tableHeader', h)),
    )
    const rows = [0, 1, 2, 3, 4].map((r) =>
      node('tableRow', [
        cell('tableCell', `${r + 1}`),
        cell('tableCell', s(70 + r, 5)),
        cell('tableCell', s(80 + r, 4)),
        cell('tableCell', s(90 + r, 3)),
      ]),
    )
    blocks.push(node('table', [header, ...rows]))
  }
  let words = 0
  const count = (b: Block): void => {
    if ('text' in b) for (const [part] of b.text) words += wordCount(part)
    else b.content.forEach(count)
  }
  blocks.forEach(count)
  // Fill the page up to its words with plain paragraphs.
  for (let k = 0; words < WORDS_PER_PAGE; k++) {
    const length = Math.min(40, WORDS_PER_PAGE - words)
    blocks.push(para([s(100 + k, length)]))
    words += length
  }
  return { blocks, words }
}

/**
 * A document of `pages` printed pages (WORDS_PER_PAGE words each) with every kind of block a public
 * page renders, in `doc` (whose fragment must be empty), ending in a paragraph holding `lastWord`
 * so a reader can tell the whole document arrived. Answers its word count.
 */
export function writePublicDocument(doc: Y.Doc, pages: number, lastWord: string): number {
  const fragment = doc.getXmlFragment('default')
  let words = 0
  doc.transact(() => {
    for (let n = 0; n < pages; n++) {
      const { blocks, words: w } = page(n)
      for (const block of blocks) append(fragment, block)
      words += w
    }
    append(fragment, para([`Slutt på dokumentet: ${lastWord}`]))
  })
  return words + 4
}
