/**
 * A workspace's public index as one HTML string (`/p/w/<slug>`): its published decisions, newest
 * first, each with its title (a link to its page), kind, the day it was agreed, and what it amends
 * or is amended by. Rendered on the server in the public pages' shell (language switch, no
 * script); every text is escaped, and the only addresses are the index's own and its entries'
 * public ids, never an internal id.
 */
import type { Locale } from '@trepart/shared'
import { escapeHtml } from '../content/render-html.js'
import type { IndexEntry, PublicWorkspace } from '../store/public-index.js'
import { PUBLIC_MESSAGES, type PublicMessages } from './public-messages.js'
import { shell } from './public-page.js'

/** The index's path; its feed and entries hang below it. */
export const indexPath = (slug: string) => `/p/w/${encodeURIComponent(slug)}`
export const entryPath = (slug: string, publicId: string) =>
  `${indexPath(slug)}/${encodeURIComponent(publicId)}`
export const feedPath = (slug: string) => `${indexPath(slug)}/feed.atom`

/** The day, as readers here say it (Nynorsk's month names are Bokmål's). */
export const dayOf = (locale: Locale, at: number) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', {
    dateStyle: 'long',
    timeZone: 'Europe/Oslo',
  }).format(at)

/** A related document's title, a link to it when it is on the index too. */
function related(slug: string, doc: { title: string; publicId: string | null }, locale: Locale): string {
  const title = escapeHtml(doc.title)
  return doc.publicId
    ? `<a href="${escapeHtml(entryPath(slug, doc.publicId))}?lang=${locale}">${title}</a>`
    : title
}

function entry(slug: string, e: IndexEntry, m: PublicMessages, locale: Locale): string {
  const relations = [
    e.amends ? `<p>${escapeHtml(m.amends)}: ${related(slug, e.amends, locale)}</p>` : '',
    ...e.amendedBy.map((a) => `<p>${escapeHtml(m.amendedBy)}: ${related(slug, a, locale)}</p>`),
  ].join('')
  return `<li>
<h2><a href="${escapeHtml(entryPath(slug, e.publicId))}?lang=${locale}">${escapeHtml(e.title)}</a></h2>
<p class="facts">${escapeHtml(m.kind[e.kind])} · ${escapeHtml(m.decidedOn)} <time datetime="${new Date(e.decidedAt).toISOString()}">${escapeHtml(dayOf(locale, e.decidedAt))}</time></p>
${relations}</li>`
}

/** `more`: there are published documents past the last one listed (the index is capped). */
export function renderPublicIndex(
  workspace: Pick<PublicWorkspace, 'name' | 'slug'>,
  entries: readonly IndexEntry[],
  locale: Locale,
  more: boolean,
): string {
  const m = PUBLIC_MESSAGES[locale]
  const title = `${m.indexTitle}: ${workspace.name}`
  const list = entries.length
    ? `<ol class="entries">
${entries.map((e) => entry(workspace.slug, e, m, locale)).join('\n')}
</ol>`
    : `<p>${escapeHtml(m.indexEmpty)}</p>`
  const body = `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(m.indexIntro)}${more ? ` ${escapeHtml(m.indexCapped.replace('{count}', String(entries.length)))}` : ''}</p>
<p class="downloads"><a href="${escapeHtml(feedPath(workspace.slug))}" type="application/atom+xml">${escapeHtml(m.feedLink)}</a></p>
${list}
<footer>${escapeHtml(m.publishedWith)}</footer>`
  return shell(locale, title, body, {
    noindex: false,
    languageLinks: true,
    feed: { href: feedPath(workspace.slug), title },
  })
}
