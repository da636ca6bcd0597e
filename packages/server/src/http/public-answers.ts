/**
 * How every public route (`/p/…`) answers, whichever address led to the document: the reader's
 * language, the one 404 page, the per-address request limit, a cached page revalidated with an
 * ETag, and a final document's page and files. A final document reached through a share link
 * (`/p/<token>`) and through its workspace's public index (`/p/w/<slug>/<public id>`) is answered
 * here, so both get the same rendering, headers, caching and exports.
 */
import { createHash } from 'node:crypto'
import { exportQuery, type Locale } from '@trepart/shared'
import type { Context } from 'hono'
import { ConcurrencyLimit } from '../auth/concurrency-limit.js'
import { contentDisposition, exportDocument } from '../public/exports.js'
import { pickLocale } from '../public/public-messages.js'
import { renderNotFound, renderPublicPage } from '../public/public-page.js'
import {
  headState,
  type PublishedDocument,
  type PublishedHead,
  publishedDocument,
} from '../public/published-document.js'
import { RenderCache } from '../public/render-cache.js'
import type { Services } from '../services.js'
import { clientAddress } from './client-address.js'

/** Final pages rendered, by address and language, while their state holds. */
const FINAL_PAGE_CACHE_ENTRIES = 200
/** Public exports made at once. */
const PUBLIC_EXPORTS_AT_ONCE = 2

/** The page's language: `?lang=` when the reader chose one, else Accept-Language, else Bokmål. */
export const localeOf = (c: Context): Locale =>
  pickLocale(c.req.query('lang'), c.req.header('accept-language'))

/** The one page for every address that leads nowhere: nothing tells the reasons apart. */
export function notFound(c: Context, locale: Locale): Response {
  c.header('cache-control', 'no-store')
  c.header('x-robots-tag', 'noindex')
  c.header('vary', 'Accept-Language')
  return c.html(renderNotFound(locale), 404)
}

/**
 * Per client address, every public request: one reader cannot keep the server rendering.
 * Null when the request may go on, else the 429 to answer.
 */
export function tooMany(c: Context, services: Services): Response | null {
  if (services.publicReads.take(clientAddress(c, services.config.auth.trustProxy))) return null
  c.header('retry-after', String(services.publicReads.retryAfterSeconds))
  c.header('cache-control', 'no-store')
  return c.body(null, 429)
}

/**
 * A body with its strong ETag (over its bytes), for pages that stay the same until their state
 * moves. Kept as bytes: a long page encoded to UTF-8 on every request was a large part of what a
 * cached page cost.
 */
export interface Tagged {
  body: Uint8Array<ArrayBuffer>
  etag: string
}
export const tagged = (text: string): Tagged => {
  const body = new Uint8Array(Buffer.from(text, 'utf8'))
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` }
}

export function answerTagged(c: Context, page: Tagged, contentType: string): Response {
  c.header('etag', page.etag)
  c.header('cache-control', 'no-cache')
  c.header('vary', 'Accept-Language')
  if (c.req.header('if-none-match') === page.etag) return c.body(null, 304)
  c.header('content-type', contentType)
  return c.body(page.body)
}

/** A final document's page and files, however it was reached; one per app. */
export class FinalAnswers {
  private readonly pages = new RenderCache<Tagged>(FINAL_PAGE_CACHE_ENTRIES)
  private readonly exporting = new ConcurrencyLimit(PUBLIC_EXPORTS_AT_ONCE)

  constructor(private readonly services: Services) {}

  /**
   * The page of a final document. `address` names what the reader used (a link's row id, a public
   * id): the page carries its own export links, so each address has its own cached page.
   * `exportHref` is relative to the page's address, which stays the reader's own.
   */
  async page(
    c: Context,
    head: PublishedHead,
    at: { address: string; exportHref: (format: string) => string },
    locale: Locale,
  ): Promise<Response> {
    // A final page changes only with its title and amendments (and the language): rendered once
    // per state, and its signed content read and parsed only then, not on every request.
    const key = `${at.address} ${locale}`
    const state = headState(head)
    let page = this.pages.peek(key, state)
    if (!page) {
      const doc = await publishedDocument(this.services, head.id, head)
      if (doc?.status !== 'final') return notFound(c, locale)
      page = this.pages.put(key, state, tagged(renderPublicPage(doc, locale, { exportHref: at.exportHref })))
    }
    return answerTagged(c, page, 'text/html; charset=UTF-8')
  }

  /**
   * A final document's file in `format` (`?format=`), or the 404 page for anything else. A Word
   * file takes the event loop for tens of milliseconds on a long document: a few at a time.
   */
  async export(c: Context, load: () => Promise<PublishedDocument | null>, locale: Locale): Promise<Response> {
    const query = exportQuery.safeParse({ format: c.req.query('format') })
    if (!query.success) return notFound(c, locale)
    // Only a final document's files are public; a draft is read on its page (and not read here).
    const doc = await load()
    if (doc?.status !== 'final') return notFound(c, locale)
    const release = this.exporting.tryAcquire('public')
    if (!release) {
      c.header('retry-after', '5')
      return c.body(null, 503)
    }
    try {
      const file = await exportDocument(doc, query.data.format, locale)
      c.header('content-type', file.contentType)
      c.header('content-disposition', contentDisposition(file.filename))
      c.header('cache-control', 'no-cache')
      c.header('vary', 'Accept-Language')
      return c.body(file.body)
    } finally {
      release()
    }
  }
}
