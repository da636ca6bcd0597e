/**
 * Follow-up items of final decisions (issue 16): a decision's items (every member reads them;
 * editors of any party add and change them: the responsibility is collective), the workspace's
 * overview, and "our follow-ups" — the open items each of my parties is responsible for. A status
 * or note adds one history entry whose author and party the server stamps from the session. Every
 * change is announced as `followup.changed`; the decision's public page shows the items with
 * their state (public/published-document.ts), so it changes with them.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createFollowUpBody,
  ErrorId,
  errorSchema,
  followUpResponseSchema,
  followUpsResponseSchema,
  listFollowUpsQuery,
  myFollowUpsResponseSchema,
  patchFollowUpBody,
  type Role,
  roleAtLeast,
} from '@trepart/shared'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import { type FollowUpFilter, utcDay } from '../../store/follow-ups.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { presentFollowUp, thisSunday } from '../follow-up-presenters.js'
import { requireDocumentRole, requireWorkspaceRole } from '../middleware/membership.js'
import { requireAuth } from '../middleware/session.js'
import { conflictResponse, errorResponses, json, jsonBody } from './define.js'

const documentParams = z.object({ id: z.string().max(64) })
const followUpParams = z.object({ fid: z.string().max(64) })
const workspaceParams = z.object({ wid: z.string().max(64) })

const invalidAssignee = () =>
  new ApiError(400, ErrorId.FollowUpInvalidAssignee, 'The assignee must be a member of the responsible party')

export function followUpRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { limits } = services.config

  /**
   * Items matching `filter`, presented with the latest `notesEach` notes of their histories (one
   * query for all the notes): a list of many items must not carry every note of each.
   */
  async function listed(
    filter: FollowUpFilter & { responsibleUserId?: string },
    notesEach = limits.followUpNotesListed,
  ) {
    const today = utcDay(Date.now())
    const rows = await services.followUps.list(filter, today, limits.maxFollowUpsListed)
    const notes = await services.followUps.notesOf(
      rows.map((r) => r.id),
      notesEach,
    )
    return rows.map((r) => presentFollowUp(r, notes.get(r.id) ?? { notes: [], total: 0 }, today))
  }
  /** One item with its whole history. */
  async function one(id: string) {
    const [item] = await listed({ id }, limits.maxNotesPerFollowUp)
    return item
  }

  const announce = (workspaceId: string, documentId: string, followUpId: string) =>
    services.pubsub.documents.publish({ type: 'followup.changed', workspaceId, documentId, followUpId })

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/follow-ups',
        summary: 'A decision’s follow-up items with their histories, overdue first, then by due date',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: documentParams },
        responses: { 200: json(followUpsResponseSchema, 'The items'), ...errorResponses },
      }),
      async (c) => c.json({ followUps: await listed({ documentId: c.var.document.id }) }, 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/follow-ups',
        summary: 'Add a follow-up item to a final decision (editors of any party)',
        middleware: [services.followUpWrites.middleware(), requireDocumentRole(services, 'editor')] as const,
        request: { params: documentParams, ...jsonBody(createFollowUpBody) },
        responses: {
          201: json(followUpResponseSchema, 'Added'),
          ...errorResponses,
          ...conflictResponse,
          429: json(errorSchema, 'Too many changes for now; see Retry-After'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const document = c.var.document
        if (document.status !== 'final')
          throw new ApiError(409, ErrorId.NotFinal, 'Only a final decision carries follow-up items')
        const now = Date.now()
        const id = newId()
        const refused = await services.followUps.create(
          {
            id,
            workspace_id: document.workspace_id,
            document_id: document.id,
            title: body.title.trim(),
            party: body.party,
            assignee_id: body.assigneeId ?? null,
            due_date: body.dueDate,
            status: 'not_started',
            created_by: c.var.auth!.user.id,
            created_at: now,
            updated_at: now,
          },
          limits.maxFollowUpsPerDocument,
        )
        if (refused === 'assignee') throw invalidAssignee()
        if (refused === 'cap')
          throw new ApiError(
            409,
            ErrorId.TooManyFollowUps,
            `A decision carries at most ${limits.maxFollowUpsPerDocument} follow-up items`,
          )
        announce(document.workspace_id, document.id, id)
        const followUp = await one(id)
        if (!followUp) throw errors.notFound()
        return c.json({ followUp }, 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/follow-ups/{fid}',
        summary: 'One follow-up item with its whole history (members)',
        middleware: [requireAuth] as const,
        request: { params: followUpParams },
        responses: { 200: json(followUpResponseSchema, 'The item'), ...errorResponses },
      }),
      async (c) => {
        const item = await services.followUps.byId(c.req.valid('param').fid)
        // A non-member learns nothing: the same 404 as for an item that does not exist.
        const member = item
          ? await services.memberships.member(item.workspace_id, c.var.auth!.user.id)
          : undefined
        if (!item || !member) throw errors.notFound()
        const followUp = await one(item.id)
        if (!followUp) throw errors.notFound()
        return c.json({ followUp }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/follow-ups/{fid}',
        summary: 'Change a follow-up item; a status or note adds one entry to its history (editors)',
        middleware: [services.followUpWrites.middleware(), requireAuth] as const,
        request: { params: followUpParams, ...jsonBody(patchFollowUpBody) },
        responses: {
          200: json(followUpResponseSchema, 'Changed'),
          ...errorResponses,
          ...conflictResponse,
          429: json(errorSchema, 'Too many changes for now; see Retry-After'),
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const user = c.var.auth!.user
        const item = await services.followUps.byId(c.req.valid('param').fid)
        // A non-member learns nothing: the same 404 as for an item that does not exist.
        const member = item ? await services.memberships.member(item.workspace_id, user.id) : undefined
        if (!item || !member) throw errors.notFound()
        if (!roleAtLeast(member.role as Role, 'editor')) throw errors.forbidden()
        if (Object.values(body).every((v) => v === undefined)) throw errors.invalid('body: nothing to change')
        // The assignee is checked in the store, under the document's lock, against the item's
        // party as it is then (a hand-over to another party lets go of one not in it).
        const refused = await services.followUps.update(
          item.id,
          {
            title: body.title?.trim(),
            party: body.party,
            assigneeId: body.assigneeId,
            dueDate: body.dueDate,
            status: body.status,
            note: body.note?.trim(),
          },
          // The author's party is the membership's, read for this request: never the client's word.
          { id: user.id, party: member.party },
          Date.now(),
          limits.maxNotesPerFollowUp,
          newId,
        )
        if (refused === 'gone') throw errors.notFound()
        if (refused === 'assignee') throw invalidAssignee()
        if (refused === 'cap')
          throw new ApiError(
            409,
            ErrorId.TooManyFollowUpNotes,
            `A follow-up item's history holds at most ${limits.maxNotesPerFollowUp} notes`,
          )
        announce(item.workspace_id, item.document_id, item.id)
        const followUp = await one(item.id)
        if (!followUp) throw errors.notFound()
        return c.json({ followUp }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/follow-ups',
        summary:
          'The workspace’s follow-up overview: open items (by default), overdue first, then by due date',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: workspaceParams, query: listFollowUpsQuery },
        responses: { 200: json(followUpsResponseSchema, 'The items'), ...errorResponses },
      }),
      async (c) => {
        const query = c.req.valid('query')
        const followUps = await listed({
          workspaceId: c.var.member.workspace_id,
          party: query.party,
          status: query.status,
          ...(query.documentId !== undefined ? { documentId: query.documentId } : {}),
          open: query.open !== 'false',
        })
        return c.json({ followUps }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/me/follow-ups',
        summary: 'Open follow-up items my party is responsible for, in each of my workspaces',
        middleware: [requireAuth] as const,
        responses: {
          200: json(myFollowUpsResponseSchema, 'Overdue first, then by due date'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const items = await listed({ responsibleUserId: c.var.auth!.user.id, open: true })
        const today = utcDay(Date.now())
        const sunday = thisSunday(today)
        return c.json(
          {
            followUps: items.map((f) => ({
              ...f,
              dueThisWeek: !f.overdue && f.dueDate >= today && f.dueDate <= sunday,
            })),
          },
          200,
        )
      },
    )
}
