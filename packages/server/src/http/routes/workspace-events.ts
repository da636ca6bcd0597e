/**
 * Live updates for a workspace's lists as server-sent events: every document created, renamed,
 * archived or edited (throttled) arrives as `event: document` with the document as the API
 * presents it. The stream ends when the session is revoked or the member removed, like a websocket.
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
  app.openapi(
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
        let ended: () => void = () => {}
        const done = new Promise<void>((resolve) => {
          ended = resolve
        })
        const unsubscribe = services.pubsub.subscribe((event) => {
          if (event.type === 'document.changed' && event.workspaceId === workspaceId) {
            void stream.writeSSE({ event: 'document', data: JSON.stringify(event.document) })
          } else if (
            (event.type === 'sessions.revoked' && event.sessionIds.includes(sessionId)) ||
            (event.type === 'member.removed' && event.workspaceId === workspaceId && event.userId === userId)
          ) {
            ended()
          }
        })
        const keepAlive = setInterval(() => void stream.write(': keep-alive\n\n'), KEEP_ALIVE_MS)
        stream.onAbort(() => ended())
        await stream.writeSSE({ event: 'ready', data: '{}' })
        await done
        clearInterval(keepAlive)
        unsubscribe()
      })
    },
  )
  return app
}
