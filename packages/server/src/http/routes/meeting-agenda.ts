/**
 * A meeting's agenda (issue 16): editors add, change, remove and reorder its items, each change one
 * transaction; its chair or secretary (or an admin) moves the table to the current item and records
 * each item's outcome, `decided` with the linked document's latest sign-off round. A linked
 * document is always one of the meeting's own workspace, and an item never shows another.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  agendaItemResponseSchema,
  createAgendaItemBody,
  ErrorId,
  meetingResponseSchema,
  moveAgendaItemBody,
  patchAgendaItemBody,
  setCurrentItemBody,
  setOutcomeBody,
} from '@trepart/shared'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { requireChair, requireMeetingRole } from '../middleware/meeting-access.js'
import { conflictResponse, errorResponses, json, jsonBody } from './define.js'
import { type MeetingKit, wrongStatus } from './meeting-kit.js'

const mid = z.object({ mid: z.string().max(64) })
const itemParams = z.object({ mid: z.string().max(64), iid: z.string().max(64) })

export function meetingAgendaRoutes(services: Services, kit: MeetingKit) {
  const app = new OpenAPIHono<AppEnv>()
  const { meetings, documents } = services
  const { maxAgendaItemsPerMeeting } = services.config.limits
  const { writeRate, changed, meetingAnswer, itemAnswer, refusal } = kit

  /**
   * A document an item may link: of the meeting's workspace (anything else is answered as if it did
   * not exist: a meeting never confirms another workspace's document) and not archived.
   */
  async function checkDocument(workspaceId: string, documentId: string | null | undefined) {
    if (documentId === null || documentId === undefined) return
    const doc = await documents.byId(documentId)
    if (!doc || doc.workspace_id !== workspaceId) throw errors.notFound()
    if (doc.archived === 1)
      throw new ApiError(400, ErrorId.AgendaDocumentArchived, 'An archived document cannot be on the agenda')
  }

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/meetings/{mid}/items',
        summary: 'Add an item at the end of the agenda (editors); a linked document is of the same workspace',
        middleware: [writeRate, requireMeetingRole(services, 'editor')] as const,
        request: { params: mid, ...jsonBody(createAgendaItemBody) },
        responses: { 201: json(agendaItemResponseSchema, 'Added'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const m = c.var.meeting
        await checkDocument(m.workspace_id, body.documentId)
        const id = newId()
        const refused = await meetings.addItem(
          {
            id,
            meeting_id: m.id,
            position: 0,
            title: body.title.trim(),
            document_id: body.documentId ?? null,
            party: body.party,
            planned_minutes: body.plannedMinutes ?? null,
            outcome: null,
            outcome_note: null,
            outcome_by: null,
            outcome_at: null,
            decision_round_id: null,
            created_at: Date.now(),
          },
          maxAgendaItemsPerMeeting,
        )
        if (refused) throw refusal(refused)
        changed(m)
        return c.json(await itemAnswer(m, id), 201)
      },
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/meetings/{mid}/items/{iid}',
        summary: 'Change an agenda item (editors)',
        middleware: [writeRate, requireMeetingRole(services, 'editor')] as const,
        request: { params: itemParams, ...jsonBody(patchAgendaItemBody) },
        responses: { 200: json(agendaItemResponseSchema, 'Changed'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const m = c.var.meeting
        const { iid } = c.req.valid('param')
        await checkDocument(m.workspace_id, body.documentId)
        const patch: Parameters<typeof meetings.patchItem>[2] = {}
        if (body.title !== undefined) patch.title = body.title.trim()
        if (body.documentId !== undefined) patch.document_id = body.documentId
        if (body.party !== undefined) patch.party = body.party
        if (body.plannedMinutes !== undefined) patch.planned_minutes = body.plannedMinutes
        const refused = await meetings.patchItem(m.id, iid, patch, Date.now())
        if (refused) throw refusal(refused)
        changed(m)
        return c.json(await itemAnswer(m, iid), 200)
      },
    )

    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/meetings/{mid}/items/{iid}',
        summary: 'Remove an agenda item (editors); the items after it move up',
        middleware: [writeRate, requireMeetingRole(services, 'editor')] as const,
        request: { params: itemParams },
        responses: { 204: { description: 'Removed' }, ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const m = c.var.meeting
        const refused = await meetings.deleteItem(m.id, c.req.valid('param').iid, Date.now())
        if (refused) throw refusal(refused)
        changed(m)
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/meetings/{mid}/items/{iid}/move',
        summary: 'Move an agenda item to an index (editors): one move per drag or key press',
        middleware: [writeRate, requireMeetingRole(services, 'editor')] as const,
        request: { params: itemParams, ...jsonBody(moveAgendaItemBody) },
        responses: { 200: json(meetingResponseSchema, 'Moved'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const m = c.var.meeting
        const refused = await meetings.moveItem(
          m.id,
          c.req.valid('param').iid,
          c.req.valid('json').index,
          Date.now(),
        )
        if (refused) throw refusal(refused)
        changed(m)
        return c.json(await meetingAnswer(m), 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/meetings/{mid}/current',
        summary: 'Move the table to an item, or none (chair, secretary or admin; the meeting is open)',
        middleware: [writeRate, requireMeetingRole(services, 'viewer'), requireChair()] as const,
        request: { params: mid, ...jsonBody(setCurrentItemBody) },
        responses: { 200: json(meetingResponseSchema, 'Moved'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const m = c.var.meeting
        const done = await meetings.setCurrent(m.id, c.req.valid('json').itemId, Date.now())
        if (done === 'not_open')
          throw wrongStatus('The table has a current item only while the meeting is open')
        if (done === 'no_item') throw errors.notFound()
        changed(m)
        return c.json(await meetingAnswer(m), 200)
      },
    )

    .openapi(
      createRoute({
        method: 'put',
        path: '/api/meetings/{mid}/items/{iid}/outcome',
        summary:
          'Record an item’s outcome (chair, secretary or admin); `decided` records the linked document’s latest sign-off round',
        middleware: [writeRate, requireMeetingRole(services, 'viewer'), requireChair()] as const,
        request: { params: itemParams, ...jsonBody(setOutcomeBody) },
        responses: {
          200: json(agendaItemResponseSchema, 'Recorded'),
          ...conflictResponse,
          ...errorResponses,
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const m = c.var.meeting
        const { iid } = c.req.valid('param')
        const item = await meetings.item(m.id, iid)
        if (!item) throw errors.notFound()
        let roundId: string | null = null
        let roundDocumentId: string | null = null
        if (body.outcome === 'decided') {
          const doc = item.document_id ? await documents.byId(item.document_id) : undefined
          const round =
            doc && doc.workspace_id === m.workspace_id && doc.archived === 0
              ? await meetings.latestRound(doc.id)
              : undefined
          if (!round)
            throw new ApiError(
              409,
              ErrorId.AgendaNoRound,
              'A decided item needs a linked document with a sign-off round',
            )
          roundId = round.id
          roundDocumentId = item.document_id
        }
        const at = Date.now()
        const note = body.outcome && body.note?.trim() ? body.note : null
        const refused = await meetings.setOutcome(
          m.id,
          iid,
          body.outcome === null
            ? {
                outcome: null,
                outcome_note: null,
                outcome_by: null,
                outcome_at: null,
                decision_round_id: null,
              }
            : {
                outcome: body.outcome,
                outcome_note: note,
                outcome_by: c.var.auth.user.id,
                outcome_at: at,
                decision_round_id: roundId,
              },
          roundDocumentId,
          at,
        )
        if (refused) throw refusal(refused)
        changed(m)
        return c.json(await itemAnswer(m, iid), 200)
      },
    )
}
