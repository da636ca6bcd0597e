/**
 * Versions of a document's content and the differences between them: every member lists and reads
 * them (read-only ProseMirror JSON with its hash); an editor names one of the content as committed
 * now; a diff compares two versions, or one with the content now, block by block
 * (content/content-diff.ts). "Changes since the last round" is the diff from the version the last
 * round froze to `current`.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createVersionBody,
  diffQuery,
  diffResponseSchema,
  ErrorId,
  versionResponseSchema,
  versionSchema,
  versionsResponseSchema,
} from '@trepart/shared'
import * as Y from 'yjs'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import { diffContent } from '../../content/content-diff.js'
import { type ContentJson, canonicalJson, contentHash, contentJsonOf } from '../../content/content-json.js'
import type { Services } from '../../services.js'
import { readCommitted } from '../../store/committed-content.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { requireDocumentRole } from '../middleware/membership.js'
import { presentVersion } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'

const id = z.object({ id: z.string().max(64) })

/** Each version is a full copy of the document: a document holds so many and no more. */
export const tooManyVersions = (max: number) =>
  new ApiError(409, ErrorId.TooManyVersions, `This document already holds ${max} versions`)

const vid = z.object({ id: z.string().max(64), vid: z.string().max(64) })

export function versionRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { signOff, content } = services

  /** A version's content and hash, or the committed content now for `current`. */
  async function contentOf(
    documentId: string,
    versionId: string,
  ): Promise<{ id: string; json: ContentJson; hash: string }> {
    if (versionId === 'current') {
      const json = await readCommitted(content, documentId, contentJsonOf)
      return { id: 'current', json, hash: contentHash(json) }
    }
    const version = await signOff.version(documentId, versionId)
    if (!version) throw errors.notFound()
    return {
      id: version.id,
      json: JSON.parse(version.content_json) as ContentJson,
      hash: version.content_hash,
    }
  }

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/versions',
        summary: 'The document’s versions, oldest first (without their content)',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: id },
        responses: { 200: json(versionsResponseSchema, 'Versions'), ...errorResponses },
      }),
      async (c) =>
        c.json({ versions: (await signOff.versionsOf(c.var.document.id)).map(presentVersion) }, 200),
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/versions',
        summary: 'Save a named version of the content as committed now (editors)',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'editor')] as const,
        request: { params: id, ...jsonBody(createVersionBody) },
        responses: { 201: json(z.object({ version: versionSchema }), 'Saved'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const document = c.var.document
        const max = services.config.limits.maxVersionsPerDocument
        if ((await signOff.versionCount(document.id)) >= max) throw tooManyVersions(max)
        const frozen = await readCommitted(content, document.id, (doc) => ({
          json: contentJsonOf(doc),
          state: Y.encodeStateAsUpdate(doc),
        }))
        const row = {
          id: newId(),
          document_id: document.id,
          name: body.name.trim(),
          reason: 'named',
          content_json: canonicalJson(frozen.json),
          content_hash: contentHash(frozen.json),
          yjs_state: frozen.state,
          created_by: c.var.auth!.user.id,
          created_at: Date.now(),
        }
        await signOff.insertVersion(row)
        return c.json({ version: presentVersion({ ...row, created_by_name: c.var.auth!.user.name }) }, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/versions/{vid}',
        summary: 'One version: its content as ProseMirror JSON, and its hash',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: vid },
        responses: { 200: json(versionResponseSchema, 'The version'), ...errorResponses },
      }),
      async (c) => {
        const version = await signOff.version(c.var.document.id, c.req.valid('param').vid)
        if (!version) throw errors.notFound()
        return c.json(
          {
            version: presentVersion(version),
            content: JSON.parse(version.content_json) as Record<string, unknown>,
            contentHash: version.content_hash,
          },
          200,
        )
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/diff',
        summary: 'What changed from one version to another (or to `current`), block by block',
        middleware: [services.documentActions.middleware(), requireDocumentRole(services, 'viewer')] as const,
        request: { params: id, query: diffQuery },
        responses: { 200: json(diffResponseSchema, 'The blocks, in document order'), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query')
        const documentId = c.var.document.id
        const [from, to] = await Promise.all([contentOf(documentId, q.from), contentOf(documentId, q.to)])
        return c.json(
          {
            from: { id: from.id, contentHash: from.hash },
            to: { id: to.id, contentHash: to.hash },
            blocks: diffContent(from.json, to.json),
          },
          200,
        )
      },
    )
}
