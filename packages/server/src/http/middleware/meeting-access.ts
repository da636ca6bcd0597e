/**
 * Access to a meeting (`/api/meetings/:mid/…`), failing closed like every workspace route: a
 * non-member of its workspace gets 404, a member below the role 403; running the meeting (status,
 * current item, outcomes, attendance, minutes) is for its chair or secretary while they are
 * editors, or any admin of the workspace (403 `meeting.not_chair` for others).
 */
import { ErrorId, type Role, roleAtLeast } from '@trepart/shared'
import type { MiddlewareHandler } from 'hono'
import type { ValidSession } from '../../auth/sessions.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'

/**
 * What a handler behind `requireMeetingRole` may rely on: a session (the middleware answers 401
 * without one), so it reads `c.var.auth` without a `!`.
 */
export interface MeetingEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { auth: ValidSession }
}

export function requireMeetingRole(services: Services, minimum: Role): MiddlewareHandler<MeetingEnv> {
  return async (c, next) => {
    // Typed as set for the handlers behind this one; here it is still checked.
    const auth = c.var.auth
    if (!auth) throw errors.unauthenticated()
    const meeting = await services.meetings.byId(c.req.param('mid') ?? '')
    if (!meeting) throw errors.notFound()
    const member = await services.memberships.member(meeting.workspace_id, auth.user.id)
    if (!member) throw errors.notFound()
    if (!roleAtLeast(member.role as Role, minimum)) throw errors.forbidden()
    c.set('member', member)
    c.set('meeting', meeting)
    await next()
  }
}

/** Whether `member` runs `meeting`: its chair or secretary while an editor, or an admin. */
export function runsMeeting(
  member: { user_id: string; role: string },
  meeting: { chair_id: string | null; secretary_id: string | null },
): boolean {
  const named = member.user_id === meeting.chair_id || member.user_id === meeting.secretary_id
  return (named && roleAtLeast(member.role as Role, 'editor')) || member.role === 'admin'
}

/** After `requireMeetingRole`: the chair, the secretary (editors) or an admin. */
export function requireChair(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { member, meeting } = c.var
    if (!runsMeeting(member, meeting))
      throw new ApiError(
        403,
        ErrorId.MeetingNotChair,
        'Only the chair, the secretary or an admin runs the meeting',
      )
    await next()
  }
}
