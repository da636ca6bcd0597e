/**
 * What a meeting keeps on record (issue 16): attendance corrected by hand, which stands over the
 * presence its stream records, and the minutes drafted by the server from the agenda. Both are for
 * its chair, its secretary or an admin.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { meetingResponseSchema, minutesResponseSchema, setAttendanceBody } from '@trepart/shared'
import { z } from 'zod'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'
import { requireChair, requireMeetingRole } from '../middleware/meeting-access.js'
import { conflictResponse, errorResponses, json, jsonBody } from './define.js'
import type { MeetingKit } from './meeting-kit.js'

const mid = z.object({ mid: z.string().max(64) })
const attendanceParams = z.object({ mid: z.string().max(64), uid: z.string().max(64) })

export function meetingRecordRoutes(services: Services, kit: MeetingKit) {
  const app = new OpenAPIHono<AppEnv>()
  const { meetings, memberships } = services
  const { writeRate, changed, meetingAnswer, drafter, draftMinutes } = kit

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/meetings/{mid}/attendance/{uid}',
        summary: 'Correct a member’s attendance by hand (chair, secretary or admin); it stands over presence',
        middleware: [writeRate, requireMeetingRole(services, 'viewer'), requireChair()] as const,
        request: { params: attendanceParams, ...jsonBody(setAttendanceBody) },
        responses: { 200: json(meetingResponseSchema, 'Recorded'), ...conflictResponse, ...errorResponses },
      }),
      async (c) => {
        const m = c.var.meeting
        const { uid } = c.req.valid('param')
        const member = await memberships.member(m.workspace_id, uid)
        if (!member) throw errors.notFound()
        await meetings.setAttendance({
          meeting_id: m.id,
          user_id: uid,
          party: member.party,
          present: c.req.valid('json').present ? 1 : 0,
          source: 'manual',
          updated_by: c.var.auth.user.id,
          updated_at: Date.now(),
        })
        changed(m)
        return c.json(await meetingAnswer(m), 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/meetings/{mid}/minutes',
        summary:
          'Draft the minutes from the agenda (chair, secretary or admin): 201 with a new `minutes` document, or 200 with the one the meeting has',
        middleware: [writeRate, requireMeetingRole(services, 'viewer'), requireChair()] as const,
        request: { params: mid },
        responses: {
          201: json(minutesResponseSchema, 'Drafted'),
          200: json(minutesResponseSchema, 'The meeting’s minutes, drafted before'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const { documentId, created } = await draftMinutes(c.var.meeting, drafter(c))
        return created ? c.json({ documentId }, 201) : c.json({ documentId }, 200)
      },
    )
}
