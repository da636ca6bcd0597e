/**
 * Document metadata: any editor of any party starts one; members list and read; editors rename and
 * archive. A new or changed title is in the search index before the answer.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createDocumentBody,
  documentListResponseSchema,
  documentSchema,
  ErrorId,
  listDocumentsQuery,
  patchDocumentBody,
} from '@trepart/shared'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import { requireDocumentRole, requireWorkspaceRole } from '../middleware/membership.js'
import { presentDocument, presentDocumentListItem } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'

const wid = z.object({ wid: z.string().max(64) })
const id = z.object({ id: z.string().max(64) })
const documentResponse = z.object({ document: documentSchema })

export function documentRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { documents, pubsub, searchIndexer, threads } = services

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{wid}/documents',
        summary: 'Start a document (editors of any party); the initiating party is the creator’s',
        middleware: [requireWorkspaceRole(services, 'editor')] as const,
        request: { params: wid, ...jsonBody(createDocumentBody) },
        responses: { 201: json(documentResponse, 'Created'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const now = Date.now()
        const row = {
          id: newId(),
          workspace_id: c.var.member.workspace_id,
          title: body.title.trim(),
          kind: body.kind,
          status: 'draft',
          initiating_party: c.var.member.party,
          created_by: c.var.auth!.user.id,
          created_at: now,
          updated_at: now,
          archived: 0,
          amends_id: null,
        }
        await documents.insert(row)
        await searchIndexer.indexTitle(row.id)
        const document = presentDocument({ ...row, creator_name: c.var.auth!.user.name })
        pubsub.documents.publish({
          type: 'document.changed',
          workspaceId: document.workspaceId,
          document,
          change: 'metadata',
        })
        return c.json({ document }, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/documents',
        summary:
          'Documents of the workspace, filtered by status, kind, initiating party and archived, each with the open threads the caller may see',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: wid, query: listDocumentsQuery },
        responses: { 200: json(documentListResponseSchema, 'Documents'), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query')
        const member = c.var.member
        // The counts in one grouped query for the whole workspace, never one per document.
        const [rows, open, awaiting] = await Promise.all([
          documents.list(member.workspace_id, {
            status: q.status,
            kind: q.kind,
            party: q.party,
            archived: q.archived === undefined ? undefined : q.archived === 'true',
          }),
          threads.openCounts(member.workspace_id, member.party),
          services.signOff.awaitingParties(member.workspace_id),
        ])
        return c.json(
          {
            documents: rows.map((d) =>
              presentDocumentListItem(d, open.get(d.id) ?? 0, awaiting.get(d.id) ?? []),
            ),
          },
          200,
        )
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}',
        summary: 'A document’s metadata',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: id },
        responses: { 200: json(documentResponse, 'The document'), ...errorResponses },
      }),
      async (c) => c.json({ document: presentDocument(c.var.document) }, 200),
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/documents/{id}',
        summary: 'Rename or archive a document (editors); open clients see the title change live',
        middleware: [requireDocumentRole(services, 'editor')] as const,
        request: { params: id, ...jsonBody(patchDocumentBody) },
        responses: { 200: json(documentResponse, 'Updated'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const doc = c.var.document
        // A final document never changes, its title neither (an archive flag is not the text).
        if (doc.status === 'final' && body.title !== undefined && body.title.trim() !== doc.title)
          throw new ApiError(409, ErrorId.DocumentFinal, 'The document is final: it never changes again')
        await documents.update(doc.id, {
          ...(body.title !== undefined ? { title: body.title.trim() } : {}),
          ...(body.archived !== undefined ? { archived: body.archived ? 1 : 0 } : {}),
        })
        if (body.title !== undefined) await searchIndexer.indexTitle(doc.id)
        const updated = await documents.byId(doc.id)
        const document = presentDocument(updated!)
        pubsub.documents.publish({
          type: 'document.changed',
          workspaceId: document.workspaceId,
          document,
          change: 'metadata',
        })
        return c.json({ document }, 200)
      },
    )
}
