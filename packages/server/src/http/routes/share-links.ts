/**
 * Share links and exports for members. A link is made by a workspace admin or a signatory (any
 * editor, for a final document); its address carries a 160-bit token shown once, of which only
 * the hash is stored; it may expire and is revoked by its maker, a signatory or an admin. Every
 * member sees the document's links (who made them, when, expiry, last use), never their tokens.
 * An export is the document as its public page would show it (a final one: the signed version and
 * its record), as a file; no comment of any layer is in it. A member's exports count against the
 * costly document actions' token bucket, and only EXPORTS_AT_ONCE_PER_USER of them are made at once.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createdShareLinkSchema,
  createShareLinkBody,
  type DocumentStatus,
  ErrorId,
  errorSchema,
  exportQuery,
  mayRevokeShareLink,
  mayShareDocument,
  type Role,
  shareLinksResponseSchema,
} from '@trepart/shared'
import { z } from 'zod'
import { ConcurrencyLimit } from '../../auth/concurrency-limit.js'
import { generateToken, hashToken, newId } from '../../auth/tokens.js'
import { contentDisposition, exportDocument } from '../../public/exports.js'
import { pickLocale } from '../../public/public-messages.js'
import { publishedDocument } from '../../public/published-document.js'
import type { Services } from '../../services.js'
import type { ShareLinkRow } from '../../store/share-links.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { requireDocumentRole } from '../middleware/membership.js'
import { errorResponses, json, jsonBody } from './define.js'

/** A member's export refused while their others are made: most are done within seconds. */
const EXPORT_RETRY_AFTER_S = 5

const id = z.object({ id: z.string().max(64) })
const lid = z.object({ lid: z.string().max(64) })

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString())

function presentLink(l: ShareLinkRow) {
  return {
    id: l.id,
    createdBy: { id: l.created_by, name: l.creator_name },
    createdAt: iso(l.created_at)!,
    expiresAt: iso(l.expires_at),
    lastUsedAt: iso(l.last_used_at),
    revokedAt: iso(l.revoked_at),
  }
}

/** The member as the shared rules (mayShareDocument, mayRevokeShareLink) take them. */
const asMember = (m: { user_id: string; role: string; signatory: number }) => ({
  userId: m.user_id,
  role: m.role as Role,
  signatory: m.signatory === 1,
})

export function shareLinkRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { shareLinks } = services
  const exporting = new ConcurrencyLimit(services.config.limits.exportsAtOncePerUser)

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/share-links',
        summary:
          'Share the document read-only with the public (admins and signatories; any editor for a final document); the address is shown once',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'viewer')] as const,
        request: { params: id, ...jsonBody(createShareLinkBody) },
        responses: { 201: json(createdShareLinkSchema, 'Created'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        if (!mayShareDocument(asMember(c.var.member), c.var.document.status as DocumentStatus))
          throw errors.forbidden()
        const now = Date.now()
        const expiresAt = body.expiresAt ? Date.parse(body.expiresAt) : null
        if (expiresAt !== null && expiresAt <= now) throw errors.invalid('expiresAt: must be in the future')
        const token = generateToken()
        const row = {
          id: newId(),
          document_id: c.var.document.id,
          token_hash: hashToken(token),
          created_by: c.var.auth!.user.id,
          created_at: now,
          expires_at: expiresAt,
          revoked_at: null,
          revoked_by: null,
          last_used_at: null,
        }
        await shareLinks.insert(row)
        const link = presentLink({ ...row, creator_name: c.var.auth!.user.name })
        return c.json({ link: { ...link, url: `${services.publicUrl}/p/${token}` } }, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/share-links',
        summary: 'The document’s share links, newest first, without their addresses (members)',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: id },
        responses: { 200: json(shareLinksResponseSchema, 'Links'), ...errorResponses },
      }),
      async (c) => c.json({ links: (await shareLinks.ofDocument(c.var.document.id)).map(presentLink) }, 200),
    )

    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/share-links/{lid}',
        summary: 'Revoke a share link (its maker, a signatory or an admin): it answers 404 from now on',
        request: { params: lid },
        responses: { 204: { description: 'Revoked' }, ...errorResponses },
      }),
      async (c) => {
        const auth = c.var.auth
        if (!auth) throw errors.unauthenticated()
        const link = await shareLinks.byId(c.req.valid('param').lid)
        const document = link ? await services.documents.byId(link.document_id) : undefined
        const member = document
          ? await services.memberships.member(document.workspace_id, auth.user.id)
          : undefined
        if (!link || !member) throw errors.notFound()
        if (!mayRevokeShareLink(asMember(member), { createdById: link.created_by })) throw errors.forbidden()
        await shareLinks.revoke(link.id, auth.user.id, Date.now())
        // Its open live streams end now, not at their next reopening.
        services.linkStreams.end(link.id)
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/export',
        summary:
          'The document as a file (members): Markdown, self-contained HTML, Word, PDF/A or its content’s canonical JSON; a final one as signed, with its record',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'viewer')] as const,
        request: { params: id, query: exportQuery },
        responses: {
          200: {
            description:
              'The file (text/markdown, text/html, application/json, application/pdf or the Word type)',
          },
          ...errorResponses,
          429: json(
            errorSchema,
            'Too many exports: the bucket is empty, or two are still being made; see Retry-After',
          ),
        },
      }),
      async (c) => {
        const doc = await publishedDocument(services, c.var.document.id)
        if (!doc) throw errors.notFound()
        // The member's own language (their account's), as the web app speaks to them.
        const locale = pickLocale(c.var.auth!.user.locale, c.req.header('accept-language'))
        const userId = c.var.auth!.user.id
        const release = exporting.tryAcquire(userId)
        if (!release)
          throw new ApiError(429, ErrorId.RateLimited, 'Your other exports are still being made', {
            'retry-after': String(EXPORT_RETRY_AFTER_S),
          })
        let file: Awaited<ReturnType<typeof exportDocument>>
        try {
          file = await exportDocument(doc, c.req.valid('query').format, locale)
        } finally {
          release()
        }
        c.header('content-type', file.contentType)
        c.header('content-disposition', contentDisposition(file.filename))
        c.header('cache-control', 'no-store')
        return c.body(file.body, 200)
      },
    )
}
