/**
 * A workspace's public index as an Atom feed (RFC 4287, `/p/w/<slug>/feed.atom`): the same
 * published decisions as the index page, newest first. Each entry's id is `urn:uuid:` of the
 * document's public id, so it stays the same whatever the document, the origin or the feed's
 * address do later, and never carries an internal id. Links are absolute, on the configured
 * public origin (PUBLIC_URL), never on a Host header a client sent. Text is XML-escaped, and
 * characters XML 1.0 cannot carry at all (most control characters, lone surrogates) are dropped,
 * so any title makes a well-formed feed.
 */
import type { Locale } from '@trepart/shared'
import type { IndexEntry, PublicWorkspace } from '../store/public-index.js'
import { dayOf, entryPath, feedPath, indexPath } from './public-index-page.js'
import { PUBLIC_MESSAGES } from './public-messages.js'

/** What XML 1.0 does not allow in a document at all (§2.2), escaped or not. */
// Control characters but tab and line breaks (C1 ones are allowed but discouraged: gone too),
// lone surrogates (a pair is one code point under /u), and the two non-characters.
const NOT_XML = /(?![\t\n\r])[\p{Cc}\p{Cs}\uFFFE\uFFFF]/gu
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

/** Text safe in XML content and in attribute values. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const iso = (at: number) => new Date(at).toISOString()

export function renderAtomFeed(
  workspace: Pick<PublicWorkspace, 'name' | 'slug' | 'createdAt'>,
  entries: readonly IndexEntry[],
  locale: Locale,
  origin: string,
): string {
  const m = PUBLIC_MESSAGES[locale]
  const index = `${origin}${indexPath(workspace.slug)}`
  // The feed changes when an entry comes or goes; with none, the workspace's own beginning.
  const updated = Math.max(workspace.createdAt, ...entries.map((e) => e.decidedAt))
  const items = entries.map((e) => {
    const summary = [
      `${m.kind[e.kind]} · ${m.decidedOn} ${dayOf(locale, e.decidedAt)}.`,
      ...(e.amends ? [`${m.amends}: ${e.amends.title}.`] : []),
      ...e.amendedBy.map((a) => `${m.amendedBy}: ${a.title}.`),
    ].join(' ')
    return `<entry>
<id>urn:uuid:${escapeXml(e.publicId)}</id>
<title type="text">${escapeXml(e.title)}</title>
<link rel="alternate" type="text/html" href="${escapeXml(`${origin}${entryPath(workspace.slug, e.publicId)}`)}"/>
<published>${iso(e.decidedAt)}</published>
<updated>${iso(e.decidedAt)}</updated>
<category term="${escapeXml(e.kind)}" label="${escapeXml(m.kind[e.kind])}"/>
<summary type="text">${escapeXml(summary)}</summary>
</entry>`
  })
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
<id>${escapeXml(index)}</id>
<title type="text">${escapeXml(`${m.indexTitle}: ${workspace.name}`)}</title>
<subtitle type="text">${escapeXml(m.indexIntro)}</subtitle>
<updated>${iso(updated)}</updated>
<author><name>${escapeXml(workspace.name)}</name></author>
<link rel="self" type="application/atom+xml" href="${escapeXml(`${origin}${feedPath(workspace.slug)}`)}"/>
<link rel="alternate" type="text/html" href="${escapeXml(index)}"/>
<generator>Trepart</generator>
${items.join('\n')}
</feed>
`
}
