/**
 * The public page of a shared document as one HTML string, rendered on the server and complete
 * without JavaScript: a language switch (links, so it works without script and prints away), a
 * banner that says plainly whether the text is agreed, the title and the content, and for a final
 * document its decision record with the content hash and how to check it. Every text is escaped;
 * the only attributes written are the page's own. Also the one 404 page every unknown, revoked
 * or expired link gets, byte for byte the same.
 */
import { LOCALES, type Locale } from '@trepart/shared'
import { escapeHtml, renderHtml } from '../content/render-html.js'
import { PUBLIC_MESSAGES, type PublicMessages, partyName, statusBanner } from './public-messages.js'
import type { PublishedDocument } from './published-document.js'

/** The stylesheet's path; a file, since the policy allows no inline style. */
export const PUBLIC_CSS_PATH = '/p/assets/public.css'
/** The one script: keeps a draft's article current (a file, for the same reason). */
export const PUBLIC_LIVE_SCRIPT_PATH = '/p/assets/live.js'

/** A moment as readers here say it, in Norway's time zone. */
export const dateTime = (locale: Locale, at: number) =>
  // Chromium's and Node's ICU have no nn data everywhere: Nynorsk dates read as Bokmål's.
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Oslo',
  }).format(at)

/**
 * A whole public page around `body` (already HTML): language, title, stylesheet, skip link, the
 * language switch. `feed`: an Atom feed announced in the head (the workspace index's).
 */
export function shell(
  locale: Locale,
  title: string,
  body: string,
  options: {
    noindex: boolean
    languageLinks: boolean
    inlineCss?: string
    live?: boolean
    feed?: { href: string; title: string }
  },
) {
  const m = PUBLIC_MESSAGES[locale]
  const languages = options.languageLinks
    ? `<nav class="languages" aria-label="${escapeHtml(m.language)}"><ul>${LOCALES.map(
        (l) =>
          `<li><a href="?lang=${l}" lang="${l}" hreflang="${l}"${l === locale ? ' aria-current="true"' : ''}>${escapeHtml(PUBLIC_MESSAGES[l].languageName)}</a></li>`,
      ).join('')}</ul></nav>`
    : ''
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${options.noindex ? '<meta name="robots" content="noindex">\n' : ''}<title>${escapeHtml(title)}</title>${options.live ? `\n<script src="${PUBLIC_LIVE_SCRIPT_PATH}" defer></script>` : ''}${options.feed ? `\n<link rel="alternate" type="application/atom+xml" href="${escapeHtml(options.feed.href)}" title="${escapeHtml(options.feed.title)}">` : ''}
${options.inlineCss === undefined ? `<link rel="stylesheet" href="${PUBLIC_CSS_PATH}">` : `<style>${options.inlineCss}</style>`}
</head>
<body>
<a class="skip" href="#main">${escapeHtml(m.skip)}</a>
<header class="site"><span class="product">Trepart</span>${languages}</header>
<main id="main">
${body}
</main>
</body>
</html>
`
}

function party(m: PublicMessages, key: string): string {
  return `<span class="party ${escapeHtml(key)}">${escapeHtml(partyName(m, key))}</span>`
}

function record(doc: PublishedDocument, m: PublicMessages, locale: Locale, jsonHref: string | null): string {
  if (!doc.record) return ''
  const rows = doc.record.decisions
    .map(
      (d) =>
        `<tr><th scope="row">${party(m, d.party)}</th><td>${escapeHtml(m[d.decision])}</td><td>${escapeHtml(d.by)}</td><td>${escapeHtml(dateTime(locale, d.at))}</td><td class="note">${d.note ? escapeHtml(d.note) : ''}</td></tr>`,
    )
    .join('')
  return `<section class="record" aria-labelledby="record-title">
<h2 id="record-title">${escapeHtml(m.record)}</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">${escapeHtml(m.party)}</th><th scope="col">${escapeHtml(m.decision)}</th><th scope="col">${escapeHtml(m.decidedBy)}</th><th scope="col">${escapeHtml(m.when)}</th><th scope="col">${escapeHtml(m.reservation)}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
<p>${escapeHtml(m.contentHash)}:<br><code class="hash">${escapeHtml(doc.record.contentHash)}</code></p>
<p>${escapeHtml(m.hashHowTo)}${jsonHref ? ` <a class="downloads" href="${escapeHtml(jsonHref)}">${escapeHtml(m.downloadJson)}</a>` : ''}</p>
</section>`
}

/** A due day (`YYYY-MM-DD`) as readers here say it; a day has no zone, so it is read as UTC. */
const dueDay = (locale: Locale, day: string) =>
  new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'nb-NO', { dateStyle: 'long', timeZone: 'UTC' }).format(
    Date.parse(`${day}T00:00:00Z`),
  )

/** A final decision's follow-up items: what, which party (by name), by when, how far. */
function followUps(doc: PublishedDocument, m: PublicMessages, locale: Locale): string {
  if (doc.status !== 'final' || !doc.followUps?.length) return ''
  const rows = doc.followUps
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.title)}</td><td>${party(m, f.party)}</td><td>${escapeHtml(dueDay(locale, f.dueDate))}</td><td>${escapeHtml(m.followUpStatusWord[f.status])}${f.overdue ? ` <strong class="overdue">(${escapeHtml(m.overdue)})</strong>` : ''}</td></tr>`,
    )
    .join('')
  return `<section class="follow-ups" aria-labelledby="follow-ups-title">
<h2 id="follow-ups-title">${escapeHtml(m.followUps)}</h2>
<div class="table-scroll"><table>
<thead><tr><th scope="col">${escapeHtml(m.followUpWhat)}</th><th scope="col">${escapeHtml(m.followUpParty)}</th><th scope="col">${escapeHtml(m.followUpDue)}</th><th scope="col">${escapeHtml(m.followUpStatus)}</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
</section>`
}

