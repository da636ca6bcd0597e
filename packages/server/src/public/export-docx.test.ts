import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { exportDocx } from './export-docx.js'
import type { PublishedDocument } from './published-document.js'

const text = (t: string, marks?: object[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) })
const p = (...content: object[]) => ({ type: 'paragraph', content })

const doc: PublishedDocument = {
  title: 'Vedtak om turnus',
  kind: 'decision',
  status: 'final',
  updatedAt: Date.UTC(2026, 11, 6),
  amends: null,
  amendedBy: [],
  content: {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [text('Bakgrunn')] },
      p(
        text('Ansatte, æøå ', [{ type: 'bold' }]),
        text('lenke', [{ type: 'link', attrs: { href: 'https://nordby.kommune.no' } }]),
        text(' farlig', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]),
      ),
      { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('punkt en'))] }] },
      { type: 'orderedList', content: [{ type: 'listItem', content: [p(text('nummer en'))] }] },
      {
        type: 'taskList',
        content: [{ type: 'taskItem', attrs: { checked: true }, content: [p(text('gjort'))] }],
      },
      {
        type: 'table',
        content: [{ type: 'tableRow', content: [{ type: 'tableCell', content: [p(text('celle <w:t>'))] }] }],
      },
    ],
  },
  record: {
    contentHash: 'a'.repeat(64),
    decidedAt: Date.UTC(2026, 11, 6),
    decisions: [
      {
        party: 'employees',
        decision: 'approve_with_reservation',
        note: 'Forutsetter midler',
        by: 'Siri',
        at: Date.UTC(2026, 11, 6),
      },
    ],
  },
}

describe('Word export', () => {
  it('opens as a .docx with headings, lists, tables, the record, only allowed links, and text as text', async () => {
    const files = unzipSync(await exportDocx(doc, 'nb'))
    const xml = strFromU8(files['word/document.xml']!)
    expect(xml).toContain('Vedtak om turnus')
    expect(xml).toMatch(/<w:pStyle w:val="Heading2"\/>[\s\S]*?Bakgrunn/)
    expect(xml).toContain('Ansatte, æøå')
    expect(xml.match(/<w:numPr>/g)?.length).toBeGreaterThanOrEqual(3)
    expect(xml).toContain('☑ ')
    expect(xml).toContain('<w:tbl>')
    // The cell's text is escaped XML, never markup.
    expect(xml).toContain('celle &lt;w:t&gt;')
    for (const word of ['Vedtaksprotokoll', 'Godkjent med forbehold', 'Forutsetter midler', 'a'.repeat(64)])
      expect(xml).toContain(word)
    const rels = strFromU8(files['word/_rels/document.xml.rels']!)
    expect(rels).toContain('https://nordby.kommune.no')
    expect(rels).not.toContain('javascript:')
    expect(xml).toContain('farlig')
  })
  it('writes a hostile title into its metadata (docProps/core.xml) as text: escaped, and what XML cannot carry dropped', async () => {
    const title = 'Vedtak </dc:title><dc:creator>falsk</dc:creator> & ]]> "q" \u0007 \ud800 slutt'
    const files = unzipSync(await exportDocx({ ...doc, title }, 'nb'))
    const core = strFromU8(files['docProps/core.xml']!)
    const written = core.match(/<dc:title>([^<]*)<\/dc:title>/)?.[1]
    expect(written).toBe(
      'Vedtak &lt;/dc:title&gt;&lt;dc:creator&gt;falsk&lt;/dc:creator&gt; &amp; ]]&gt; &quot;q&quot;  \ufffd slutt',
    )
    expect(core).not.toContain('falsk</dc:creator>')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids
    expect(core).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/)
  })
})
