/** Invitation links: admins create, list and revoke them; anyone holding one sees what it is for and joins with it. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { createInvitationBody, invitationPreviewSchema, invitationSchema } from '@trepart/shared'
import { z } from 'zod'
import { generateToken, hashToken, newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { requireAuth } from '../middleware/session.js'
import { presentInvitation } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'
import { checkInvitation, invitationState, joinWithInvitation } from './invitation-rules.js'

const wid = z.object({ wid: z.string().max(64) })
const token = z.object({ token: z.string().max(200) })
const gone = json(
  z.object({ error: z.object({ id: z.string(), message: z.string() }) }),
  'Expired, used up or revoked',
)

export function invitationRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { config } = services

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/invitations',
        summary: 'Invitations of the workspace (admins)',
        middleware: [requireWorkspaceRole(services, 'admin')] as const,
        request: { params: wid },
        responses: {
          200: json(z.object({ invitations: z.array(invitationSchema) }), 'Invitations'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const rows = await services.invitations.list(c.var.member.workspace_id)
        return c.json({ invitations: rows.map(presentInvitation) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{wid}/invitations',
        summary:
          'Create an invitation link for a party, role and signatory flag (admins); the link is shown once',
        middleware: [requireWorkspaceRole(services, 'admin')] as const,
        request: { params: wid, ...jsonBody(createInvitationBody) },
        responses: {
          201: json(
            z.object({ token: z.string(), url: z.string(), invitation: invitationSchema }),
            'Created',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const secret = generateToken()
        const now = Date.now()
        const row = {
          id: newId(),
          workspace_id: c.var.member.workspace_id,
          token_hash: hashToken(secret),
          party: body.party,
          role: body.role,
          signatory: body.signatory ? 1 : 0,
          max_uses: body.maxUses ?? config.auth.invitationDefaultMaxUses,
          uses: 0,
          expires_at: now + (body.expiresInHours ?? config.auth.invitationDefaultHours) * 3_600_000,
          revoked_at: null,
          created_by: c.var.auth!.user.id,
          created_at: now,
        }
        await services.invitations.insert(row)
        return c.json(
          {
            token: secret,
            url: `${services.publicUrl}/invite/${secret}`,
            invitation: presentInvitation({ ...row, creator_name: c.var.auth!.user.name }),
          },
          201,
        )
      },
    )

    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/workspaces/{wid}/invitations/{id}',
        summary: 'Revoke an invitation (admins)',
        middleware: [requireWorkspaceRole(services, 'admin')] as const,
        request: { params: z.object({ wid: z.string().max(64), id: z.string().max(64) }) },
        responses: { 204: { description: 'Revoked' }, ...errorResponses },
      }),
      async (c) => {
        const { id } = c.req.valid('param')
        if (!(await services.invitations.revoke(c.var.member.workspace_id, id))) throw errors.notFound()
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/invitations/{token}',
        summary: 'What an invitation is for and whether it is still valid (anyone holding the link)',
        request: { params: token },
        responses: { 200: json(invitationPreviewSchema, 'The invitation'), 404: errorResponses[404] },
      }),
      async (c) => {
        const row = await services.invitations.byTokenHash(hashToken(c.req.valid('param').token))
        if (!row) throw errors.notFound()
        const ws = await services.memberships.workspace(row.workspace_id)
        if (!ws) throw errors.notFound()
        const state = invitationState(row)
        return c.json(
          {
            workspace: { name: ws.name },
            party: row.party as z.infer<typeof invitationPreviewSchema>['party'],
            role: row.role as z.infer<typeof invitationPreviewSchema>['role'],
            signatory: row.signatory === 1,
            valid: state === 'valid',
            ...(state === 'valid' ? {} : { reason: state }),
            expiresAt: new Date(row.expires_at).toISOString(),
          },
          200,
        )
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/invitations/{token}/accept',
        summary: 'Join the workspace with an invitation (signed in)',
        middleware: [requireAuth] as const,
        request: { params: token },
        responses: {
          200: json(z.object({ workspaceId: z.string() }), 'Joined'),
          ...errorResponses,
          409: json(
            z.object({ error: z.object({ id: z.string(), message: z.string() }) }),
            'Already a member',
          ),
          410: gone,
        },
      }),
      async (c) => {
        const invitation = await checkInvitation(services, c.req.valid('param').token)
        await joinWithInvitation(services, invitation, c.var.auth!.user.id)
        return c.json({ workspaceId: invitation.workspace_id }, 200)
      },
    )
}