export interface PageLinks {
  /** The export of this page in a format, e.g. `…/export?format=md` (final documents only). */
  exportHref(format: 'md' | 'html' | 'json'): string
}

/**
 * The article alone: what a live draft's readers are handed as the text changes. Rendered from
 * the content unless the document brings it rendered already (a draft's, from DraftContent).
 */
export function renderArticle(doc: Pick<PublishedDocument, 'content' | 'article'>, locale: Locale): string {
  if (doc.article) return doc.article(locale)
  const m = PUBLIC_MESSAGES[locale]
  return renderHtml(doc.content, { done: m.done, notDone: m.notDone })
}

/**
 * The whole page of a published document. `selfContained` (an HTML export): the stylesheet inline
 * and no links back to the server (no language switch, no downloads).
 */
export function renderPublicPage(
  doc: PublishedDocument,
  locale: Locale,
  links: PageLinks | null,
  selfContained?: { css: string },
): string {
  const m = PUBLIC_MESSAGES[locale]
  const banner = statusBanner(m, doc.status)
  const related = [
    doc.amends ? `<p>${escapeHtml(m.amends)}: ${escapeHtml(doc.amends.title)}</p>` : '',
    ...doc.amendedBy.map(
      (a) =>
        `<p>${escapeHtml(m.amendedBy)}: ${escapeHtml(a.title)} (${escapeHtml(m.statusWord[a.status])})</p>`,
    ),
  ].join('')
  const downloads =
    doc.status === 'final' && links
      ? `<p class="downloads">${escapeHtml(m.exports)}: <a href="${escapeHtml(links.exportHref('html'))}">HTML</a> · <a href="${escapeHtml(links.exportHref('md'))}">Markdown</a></p>`
      : ''
  const body = `<p class="banner ${doc.status}" role="note">${escapeHtml(banner)}</p>
<h1>${escapeHtml(doc.title)}</h1>
<p class="facts">${escapeHtml(m.kind[doc.kind])} · ${escapeHtml(dateTime(locale, doc.updatedAt))}</p>
${related}
<article>${renderArticle(doc, locale)}</article>
${record(doc, m, locale, links?.exportHref('json') ?? null)}
${followUps(doc, m, locale)}
${downloads}
<footer>${escapeHtml(m.publishedWith)}</footer>`
  return shell(locale, doc.title, body, {
    noindex: doc.status !== 'final',
    languageLinks: links !== null,
    // A draft on the server's own page follows the text as it is written; without script it is
    // the text as it was when loaded. An export never runs anything.
    live: links !== null && doc.status === 'draft',
    ...(selfContained ? { inlineCss: selfContained.css } : {}),
  })
}

/** The one page for every link that leads nowhere (unknown, revoked, expired): nothing tells them apart. */
export function renderNotFound(locale: Locale): string {
  const m = PUBLIC_MESSAGES[locale]
  return shell(
    locale,
    m.notFoundTitle,
    `<h1>${escapeHtml(m.notFoundTitle)}</h1>\n<p>${escapeHtml(m.notFoundBody)}</p>`,
    {
      noindex: true,
      languageLinks: false,
    },
  )
}
