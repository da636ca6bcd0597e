/**
 * The participation balance of a document's dialogue: per party, threads started, replies and
 * distinct people (members, viewer and up). It counts only what the caller may see — shared
 * threads and their own party's internal ones — in the query itself (store/threads.ts), so another
 * party's internal thread never shows in a number either.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { participationResponseSchema } from '@trepart/shared'
import { z } from 'zod'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { requireDocumentRole } from '../middleware/membership.js'
import { presentParticipation } from '../presenters.js'
import { errorResponses, json } from './define.js'

const id = z.object({ id: z.string().max(64) })

export function participationRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/documents/{id}/participation',
      summary:
        'Per party: threads started, replies and people in the document’s dialogue, of what the caller may see',
      middleware: [requireDocumentRole(services, 'viewer')] as const,
      request: { params: id },
      responses: { 200: json(participationResponseSchema, 'Every party, in order'), ...errorResponses },
    }),
    async (c) => {
      const rows = await services.threads.participation(c.var.document.id, c.var.member.party)
      return c.json({ parties: presentParticipation(rows) }, 200)
    },
  )
}
