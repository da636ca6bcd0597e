import { describe, expect, it } from 'vitest'
import type { IndexEntry } from '../store/public-index.js'
import { escapeXml, renderAtomFeed } from './atom-feed.js'

const entry = (over: Partial<IndexEntry> = {}): IndexEntry => ({
  publicId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  title: 'Vedtak om turnus',
  kind: 'decision',
  decidedAt: Date.UTC(2026, 2, 1, 12),
  amends: null,
  amendedBy: [],
  ...over,
})
const workspace = { name: 'Styringsgruppa', slug: 'styringsgruppa', createdAt: Date.UTC(2026, 0, 1) }

describe('Atom feed', () => {
  it('escapes the five XML specials and drops what XML 1.0 cannot carry, keeping pairs, tabs and line breaks', () => {
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;')
    expect(escapeXml('a\u0000b\u0007c\u001Fd\uFFFEe\uFFFF')).toBe('abcde')
    expect(escapeXml('lone \uD800 high, lone \uDC00 low')).toBe('lone  high, lone  low')
    expect(escapeXml('emoji 👩🏽\u200D💻, tab\tand\nline, æøå')).toBe(
      'emoji 👩🏽\u200D💻, tab\tand\nline, æøå',
    )
  })

  it('gives each entry its public id as urn:uuid and absolute links on the origin; the feed updated at its newest entry', () => {
    const older = entry({ publicId: '6ba7b810-9dad-41d1-80b4-00c04fd430c8', decidedAt: Date.UTC(2026, 1, 1) })
    const xml = renderAtomFeed(workspace, [entry(), older], 'nb', 'https://trepart.kommune.no')
    expect(xml).toContain('<id>https://trepart.kommune.no/p/w/styringsgruppa</id>')
    expect(xml).toContain('<updated>2026-03-01T12:00:00.000Z</updated>\n<author>')
    expect(xml).toContain('<id>urn:uuid:0f8fad5b-d9cb-469f-a165-70867728950e</id>')
    expect(xml).toContain(
      '<link rel="alternate" type="text/html" href="https://trepart.kommune.no/p/w/styringsgruppa/6ba7b810-9dad-41d1-80b4-00c04fd430c8"/>',
    )
    expect(xml).toContain('<category term="decision" label="Vedtak"/>')
    expect(xml.indexOf('0f8fad5b')).toBeLessThan(xml.indexOf('6ba7b810'))
  })

  it('says what an entry amends and is amended by, as escaped text', () => {
    const xml = renderAtomFeed(
      workspace,
      [
        entry({
          amends: { title: 'Gammelt <b>vedtak</b>', publicId: null },
          amendedBy: [{ title: 'Ny & bedre', publicId: null }],
        }),
      ],
      'en',
      'http://localhost:3000',
    )
    expect(xml).toContain(
      '<summary type="text">Decision · Agreed 1 March 2026. This document amends: Gammelt &lt;b&gt;vedtak&lt;/b&gt;. Amended by: Ny &amp; bedre.</summary>',
    )
  })

  it('is a feed without entries, updated when the workspace began, when nothing is published', () => {
    const xml = renderAtomFeed(workspace, [], 'nn', 'http://localhost:3000')
    expect(xml).not.toContain('<entry>')
    expect(xml).toContain('<updated>2026-01-01T00:00:00.000Z</updated>')
    expect(xml).toContain('xml:lang="nn"')
  })
})
