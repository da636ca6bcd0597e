import { describe, expect, it } from 'vitest'
import { readPdf } from '../test-support/pdf.js'
import { exportPdf, pdfText, piecesOf } from './export-pdf.js'
import type { PublishedDocument } from './published-document.js'

const text = (t: string, marks?: object[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) })
const p = (...content: object[]) => ({ type: 'paragraph', content })
const item = (...content: object[]) => ({ type: 'listItem', content })
const cell = (t: string, attrs?: object) => ({
  type: 'tableCell',
  ...(attrs ? { attrs } : {}),
  content: [p(text(t))],
})
const header = (t: string) => ({ type: 'tableHeader', content: [p(text(t))] })
const link = (href: string) => [{ type: 'link', attrs: { href } }]
/** pdf.js puts line and word breaks where the layout has them: compare words, not spacing. */
const words = (s: string) => s.replace(/\s+/g, ' ')

/**
 * `work` run with a timer ticking beside it: what it made, and how many times the timer got its
 * turn meanwhile. Counted, not timed: under a loaded machine (CI) one piece can take far longer
 * than its slice, but a layout done in one call lets the timer in only once or twice at all.
 */
async function held<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0
  const ticker = setInterval(() => turns++, 0)
  try {
    const value = await work()
    return { value, turns }
  } finally {
    clearInterval(ticker)
  }
}

const RESERVATION = `Forutsetter at midlene til turnusordningen kommer på plass før høsten. ${'Vi legger vekt på at de ansattes representanter tas med i arbeidet fra første dag. '.repeat(4)}Slutt på forbeholdet.`

const final: PublishedDocument = {
  title: `Vedtak om turnus på Årstad sjukeheim: ${'Særs lang tittel som må brytes over flere linjer '.repeat(3)}<script>alert(1)</script>`,
  kind: 'decision',
  status: 'final',
  updatedAt: Date.UTC(2026, 11, 6, 9),
  amends: { title: 'Forslag om turnus' },
  amendedBy: [{ title: 'Endring av turnus', status: 'final' }],
  content: {
    type: 'doc',
    content: [
      { type: 'heading', attrs: { level: 1 }, content: [text('Bakgrunn')] },
      p(
        text('Ansatte, æøå ÆØÅ ', [{ type: 'bold' }]),
        text('kursiv ', [{ type: 'italic' }]),
        text('understreket ', [{ type: 'underline' }]),
        text('gjennomstreket ', [{ type: 'strike' }]),
        text('kode() ', [{ type: 'code' }]),
        text('kommunen', link('https://nordby.kommune.no/')),
        text(' og '),
        text('postkassen', link('mailto:post@nordby.kommune.no')),
        text(' og '),
        text('farlig lenke', link('javascript:alert(1)')),
        text(' og '),
        text('datalenke', link('data:text/html,<script>alert(1)</script>')),
        { type: 'hardBreak' },
        text('<img src=x onerror=alert(1)> er tekst'),
      ),
      {
        type: 'bulletList',
        content: [
          item(p(text('punkt en')), { type: 'bulletList', content: [item(p(text('underpunkt')))] }),
          item(p(text('punkt to'))),
        ],
      },
      {
        type: 'orderedList',
        attrs: { start: 3 },
        content: [item(p(text('nummer tre'))), item(p(text('nummer fire')))],
      },
      {
        type: 'taskList',
        content: [
          { type: 'taskItem', attrs: { checked: true }, content: [p(text('gjort oppgave'))] },
          {
            type: 'taskItem',
            attrs: { checked: false },
            content: [
              p(text('ugjort oppgave')),
              {
                type: 'taskList',
                content: [{ type: 'taskItem', attrs: { checked: false }, content: [p(text('deloppgave'))] }],
              },
            ],
          },
        ],
      },
      { type: 'blockquote', content: [p(text('Et sitat fra møtet.'))] },
      { type: 'codeBlock', content: [text('const svar = 42\n  innrykk beholdes')] },
      { type: 'horizontalRule' },
      {
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [header('Tiltak'), header('Ansvar')],
          },
          { type: 'tableRow', content: [cell('Ny turnus'), cell('Administrasjonen')] },
          // Ragged and spanning, as hostile JSON could have it: laid out, never thrown on.
          { type: 'tableRow', content: [cell('Spenner over alt', { colspan: 2 })] },
          { type: 'tableRow', content: [cell('Kort rad')] },
          { type: 'tableRow', content: [cell('Høy', { rowspan: 9 }), cell('a'), cell('for mange celler')] },
        ],
      },
      p(text('Siste avsnitt.')),
    ],
  },
  record: {
    contentHash: 'ab12'.repeat(16),
    decidedAt: Date.UTC(2026, 11, 6, 10),
    decisions: [
      {
        party: 'politicians',
        decision: 'approve',
        note: null,
        by: 'Per Politiker',
        at: Date.UTC(2026, 11, 6, 9),
      },
      {
        party: 'administration',
        decision: 'approve',
        note: null,
        by: 'Sigurd Rådmann',
        at: Date.UTC(2026, 11, 6, 9, 30),
      },
      {
        party: 'employees',
        decision: 'approve_with_reservation',
        note: RESERVATION,
        by: 'Siri Tillitsvalgt',
        at: Date.UTC(2026, 11, 6, 10),
      },
    ],
  },
}

