/** The signed-in user: who am I, my workspaces; change my display name and language. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { myWorkspaceSchema, patchMeBody, userSchema } from '@trepart/shared'
import { z } from 'zod'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { requireAuth } from '../middleware/session.js'
import { presentUser } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'

export function meRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/me',
        summary: 'The signed-in user and their workspaces',
        middleware: [requireAuth] as const,
        responses: {
          200: json(z.object({ user: userSchema, workspaces: z.array(myWorkspaceSchema) }), 'Me'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { user } = c.var.auth!
        const [rows, awaiting] = await Promise.all([
          services.memberships.workspacesOf(user.id),
          services.signOff.awaitingCounts(user.id),
        ])
        return c.json(
          {
            user: presentUser(user),
            workspaces: rows.map((w) => ({
              id: w.id,
              name: w.name,
              slug: w.slug,
              party: w.party as z.infer<typeof myWorkspaceSchema>['party'],
              role: w.role as z.infer<typeof myWorkspaceSchema>['role'],
              signatory: w.signatory === 1,
              awaitingMyParty: awaiting.get(w.id) ?? 0,
            })),
          },
          200,
        )
      },
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/me',
        summary: 'Change my display name or language',
        middleware: [requireAuth] as const,
        request: jsonBody(patchMeBody),
        responses: { 200: json(z.object({ user: userSchema }), 'Updated'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const { user } = c.var.auth!
        const patch = {
          ...(body.name !== undefined ? { name: body.name.trim() } : {}),
          ...(body.locale ? { locale: body.locale } : {}),
        }
        await services.users.update(user.id, patch)
        if (patch.name !== undefined && patch.name !== user.name) {
          services.pubsub.access.publish({ type: 'user.renamed', userId: user.id, name: patch.name })
        }
        const updated = await services.users.byId(user.id)
        return c.json({ user: presentUser(updated!) }, 200)
      },
    )
}
