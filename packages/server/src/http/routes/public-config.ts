/** What the sign-in and sign-up pages need to know before anyone is signed in. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { publicConfigSchema } from '@trepart/shared'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { json } from './define.js'

export function publicConfigRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/config',
      summary: 'Password rules, whether signing up needs an invitation, who creates workspaces (public)',
      responses: { 200: json(publicConfigSchema, 'Public settings') },
    }),
    async (c) => {
      const firstAccount = (await services.users.count()) === 0
      return c.json(
        {
          passwordMinLength: services.config.auth.passwordMinLength,
          signupWithoutInvitation: firstAccount || services.config.auth.signup === 'open',
          firstAccount,
          workspaceCreation: services.config.workspaceCreation,
        },
        200,
      )
    },
  )
}
