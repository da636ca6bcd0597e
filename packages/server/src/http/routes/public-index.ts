/**
 * A workspace's public index (off by default; an admin switches it on): `/p/w/<slug>` lists its
 * published decisions (final, with a live share link) newest first, `/p/w/<slug>/feed.atom` is
 * the same as an Atom feed, and `/p/w/<slug>/<public id>` is a listed document's page, answered
 * as a final page reached through a share link is (public-answers.ts), with its exports below it.
 * An unknown slug, a workspace whose index is off, an unknown public id and a document no longer
 * published all get the one 404 page. Limited per client address like every public route.
 * Mounted before `/p/:token`, whose routes would otherwise take `/p/w/…` for a token.
 */
import type { Hono } from 'hono'
import { renderAtomFeed } from '../../public/atom-feed.js'
import { renderPublicIndex } from '../../public/public-index-page.js'
import { publishedDocument, publishedHead } from '../../public/published-document.js'
import { RenderCache } from '../../public/render-cache.js'
import type { Services } from '../../services.js'
import type { PublicWorkspace } from '../../store/public-index.js'
import {
  answerTagged,
  type FinalAnswers,
  localeOf,
  notFound,
  type Tagged,
  tagged,
  tooMany,
} from '../public-answers.js'

/** What `slugify` makes (routes/workspaces.ts), with room for its random tail. Nothing else is looked up. */
const SLUG = /^[a-z0-9-]{1,64}$/
/** What `randomUUID` makes. */
const PUBLIC_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
/** Index pages and feeds kept rendered, by workspace, kind and language, while their entries hold. */
const INDEX_CACHE_ENTRIES = 200

export function mountPublicIndex(app: Hono, services: Services, finals: FinalAnswers): void {
  const rendered = new RenderCache<Tagged>(INDEX_CACHE_ENTRIES)
  const limit = () => services.config.limits.publicIndexMaxEntries

  app.use('/p/w/*', async (c, next) => tooMany(c, services) ?? (await next()))

  const workspaceOf = async (slug: string): Promise<PublicWorkspace | undefined> =>
    SLUG.test(slug) ? services.publicIndex.workspace(slug) : undefined

  /** The published entries, one more than shown to know whether the list was cut. */
  const entriesOf = async (workspace: PublicWorkspace) => {
    const found = await services.publicIndex.entries(workspace.id, Date.now(), limit() + 1)
    return { entries: found.slice(0, limit()), more: found.length > limit() }
  }

  app.get('/p/w/:slug', async (c) => {
    const locale = localeOf(c)
    const workspace = await workspaceOf(c.req.param('slug'))
    if (!workspace) return notFound(c, locale)
    const { entries, more } = await entriesOf(workspace)
    const page = rendered.get(
      `${workspace.id} html ${locale}`,
      JSON.stringify([workspace, entries, more]),
      () => tagged(renderPublicIndex(workspace, entries, locale, more)),
    )
    return answerTagged(c, page, 'text/html; charset=UTF-8')
  })

  app.get('/p/w/:slug/feed.atom', async (c) => {
    const locale = localeOf(c)
    const workspace = await workspaceOf(c.req.param('slug'))
    if (!workspace) return notFound(c, locale)
    const { entries } = await entriesOf(workspace)
    const origin = services.publicUrl
    const feed = rendered.get(
      `${workspace.id} atom ${locale}`,
      JSON.stringify([workspace, entries, origin]),
      () => tagged(renderAtomFeed(workspace, entries, locale, origin)),
    )
    return answerTagged(c, feed, 'application/atom+xml; charset=utf-8')
  })

  /** What of the published document behind `/p/w/<slug>/<public id>` a page needs, or null for the 404 page. */
  const publishedEntry = async (slug: string, publicId: string) => {
    if (!PUBLIC_ID.test(publicId)) return null
    const workspace = await workspaceOf(slug)
    const documentId =
      workspace && (await services.publicIndex.documentId(workspace.id, publicId, Date.now()))
    const head = documentId ? await publishedHead(services, documentId) : null
    return head?.status === 'final' ? head : null
  }

  app.get('/p/w/:slug/:publicId', async (c) => {
    const locale = localeOf(c)
    const publicId = c.req.param('publicId')
    const head = await publishedEntry(c.req.param('slug'), publicId)
    if (!head) return notFound(c, locale)
    // Relative to /p/w/<slug>/<public id>, as a share link's page's are to /p/<token>.
    const exportHref = (format: string) => `${publicId}/export?format=${format}&lang=${locale}`
    return finals.page(c, head, { address: `public ${publicId}`, exportHref }, locale)
  })

  app.get('/p/w/:slug/:publicId/export', async (c) => {
    const load = async () => {
      const head = await publishedEntry(c.req.param('slug'), c.req.param('publicId'))
      return head ? publishedDocument(services, head.id, head) : null
    }
    return finals.export(c, load, localeOf(c))
  })

  // Anything else below /p/w/ is nothing, and must not fall through to /p/:token's routes.
  app.all('/p/w/*', (c) => notFound(c, localeOf(c)))
}
