/**
 * The public side: `/p/:token` (a shared document's page, rendered on the server, no JavaScript),
 * `/p/:token/export?format=md|html|json` (final documents' files) and the pages' stylesheet.
 * No session, no room: a reader never joins the collaboration server; the content is read from
 * storage (a final document's signed version, a draft's committed content). An unknown, revoked
 * or expired token, a token of the wrong shape and a draft's export all get the same 404 page.
 * Drafts are `no-store` and `noindex`; final pages revalidate against an ETag (so a revoked link
 * stops at once, while an unchanged page costs a 304). The token is in the address: the global
 * `Referrer-Policy: no-referrer` keeps it from leaking through a link a reader follows.
 */
import { createHash } from 'node:crypto'
import type { Locale } from '@trepart/shared'
import type { Context, Hono } from 'hono'
import { hashToken } from '../../auth/tokens.js'
import {
  contentDisposition,
  EXPORT_FORMATS,
  type ExportFormat,
  exportDocument,
} from '../../public/exports.js'
import { PUBLIC_CSS } from '../../public/public-css.js'
import { pickLocale } from '../../public/public-messages.js'
import { PUBLIC_CSS_PATH, renderNotFound, renderPublicPage } from '../../public/public-page.js'
import { publishedDocument } from '../../public/published-document.js'
import type { Services } from '../../services.js'

/** What `generateToken` makes: 160 bits in base32. Anything else is not looked up at all. */
const TOKEN = /^[a-z2-7]{32}$/

export function mountPublicPages(app: Hono, services: Services): void {
  const localeOf = (c: Context) => pickLocale(c.req.query('lang'), c.req.header('accept-language'))

  const notFound = (c: Context, locale: Locale) => {
    c.header('cache-control', 'no-store')
    c.header('x-robots-tag', 'noindex')
    c.header('vary', 'Accept-Language')
    return c.html(renderNotFound(locale), 404)
  }

  const shared = async (token: string) => {
    if (!TOKEN.test(token)) return null
    const link = await services.shareLinks.live(hashToken(token), Date.now())
    return link ? publishedDocument(services, link.document_id) : null
  }

  app.get(PUBLIC_CSS_PATH, (c) => {
    c.header('content-type', 'text/css; charset=utf-8')
    c.header('cache-control', 'public, max-age=3600')
    return c.body(PUBLIC_CSS)
  })

  app.get('/p/:token', async (c) => {
    const locale = localeOf(c)
    const token = c.req.param('token')
    const doc = await shared(token)
    if (!doc) return notFound(c, locale)
    const html = renderPublicPage(doc, locale, {
      // Relative to /p/<token>: the address stays the reader's own, nothing is absolute.
      exportHref: (format) => `${token}/export?format=${format}&lang=${locale}`,
    })
    c.header('vary', 'Accept-Language')
    if (doc.status !== 'final') {
      c.header('cache-control', 'no-store')
      c.header('x-robots-tag', 'noindex')
      return c.html(html)
    }
    const etag = `"${createHash('sha256').update(html).digest('base64url')}"`
    c.header('etag', etag)
    c.header('cache-control', 'no-cache')
    if (c.req.header('if-none-match') === etag) return c.body(null, 304)
    return c.html(html)
  })

  app.get('/p/:token/export', async (c) => {
    const locale = localeOf(c)
    const format = c.req.query('format') as ExportFormat
    const doc = await shared(c.req.param('token'))
    // Only a final document's files are public; a draft is read on its page.
    if (!doc || doc.status !== 'final' || !EXPORT_FORMATS.includes(format)) return notFound(c, locale)
    const file = exportDocument(doc, format, locale)
    c.header('content-type', file.contentType)
    c.header('content-disposition', contentDisposition(file.filename))
    c.header('cache-control', 'no-cache')
    return c.body(file.body)
  })

  app.all('/p/*', (c) => notFound(c, localeOf(c)))
}
