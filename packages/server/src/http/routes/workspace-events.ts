/**
 * Live updates for a workspace's lists as server-sent events: `document` (created, renamed, archived
 * or edited, throttled; the document as the API presents it), `member` (role or party changed,
 * removed), `me` (my own role or party changed), `workspace` (renamed). When the session is revoked
 * or the member removed, an `ended` event with the reason comes last and the stream closes.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import { z } from 'zod'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { errorResponses } from './define.js'

/** Comment lines keep proxies and the browser from timing the stream out. */
const KEEP_ALIVE_MS = 25_000

export function workspaceEventRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/workspaces/{wid}/events',
      summary: 'Server-sent events: documents of the workspace as they change (members)',
      middleware: [requireWorkspaceRole(services, 'viewer')] as const,
      request: { params: z.object({ wid: z.string().max(64) }) },
      responses: { 200: { description: 'text/event-stream of `document` events' }, ...errorResponses },
    }),
    (c) => {
      const workspaceId = c.var.member.workspace_id
      const userId = c.var.auth!.user.id
      const sessionId = c.var.auth!.session.id
      return streamSSE(c, async (stream) => {
        let ended: (reason: string | null) => void = () => {}
        const done = new Promise<string | null>((resolve) => {
          ended = resolve
        })
        const send = (event: string, data: unknown) =>
          void stream.writeSSE({ event, data: JSON.stringify(data) })
        const unsubscribe = services.pubsub.subscribe((event) => {
          switch (event.type) {
            case 'document.changed':
              if (event.workspaceId === workspaceId) send('document', event.document)
              return
            case 'workspace.renamed':
              if (event.workspaceId === workspaceId) send('workspace', { id: workspaceId, name: event.name })
              return
            case 'member.changed':
              if (event.workspaceId === workspaceId)
                send('member', { userId: event.userId, party: event.party, role: event.role })
              if (event.workspaceId === workspaceId && event.userId === userId)
                send('me', { party: event.party, role: event.role })
              return
            case 'member.removed':
              if (event.workspaceId !== workspaceId) return
              if (event.userId === userId) ended('member.removed')
              else send('member', { userId: event.userId, removed: true })
              return
            case 'sessions.revoked':
            case 'sessions.replaced':
              if (event.sessionIds.includes(sessionId)) ended('session.revoked')
              return
            default:
              return
          }
        })
        const expiresAt = c.var.auth!.session.expiresAt
        const keepAlive = setInterval(() => {
          // A stream must not outlive its session.
          if (Date.now() >= expiresAt) ended('session.expired')
          else void stream.write(': keep-alive\n\n')
        }, KEEP_ALIVE_MS)
        stream.onAbort(() => ended(null))
        await stream.writeSSE({ event: 'ready', data: '{}' })
        const reason = await done
        clearInterval(keepAlive)
        unsubscribe()
        // Say why before closing, so the page can explain it instead of retrying into a 404.
        if (reason) await stream.writeSSE({ event: 'ended', data: JSON.stringify({ reason }) })
      })
    },
  )
}
