/**
 * Meetings of a workspace's forum (issue 16), their facts and status: editors plan a meeting and
 * change its facts; its chair or secretary (or an admin) opens and closes it, and closing drafts the
 * minutes. Only those who run a meeting name who runs it. The agenda, the records (attendance,
 * minutes) and the event stream are routed by their own `meeting-*.ts` files; what they share is
 * `meeting-kit.ts`. Every change is announced on the documents topic (`meeting.changed`), which
 * open meeting pages and workspace lists hear on every instance.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  createMeetingBody,
  ErrorId,
  listMeetingsQuery,
  meetingResponseSchema,
  meetingsResponseSchema,
  patchMeetingBody,
  type Role,
  roleAtLeast,
} from '@trepart/shared'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import type { MeetingRow } from '../../store/meetings.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { presentMeetingSummary } from '../meeting-presenters.js'
import { requireChair, requireMeetingRole, runsMeeting } from '../middleware/meeting-access.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { conflictResponse, errorResponses, json, jsonBody } from './define.js'
import { closedMeeting, type MeetingKit, wrongStatus } from './meeting-kit.js'

const wid = z.object({ wid: z.string().max(64) })
const mid = z.object({ mid: z.string().max(64) })

export function meetingRoutes(services: Services, kit: MeetingKit) {
  const app = new OpenAPIHono<AppEnv>()
  const { meetings, memberships } = services
  const { maxMeetingsPerWorkspace } = services.config.limits
  const { writeRate, changed, meetingAnswer, drafter, draftMinutes } = kit

  /** A chair or secretary must be an editor or admin of the workspace. */
  async function checkPerson(workspaceId: string, userId: string | undefined) {
    if (userId === undefined) return
    const member = await memberships.member(workspaceId, userId)
    if (!member || !roleAtLeast(member.role as Role, 'editor'))
      throw new ApiError(
        400,
        ErrorId.MeetingInvalidPerson,
        'A chair or secretary must be an editor or admin of the workspace',
      )
  }

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/meetings',
        summary: 'Meetings of the workspace, latest start first (members)',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: wid, query: listMeetingsQuery },
        responses: { 200: json(meetingsResponseSchema, 'Meetings'), ...errorResponses },
      }),
      async (c) => {
        const { status } = c.req.valid('query')
        const rows = await meetings.list(c.var.member.workspace_id, status ? { status } : {})
        return c.json({ meetings: rows.map(presentMeetingSummary) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/workspaces/{wid}/meetings',
        summary:
          'Plan a meeting (editors); chair and secretary are editors or admins, the creator by default',
        middleware: [writeRate, requireWorkspaceRole(services, 'editor')] as const,
        request: { params: wid, ...jsonBody(createMeetingBody) },
        responses: { 201: json(meetingResponseSchema, 'Planned'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const workspaceId = c.var.member.workspace_id
        await checkPerson(workspaceId, body.chairId)
        await checkPerson(workspaceId, body.secretaryId)
        // The caller: `requireWorkspaceRole` read their own membership.
        const me = c.var.member.user_id
        const now = Date.now()
        const row: MeetingRow = {
          id: newId(),
          workspace_id: workspaceId,
          title: body.title.trim(),
          starts_at: Date.parse(body.startsAt),
          ends_at: Date.parse(body.endsAt),
          place: body.place ?? null,
          video_url: body.videoUrl ?? null,
          status: 'planned',
          chair_id: body.chairId ?? me,
          secretary_id: body.secretaryId ?? me,
          current_item_id: null,
          minutes_document_id: null,
          created_by: me,
          created_at: now,
          updated_at: now,
          opened_at: null,
          closed_at: null,
        }
        if (!(await meetings.insert(row, maxMeetingsPerWorkspace)))
          throw new ApiError(
            409,
            ErrorId.TooManyMeetings,
            `A workspace holds at most ${maxMeetingsPerWorkspace} meetings`,
          )
        changed(row)
        return c.json(await meetingAnswer(row), 201)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/meetings/{mid}',
        summary: 'A meeting with its agenda and attendance (members of its workspace)',
        middleware: [requireMeetingRole(services, 'viewer')] as const,
        request: { params: mid },
        responses: { 200: json(meetingResponseSchema, 'The meeting'), ...errorResponses },
      }),
      async (c) => c.json(await meetingAnswer(c.var.meeting), 200),
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/meetings/{mid}',
        summary: 'Change a meeting’s facts (editors); a closed meeting no longer changes',
        middleware: [writeRate, requireMeetingRole(services, 'editor')] as const,
        request: { params: mid, ...jsonBody(patchMeetingBody) },
        responses: { 200: json(meetingResponseSchema, 'Changed'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const m = c.var.meeting
        if (m.status === 'closed') throw closedMeeting()
        // Who runs the meeting is for those who run it: an editor naming themselves chair would
        // otherwise open, close and record outcomes past M4.
        const handsOver =
          (body.chairId !== undefined && body.chairId !== m.chair_id) ||
          (body.secretaryId !== undefined && body.secretaryId !== m.secretary_id)
        if (handsOver && !runsMeeting(c.var.member, m))
          throw new ApiError(
            403,
            ErrorId.MeetingNotChair,
            'Only the chair, the secretary or an admin names who runs the meeting',
          )
        await checkPerson(m.workspace_id, body.chairId)
        await checkPerson(m.workspace_id, body.secretaryId)
        // Only what the body names: the rest stays as stored now, not as read before this request.
        const patch: Partial<MeetingRow> = { updated_at: Date.now() }
        if (body.startsAt !== undefined) patch.starts_at = Date.parse(body.startsAt)
        if (body.endsAt !== undefined) patch.ends_at = Date.parse(body.endsAt)
        if (body.title !== undefined) patch.title = body.title.trim()
        if (body.place !== undefined) patch.place = body.place
        if (body.videoUrl !== undefined) patch.video_url = body.videoUrl
        if (body.chairId !== undefined) patch.chair_id = body.chairId
        if (body.secretaryId !== undefined) patch.secretary_id = body.secretaryId
        const refused = await meetings.update(m.id, patch)
        if (refused === 'gone') throw errors.notFound()
        if (refused === 'closed') throw closedMeeting()
        if (refused === 'ends_before_start') throw errors.invalid('endsAt: must not end before it starts')
        changed(m)
        return c.json(await meetingAnswer(m), 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/meetings/{mid}/open',
        summary: 'Open a planned meeting (its chair, its secretary or an admin)',
        middleware: [writeRate, requireMeetingRole(services, 'viewer'), requireChair()] as const,
        request: { params: mid },
        responses: { 200: json(meetingResponseSchema, 'Opened'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const m = c.var.meeting
        if (!(await meetings.transition(m.id, 'planned', 'open', Date.now())))
          throw wrongStatus('Only a planned meeting can be opened')
        changed(m)
        return c.json(await meetingAnswer(m), 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/meetings/{mid}/close',
        summary:
          'Close an open meeting (its chair, its secretary or an admin); drafts the minutes if it has none',
        middleware: [writeRate, requireMeetingRole(services, 'viewer'), requireChair()] as const,
        request: { params: mid },
        responses: { 200: json(meetingResponseSchema, 'Closed'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const m = c.var.meeting
        if (!(await meetings.transition(m.id, 'open', 'closed', Date.now())))
          throw wrongStatus('Only an open meeting can be closed')
        changed(m)
        try {
          await draftMinutes(m, drafter(c))
        } catch (error) {
          // The meeting is closed either way; the minutes can be drafted again by their own route.
          services.log.warn({ err: error, meetingId: m.id }, 'minutes not drafted on close')
        }
        return c.json(await meetingAnswer(m), 200)
      },
    )
}
