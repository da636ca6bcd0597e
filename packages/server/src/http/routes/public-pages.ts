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
import type { Hono } from 'hono'
import { hashToken, newId } from '../../auth/tokens.js'
import { PUBLIC_LIVE_SCRIPT } from '../../public/live-script.js'
import { PUBLIC_CSS } from '../../public/public-css.js'
import { PUBLIC_CSS_PATH, PUBLIC_LIVE_SCRIPT_PATH, renderPublicPage } from '../../public/public-page.js'
import { publishedDocument, publishedFinal, publishedHead } from '../../public/published-document.js'
import type { Services } from '../../services.js'
import { clientAddress } from '../client-address.js'
import { type FinalAnswers, localeOf, notFound, tooMany } from '../public-answers.js'

/** How long one live stream lasts before the browser opens a new one (and the link is checked again). */
const PUBLIC_STREAM_LIFETIME_MS = 5 * 60_000
/** A live stream refused for want of places: a place frees as streams reach their lifetime. */
const PUBLIC_STREAM_RETRY_AFTER_S = 60

/** What `generateToken` makes: 160 bits in base32. Anything else is not looked up at all. */
const TOKEN = /^[a-z2-7]{32}$/

export function mountPublicPages(app: Hono, services: Services, finals: FinalAnswers): void {
  const linkOf = async (token: string) =>
    TOKEN.test(token) ? services.shareLinks.live(hashToken(token), Date.now()) : undefined

  /** The pages' two files: the same for every page, cached an hour. */
  const asset = (path: string, contentType: string, body: string) =>
    app.get(path, (c) => {
      c.header('content-type', contentType)
      c.header('cache-control', 'public, max-age=3600')
      return c.body(body)
    })
  asset(PUBLIC_CSS_PATH, 'text/css; charset=utf-8', PUBLIC_CSS)
  asset(PUBLIC_LIVE_SCRIPT_PATH, 'text/javascript; charset=utf-8', PUBLIC_LIVE_SCRIPT)

  app.use('/p/:token/*', async (c, next) => tooMany(c, services) ?? (await next()))
  app.use('/p/:token', async (c, next) => tooMany(c, services) ?? (await next()))

  app.get('/p/:token', async (c) => {
    const locale = localeOf(c)
    const token = c.req.param('token')
    const link = await linkOf(token)
    const head = link ? await publishedHead(services, link.document_id) : null
    if (!link || !head) return notFound(c, locale)
    await services.shareLinks.touch(link, Date.now())
    // Relative to /p/<token>: the address stays the reader's own, nothing is absolute.
    const exportHref = (format: string) => `${token}/export?format=${format}&lang=${locale}`
    // Cached by link, not by document: the page carries this link's token in its export links.
    if (head.status === 'final')
      return finals.page(c, head, { address: `link ${link.id}`, exportHref }, locale)
    const doc = await publishedDocument(services, link.document_id, head)
    if (!doc) return notFound(c, locale)
    c.header('vary', 'Accept-Language')
    c.header('cache-control', 'no-store')
    c.header('x-robots-tag', 'noindex')
    return c.html(renderPublicPage(doc, locale, { exportHref }))
  })

  /**
   * A draft's article and title as they change, for its readers with script (`live.js`):
   * server-sent events, never the room. Capped in all, per share link (one leaked link cannot take
   * every reader's place) and per client address; each stream ends after PUBLIC_STREAM_LIFETIME_MS
   * or at the link's expiry, whichever is first, and the browser opens a new one, which checks the
   * link again (a revoked or expired link answers 404, which the browser does not retry). Every
   * place is given back when its stream ends, however it ends (stream.finally in EventStreams).
   */
  app.get('/p/:token/live', async (c) => {
    const locale = localeOf(c)
    const link = await linkOf(c.req.param('token'))
    const document = link ? await services.documents.byId(link.document_id) : undefined
    if (!link || document?.status !== 'draft') return notFound(c, locale)
    await services.shareLinks.touch(link, Date.now())
    // From these checks to the stream's subscription nothing awaits: no two arrivals can both
    // take the last place.
    const { maxPublicStreams, maxPublicStreamsPerLink } = services.config.limits
    if (
      services.publicStreams.size >= maxPublicStreams ||
      services.linkStreams.count(link.id) >= maxPublicStreamsPerLink
    ) {
      c.header('retry-after', String(PUBLIC_STREAM_RETRY_AFTER_S))
      c.header('cache-control', 'no-store')
      return c.body(null, 503)
    }
    const now = Date.now()
    const owner = {
      userId: `address ${clientAddress(c, services.config.auth.trustProxy)}`,
      sessionId: newId(),
      expiresAt: Math.min(
        now + PUBLIC_STREAM_LIFETIME_MS,
        Number(link.expires_at ?? Number.POSITIVE_INFINITY),
      ),
    }
    c.header('cache-control', 'no-store')
    c.header('x-robots-tag', 'noindex')
    return services.publicStreams.open(c, owner, (sink) => {
      const unwatch = services.draftFeed.watch(link.document_id, 'draft', (news) => {
        if (news.type === 'reload') {
          sink.send('reload', {})
          sink.end()
        } else sink.sendFrame(news.frame(locale))
      })
      // A revocation ends the link's streams at once, and so does its expiry, to the moment:
      // the keep-alive that checks `expiresAt` runs only every half minute.
      const unlink = services.linkStreams.add(link.id, () => sink.end())
      const expiry = setTimeout(() => sink.end(), owner.expiresAt - now)
      return () => {
        clearTimeout(expiry)
        unwatch()
        unlink()
      }
    })
  })

  app.get('/p/:token/export', async (c) => {
    const link = await linkOf(c.req.param('token'))
    const res = await finals.export(c, () => publishedFinal(services, link?.document_id), localeOf(c))
    // Its "last used" moves only on an answer.
    if (link && res.status === 200) await services.shareLinks.touch(link, Date.now())
    return res
  })

  app.all('/p/*', (c) => notFound(c, localeOf(c)))
}
