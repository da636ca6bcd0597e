/** Workspaces and their members: create, read, rename; list, change and remove members; reset links. */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createWorkspaceBody,
  ErrorId,
  memberSchema,
  membershipSchema,
  partySchema,
  patchMemberBody,
  patchWorkspaceBody,
  type Role,
  workspaceSchema,
} from '@trepart/shared'
import { z } from 'zod'
import { mayResetPassword } from '../../auth/reset-authority.js'
import { generateToken, hashToken, newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { requireAuth } from '../middleware/session.js'
import { presentMember, presentWorkspace } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'

const wid = z.object({ wid: z.string().max(64) })
const widUid = z.object({ wid: z.string().max(64), uid: z.string().max(64) })
const workspaceResponse = z.object({ workspace: workspaceSchema })
const lastAdmin = () => new ApiError(409, ErrorId.LastAdmin, 'A workspace needs at least one admin')

/** A URL-safe slug from a name; Norwegian letters spelled out; a random tail when taken. */
export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
  return base || 'arbeidsrom'
}

export function workspaceRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { memberships, pubsub } = services

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces',
        summary:
          'Create a workspace (WORKSPACE_CREATION=admins: instance admins only); its creator is its admin in the party they pick',
        middleware: [requireAuth] as const,
        request: jsonBody(createWorkspaceBody),
        responses: { 201: json(workspaceResponse, 'Created'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        if (services.config.workspaceCreation === 'admins' && c.var.auth!.user.instance_admin !== 1) {
          throw new ApiError(
            403,
            ErrorId.WorkspaceCreationAdminsOnly,
            'Only instance admins create workspaces on this instance',
          )
        }
        const now = Date.now()
        let slug = slugify(body.name)
        if (await memberships.slugTaken(slug)) slug = `${slug}-${newId().slice(0, 6)}`
        const ws = {
          id: newId(),
          name: body.name.trim(),
          slug,
          created_by: c.var.auth!.user.id,
          created_at: now,
          updated_at: now,
          public_index: 0,
        }
        await memberships.createWorkspace(ws, body.party)
        return c.json({ workspace: presentWorkspace(ws) }, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}',
        summary: 'A workspace, its parties and my membership',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: wid },
        responses: {
          200: json(
            z.object({ workspace: workspaceSchema, parties: z.array(partySchema), me: membershipSchema }),
            'The workspace',
          ),
          ...errorResponses,
        },
      }),
      async (c) => {
        const member = c.var.member
        const ws = await memberships.workspace(member.workspace_id)
        if (!ws) throw errors.notFound()
        const parties = await memberships.parties(ws.id)
        return c.json(
          {
            workspace: presentWorkspace(ws),
            parties: parties.map((p) => ({
              key: p.key as z.infer<typeof partySchema>['key'],
              labels: JSON.parse(p.labels) as z.infer<typeof partySchema>['labels'],
              color: p.color,
            })),
            me: {
              party: member.party as z.infer<typeof membershipSchema>['party'],
              role: member.role as Role,
              signatory: member.signatory === 1,
            },
          },
          200,
        )
      },
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/workspaces/{wid}',
        summary:
          'Rename the workspace, or switch its public index of published decisions (/p/w/{slug}) on or off (admins)',
        middleware: [requireWorkspaceRole(services, 'admin')] as const,
        request: { params: wid, ...jsonBody(patchWorkspaceBody) },
        responses: { 200: json(workspaceResponse, 'Changed'), ...errorResponses },
      }),
      async (c) => {
        const { name, publicIndex } = c.req.valid('json')
        const workspaceId = c.var.member.workspace_id
        if (publicIndex !== undefined) await services.publicIndex.setEnabled(workspaceId, publicIndex)
        if (name !== undefined) await memberships.renameWorkspace(workspaceId, name.trim())
        const ws = await memberships.workspace(workspaceId)
        if (name !== undefined)
          pubsub.access.publish({ type: 'workspace.renamed', workspaceId: ws!.id, name: ws!.name })
        return c.json({ workspace: presentWorkspace(ws!) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/members',
        summary: 'Members with party, role and signatory flag; emails for admins only',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: wid },
        responses: { 200: json(z.object({ members: z.array(memberSchema) }), 'Members'), ...errorResponses },
      }),
      async (c) => {
        const isAdmin = c.var.member.role === 'admin'
        const rows = await memberships.members(c.var.member.workspace_id)
        return c.json({ members: rows.map((m) => presentMember(m, isAdmin)) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/workspaces/{wid}/members/{uid}',
        summary: "Change a member's party, role or signatory flag (admins); acts on open connections at once",
        middleware: [requireWorkspaceRole(services, 'admin')] as const,
        request: { params: widUid, ...jsonBody(patchMemberBody) },
        responses: {
          200: json(z.object({ member: memberSchema }), 'Changed'),
          ...errorResponses,
          409: json(
            z.object({ error: z.object({ id: z.string(), message: z.string() }) }),
            'Would leave no admin',
          ),
        },
      }),
      async (c) => {
        const { uid } = c.req.valid('param')
        const body = c.req.valid('json')
        const workspaceId = c.var.member.workspace_id
        const patch = {
          ...(body.party ? { party: body.party } : {}),
          ...(body.role ? { role: body.role } : {}),
          ...(body.signatory !== undefined ? { signatory: body.signatory ? 1 : 0 } : {}),
        }
        const result = await memberships.changeMember(workspaceId, uid, { kind: 'update', patch })
        if (result === 'not_found') throw errors.notFound()
        if (result === 'last_admin') throw lastAdmin()
        const rows = await memberships.members(workspaceId)
        const updated = rows.find((m) => m.user_id === uid)!
        pubsub.access.publish({
          type: 'member.changed',
          workspaceId,
          userId: uid,
          party: updated.party as z.infer<typeof membershipSchema>['party'],
          role: updated.role as Role,
        })
        return c.json({ member: presentMember(updated, true) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/workspaces/{wid}/members/{uid}',
        summary: 'Remove a member (admins), or leave with uid "me"; closes their websockets',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: widUid },
        responses: {
          204: { description: 'Removed' },
          ...errorResponses,
          409: json(
            z.object({ error: z.object({ id: z.string(), message: z.string() }) }),
            'Would leave no admin',
          ),
        },
      }),
      async (c) => {
        const me = c.var.auth!.user.id
        const raw = c.req.valid('param').uid
        const uid = raw === 'me' ? me : raw
        if (uid !== me && c.var.member.role !== 'admin') throw errors.forbidden()
        const workspaceId = c.var.member.workspace_id
        const result = await memberships.changeMember(workspaceId, uid, { kind: 'remove' })
        if (result === 'not_found') throw errors.notFound()
        if (result === 'last_admin') throw lastAdmin()
        pubsub.access.publish({ type: 'member.removed', workspaceId, userId: uid })
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{wid}/members/{uid}/password-reset',
        summary: 'Issue a one-time password reset link for a member, valid for an hour (admins)',
        middleware: [requireWorkspaceRole(services, 'admin')] as const,
        request: { params: widUid },
        responses: {
          201: json(z.object({ url: z.string(), expiresAt: z.string() }), 'The link, shown once'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { uid } = c.req.valid('param')
        const target = await memberships.member(c.var.member.workspace_id, uid)
        if (!target) throw errors.notFound()
        const issuer = c.var.auth!.user
        // The same rule is checked again when the link is used (routes/auth.ts).
        if (!(await mayResetPassword(services, issuer.id, uid))) throw errors.forbidden()
        return c.json(await issueReset(services, uid, issuer.id), 201)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/users/{uid}/password-reset',
        summary: 'Issue a one-time password reset link for anyone (the instance admin)',
        middleware: [requireAuth] as const,
        request: { params: z.object({ uid: z.string().max(64) }) },
        responses: {
          201: json(z.object({ url: z.string(), expiresAt: z.string() }), 'The link, shown once'),
          ...errorResponses,
        },
      }),
      async (c) => {
        if (c.var.auth!.user.instance_admin !== 1) throw errors.forbidden()
        const { uid } = c.req.valid('param')
        if (!(await services.users.byId(uid))) throw errors.notFound()
        return c.json(await issueReset(services, uid, c.var.auth!.user.id), 201)
      },
    )
}

async function issueReset(services: Services, userId: string, createdBy: string) {
  const token = generateToken()
  const now = Date.now()
  const expiresAt = now + services.config.auth.passwordResetTtlMs
  await services.resets.insert({
    token_hash: hashToken(token),
    user_id: userId,
    created_by: createdBy,
    expires_at: expiresAt,
    used_at: null,
    created_at: now,
  })
  return { url: `${services.publicUrl}/reset/${token}`, expiresAt: new Date(expiresAt).toISOString() }
}
