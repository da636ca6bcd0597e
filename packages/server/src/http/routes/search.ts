/**
 * Search of a workspace's documents (members, viewer and up): titles and text, best first, each
 * with a snippet whose matches are marked. Only the member's workspace is searched, in the query
 * itself; archived documents are included unless `archived=false`, as the documents list has it.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { searchQuery, searchResponseSchema } from '@trepart/shared'
import { z } from 'zod'
import { searchWords } from '../../search/search-query.js'
import { snippetParts } from '../../search/snippet.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { presentDocument } from '../presenters.js'
import { errorResponses, json } from './define.js'

const wid = z.object({ wid: z.string().max(64) })

export function searchRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { searchIndex, config } = services

  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/workspaces/{wid}/search',
      summary: 'Search the titles and text of the workspace’s documents; `q` is taken as words',
      middleware: [requireWorkspaceRole(services, 'viewer')] as const,
      request: { params: wid, query: searchQuery },
      responses: { 200: json(searchResponseSchema, 'Matching documents, best first'), ...errorResponses },
    }),
    async (c) => {
      const query = c.req.valid('query')
      const hits = await searchIndex.search(searchWords(query.q), {
        workspaceId: c.var.member.workspace_id,
        includeArchived: query.archived !== 'false',
        limit: config.search.maxResults,
      })
      const results = hits.map((hit) => ({
        document: presentDocument(hit.document),
        snippet: snippetParts(hit.snippet),
      }))
      return c.json({ results }, 200)
    },
  )
}
