/**
 * A workspace's sign-off record for its members: the hash-chained entries (round starts,
 * decisions with their notes, withdrawals, endings, amendments) and their verification (the chain
 * and every final document's version against its recorded hash). Every member reads it: equal
 * access to the record is part of the parties' equality.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { auditQuery, auditResponseSchema, auditVerifyResponseSchema } from '@trepart/shared'
import { z } from 'zod'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { presentAuditEntry } from '../presenters.js'
import { errorResponses, json } from './define.js'

const wid = z.object({ wid: z.string().max(64) })

export function auditRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/audit',
        summary: 'The workspace’s sign-off record, oldest first, 500 entries a page at most (members)',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: wid, query: auditQuery },
        responses: { 200: json(auditResponseSchema, 'Entries, a page at a time'), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query')
        const limit = q.limit ?? 500
        const rows = await services.audit.entries(c.var.member.workspace_id, q.after ?? 0, limit)
        const next = rows.length === limit ? Number(rows.at(-1)!.seq) : null
        return c.json({ entries: rows.map(presentAuditEntry), next }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/audit/verify',
        summary:
          'Verifies the record’s hash chain and every final document’s version against its hash (members)',
        middleware: [
          services.documentActions.middleware(),
          requireWorkspaceRole(services, 'viewer'),
        ] as const,
        request: { params: wid },
        responses: {
          200: json(auditVerifyResponseSchema, 'What holds and what does not'),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await services.audit.verify(c.var.member.workspace_id), 200),
    )
}