describe('PDF export', () => {
  it('is PDF/A-2b with its title and language, and only DejaVu fonts embedded', async () => {
    const bytes = await exportPdf(final, 'nb')
    const raw = Buffer.from(bytes).toString('latin1')
    expect(raw.startsWith('%PDF-1.7')).toBe(true)
    const { xmp } = await readPdf(bytes)
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>')
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>')
    expect(raw).toContain('/OutputIntents')
    expect(raw).toContain('/Lang (nb)')
    expect(raw).toContain('/DisplayDocTitle true')
    const fonts = new Set(raw.match(/\/BaseFont \/[A-Z]{6}\+[\w-]+/g)?.map((f) => f.split('+')[1]))
    expect([...fonts].sort()).toEqual([
      'DejaVuSans',
      'DejaVuSans-Bold',
      'DejaVuSans-Oblique',
      'DejaVuSansMono',
    ])
    // Every font is embedded as a file: none of the 14 standard fonts, which PDF/A forbids.
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/)
    expect(raw.match(/\/FontFile2 /g)?.length).toBe(fonts.size)
  })

  it('keeps a hostile title out of the XMP packet: no markup, no forged entry', async () => {
    const title =
      'Vedtak </rdf:li></rdf:Alt></dc:title><pdfaid:part>9</pdfaid:part> & <script>alert(1)</script>'
    const bytes = await exportPdf({ ...final, title }, 'nb')
    const { xmp, text } = await readPdf(bytes)
    expect(xmp.match(/<pdfaid:part>/g)).toHaveLength(1)
    expect(xmp).not.toContain('<script')
    expect(xmp.match(/<rdf:li/g)?.length).toBe(xmp.match(/<\/rdf:li>/g)?.length)
    expect(Buffer.from(xmp, 'latin1').toString('utf8')).toContain(
      'Vedtak ‹/rdf:li›‹/rdf:Alt›‹/dc:title›‹pdfaid:part›9‹/pdfaid:part› ＆ ‹script›alert(1)‹/script›',
    )
    // On the page, the title as it was written (wherever its lines break).
    expect(text.replace(/\s+/g, '')).toContain(title.replace(/\s+/g, ''))
  })

  it('carries the words with æøå, lists, tables and the decision record; hostile text stays text', async () => {
    const { text, links } = await readPdf(await exportPdf(final, 'nb'))
    const all = words(text)
    for (const expected of [
      'Vedtatt. Alle partene har godkjent nøyaktig denne teksten.',
      'Vedtak om turnus på Årstad sjukeheim',
      '<script>alert(1)</script>',
      'Vedtak · 6. desember 2026 kl. 10:00',
      'Dette dokumentet endrer: Forslag om turnus',
      'Endret av: Endring av turnus (vedtatt)',
      'Bakgrunn',
      'Ansatte, æøå ÆØÅ kursiv understreket gjennomstreket kode() kommunen og postkassen og farlig lenke og datalenke',
      '<img src=x onerror=alert(1)> er tekst',
      '• punkt en',
      '◦ underpunkt',
      '• punkt to',
      '3. nummer tre',
      '4. nummer fire',
      '☑ gjort oppgave',
      '☐ ugjort oppgave',
      '☐ deloppgave',
      'Et sitat fra møtet.',
      'const svar = 42',
      'innrykk beholdes',
      'Tiltak Ansvar',
      'Ny turnus Administrasjonen',
      'Spenner over alt',
      'Kort rad',
      'for mange celler',
      'Siste avsnitt.',
      'Vedtaksprotokoll',
      'Part Standpunkt Tatt stilling av Tidspunkt Forbehold',
      'Folkevalgte',
      'Per Politiker',
      'Sigurd Rådmann',
      'Administrasjonen Godkjent',
      'Ansatte og tillitsvalgte',
      'Godkjent med forbehold',
      'Siri Tillitsvalgt',
      'Innholdets fingeravtrykk (SHA-256):',
      'ab12'.repeat(16),
      'Slik kontrollerer du at teksten er den partene godkjente',
      'Publisert med Trepart · 1 /',
    ])
      expect(all).toContain(expected)
    // The reservation in full, however it wraps in its cell.
    expect(all.replace(/ /g, '')).toContain(RESERVATION.replace(/ /g, ''))
    // Links: the allowed ones are links, `javascript:` and `data:` are only their words.
    expect(links).toContain('https://nordby.kommune.no/')
    expect(links).toContain('mailto:post@nordby.kommune.no')
    expect(links.join(' ')).not.toMatch(/javascript|data:/)
  })

  it('speaks the reader’s language: Nynorsk and English', async () => {
    const nn = words((await readPdf(await exportPdf(final, 'nn'))).text)
    for (const expected of [
      'Vedteke.',
      'Godkjent med atterhald',
      'Tilsette og tillitsvalde',
      'Fingeravtrykket',
    ])
      expect(nn).toContain(expected)
    const en = words((await readPdf(await exportPdf(final, 'en'))).text)
    for (const expected of [
      'Decision record',
      'Approved with a reservation',
      '6 December 2026',
      'Published with Trepart',
    ])
      expect(en).toContain(expected)
  })

  it('marks a draft as not agreed and a document under review as not agreed yet, without a record', async () => {
    for (const [status, banner] of [
      ['draft', 'Utkast – ikke vedtatt.'],
      ['in_review', 'Til behandling – ikke vedtatt ennå.'],
    ] as const) {
      const { text } = await readPdf(await exportPdf({ ...final, status, record: null }, 'nb'))
      expect(words(text)).toContain(banner)
      expect(text).not.toContain('Vedtaksprotokoll')
    }
  })

  it('lays out a long document on numbered pages, letting other work run meanwhile', async () => {
    const long: PublishedDocument = {
      ...final,
      record: null,
      content: {
        type: 'doc',
        content: Array.from({ length: 1500 }, (_, i) =>
          p(text(`Avsnitt ${i} med norsk tekst om arbeidstid, turnus og ærlige ønsker for året som kommer.`)),
        ),
      },
    }
    const { value: bytes, turns } = await held(() => exportPdf(long, 'nb'))
    const { text: read, pages } = await readPdf(bytes)
    expect(pages).toBeGreaterThan(20)
    expect(words(read)).toContain(`Publisert med Trepart · ${pages} / ${pages}`)
    expect(read).toContain('Avsnitt 1499 med norsk tekst')
    // The export yielded: timers ran while it was being laid out.
    expect(turns).toBeGreaterThan(2)
  })

  it('keeps every word of a table too wide or too tall for a page, and of a word longer than a line', async () => {
    const wide = Array.from({ length: 14 }, (_, i) => cell(`kolonne${i}`))
    const tall = `${'Lang celle med mye tekst. '.repeat(400)}Cellens siste ord.`
    const word = 'ø'.repeat(3000)
    const read = await readPdf(
      await exportPdf(
        {
          ...final,
          record: null,
          content: {
            type: 'doc',
            content: [
              { type: 'table', content: [{ type: 'tableRow', content: wide }] },
              {
                type: 'table',
                content: [
                  {
                    type: 'tableRow',
                    content: [header('Overskrift'), header('Annen')],
                  },
                  { type: 'tableRow', content: [cell(tall), cell('kort')] },
                ],
              },
              p(text(word)),
            ],
          },
        },
        'nb',
      ),
    )
    for (let i = 0; i < 14; i++) expect(read.text).toContain(`kolonne${i}`)
    expect(words(read.text)).toContain('Overskrift: Lang celle med mye tekst.')
    expect(words(read.text)).toContain('Cellens siste ord.')
    expect(words(read.text)).toContain('Annen: kort')
    // Broken where the line ends, every letter there.
    expect(read.text.match(/ø{2,}/g)?.join('')).toHaveLength(3000)
  })

  it('survives hostile tables: 2,000 cells spanning 50 columns each over short rows go row by row, every word kept', async () => {
    // Padded as a grid, this table was 100,000 columns by 301 rows: the process ran out of memory.
    const ragged = {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: Array.from({ length: 2000 }, (_, i) => cell(`bred${i}`, { colspan: 50 })),
        },
        ...Array.from({ length: 300 }, (_, i) => ({ type: 'tableRow', content: [cell(`kort${i}`)] })),
      ],
    }
    // Row spans that overlap other cells are no grid either.
    const overlapping = {
      type: 'table',
      content: [
        { type: 'tableRow', content: [cell('a'), cell('lang', { rowspan: 3 })] },
        { type: 'tableRow', content: [cell('b', { colspan: 3 })] },
      ],
    }
    const { text } = await readPdf(
      await exportPdf(
        { ...final, record: null, content: { type: 'doc', content: [ragged, overlapping] } },
        'nb',
      ),
    )
    for (const word of ['bred0', 'bred1999', 'kort0', 'kort299', 'lang']) expect(text).toContain(word)
  })

  it('lays out a table of hundreds of rows in pieces, letting other work run meanwhile', async () => {
    const rows = Array.from({ length: 400 }, (_, r) => ({
      type: 'tableRow',
      content: Array.from({ length: 4 }, (_, c) => cell(`rad${r}kol${c}`)),
    }))
    // Before, pdfkit laid the table out in one call, and every cell parsed the font file again:
    // the export was one block of the event loop (a 200-row table took 12 s).
    const { value: bytes, turns } = await held(() =>
      exportPdf(
        { ...final, record: null, content: { type: 'doc', content: [{ type: 'table', content: rows }] } },
        'nb',
      ),
    )
    expect(turns).toBeGreaterThanOrEqual(5)
    const read = await readPdf(bytes)
    expect(read.text).toContain('rad0kol0')
    expect(read.text).toContain('rad399kol3')
    expect(read.pages).toBeGreaterThan(5)
  })

  it('keeps lists nested hundreds of levels deep readable: the words of every level', async () => {
    let node: object = p(text('innerst'))
    for (let i = 199; i >= 0; i--) node = { type: 'bulletList', content: [item(p(text(`nivå${i}`)), node)] }
    const { text: read } = await readPdf(
      await exportPdf({ ...final, record: null, content: { type: 'doc', content: [node] } }, 'nb'),
    )
    for (const word of ['nivå0', 'nivå100', 'nivå199', 'innerst']) expect(read).toContain(word)
  })

  it('lays out a paragraph of megabytes in pieces, letting other work run meanwhile', async () => {
    const huge = pdfText('þ'.repeat(1_000_000))
    // Before, the paragraph was one call to pdfkit: one block of the event loop.
    const { value: bytes, turns } = await held(() =>
      exportPdf({ ...final, record: null, content: { type: 'doc', content: [p(text(huge))] } }, 'nb'),
    )
    expect(turns).toBeGreaterThanOrEqual(10)
    expect((await readPdf(bytes)).text.match(/þ+/g)?.join('')).toHaveLength(1_000_000)
  })

  it('cuts long runs where a line may break anyway, never inside a surrogate pair', () => {
    const text = pdfText(`${'ord '.repeat(1000)}${'x'.repeat(5000)}`)
    const pieces = piecesOf(text)
    expect(pieces.join('')).toBe(text)
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(2000)
    for (const piece of pieces.slice(0, -1)) expect(piece).toMatch(/[\s\u200b]$/)
    const emoji = piecesOf('🙂'.repeat(3000))
    expect(emoji.join('')).toBe('🙂'.repeat(3000))
    for (const piece of emoji) expect(piece.isWellFormed()).toBe(true)
    expect(piecesOf('')).toEqual([])
  })

  it('drops control characters and bidi overrides, gives long words break points, keeps the rest', () => {
    expect(pdfText('a\u0000b\tc\u202Ed\r\ne\ud800')).toBe('ab    cd\ne\ufffd')
    expect(pdfText('x'.repeat(100))).toBe(`${'x'.repeat(40)}\u200b${'x'.repeat(40)}\u200b${'x'.repeat(20)}`)
    expect(pdfText(pdfText('x'.repeat(100)))).toBe(pdfText('x'.repeat(100)))
    expect(pdfText('ab12'.repeat(16))).toBe('ab12'.repeat(16))
    expect(pdfText('Ærlig talt, 🙂 og ﬁ')).toBe('Ærlig talt, 🙂 og ﬁ')
  })
})
