/**
 * A meeting's event stream (issue 16): the whole meeting after every change to it, to its members'
 * parties, or to the sign-off of a document its agenda links; holding it while the meeting is open
 * records the holder present. One read per change serves every stream of the meeting on this
 * instance. It ends when the member is removed, the session revoked or the meeting deleted.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { Meeting } from '@trepart/shared'
import { z } from 'zod'
import { SharedReads } from '../../meetings/shared-reads.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { endsSession } from '../event-streams.js'
import { requireMeetingRole } from '../middleware/meeting-access.js'
import { errorResponses } from './define.js'
import type { MeetingKit } from './meeting-kit.js'

const mid = z.object({ mid: z.string().max(64) })

export function meetingEventRoutes(services: Services, kit: MeetingKit) {
  const app = new OpenAPIHono<AppEnv>()
  const { meetings, memberships, pubsub } = services
  const { changed, readMeeting } = kit

  /**
   * What a meeting's streams send after a change: the meeting and its `meeting` event encoded once,
   * read once per change for every stream of it on this instance (it is the same for every member).
   */
  const streamReads = new SharedReads<{ meeting: Meeting; frame: Uint8Array } | null>()
  const encoder = new TextEncoder()
  const readForStreams = (meetingId: string, workspaceId: string) =>
    streamReads.read(meetingId, async () => {
      const meeting = await readMeeting(meetingId, workspaceId)
      return meeting
        ? { meeting, frame: encoder.encode(`event: meeting\ndata: ${JSON.stringify(meeting)}\n\n`) }
        : null
    })

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/meetings/{mid}/events',
      summary:
        'Server-sent events: the meeting after every change (members); holding it while the meeting is open records the member present',
      middleware: [requireMeetingRole(services, 'viewer')] as const,
      request: { params: mid },
      responses: { 200: { description: 'text/event-stream of `meeting` events' }, ...errorResponses },
    }),
    (c) => {
      const m = c.var.meeting
      const { user, session } = c.var.auth
      const owner = { userId: user.id, sessionId: session.id, expiresAt: session.expiresAt }
      return services.eventStreams.open(c, owner, (sink) => {
        let ended = false
        /** Documents the agenda links: their sign-off steps change what the items show. */
        let linked = new Set<string>()
        /** Whether this stream has recorded its holder present (once the meeting is open). */
        let recorded = false
        // At most one read in flight per stream: changes that arrive meanwhile make one more read.
        let reading = false
        let again = false
        const refresh = () => {
          if (ended) return
          if (reading) {
            again = true
            return
          }
          reading = true
          void (async () => {
            try {
              do {
                again = false
                const read = await readForStreams(m.id, m.workspace_id)
                if (ended) return
                if (!read) return sink.end('meeting.removed')
                const { meeting, frame } = read
                linked = new Set(meeting.items.flatMap((i) => (i.document ? [i.document.id] : [])))
                sink.sendFrame(frame)
                if (meeting.status === 'open' && !recorded) {
                  recorded = true
                  // The party as it is now, and a check that they still are a member.
                  const member = await memberships.member(m.workspace_id, user.id)
                  if (member && (await meetings.recordPresence(m.id, user.id, member.party, Date.now())))
                    changed(m)
                }
              } while (again && !ended)
            } catch (error) {
              services.log.warn({ err: error, meetingId: m.id }, 'meeting stream read failed')
              sink.end()
            } finally {
              reading = false
            }
          })()
        }
        const offAccess = pubsub.access.subscribe((event) => {
          if (endsSession(event, session.id)) return sink.end('session.revoked')
          switch (event.type) {
            case 'member.removed':
              if (event.workspaceId === m.workspace_id && event.userId === user.id) sink.end('member.removed')
              return
            case 'member.changed':
              // Their party shows in the attendance.
              if (event.workspaceId === m.workspace_id) refresh()
              return
            default:
              return
          }
        })
        const offDocuments = pubsub.documents.subscribe((event) => {
          if (event.workspaceId !== m.workspace_id) return
          switch (event.type) {
            case 'meeting.changed':
              if (event.meetingId === m.id) refresh()
              return
            case 'signoff.changed':
              if (linked.has(event.documentId)) refresh()
              return
            case 'document.changed':
              if (event.change === 'metadata' && linked.has(event.document.id)) refresh()
              return
            default:
              return
          }
        })
        // The membership was read before these subscriptions began: read it again now that every
        // later change comes as an event, then the meeting itself.
        void Promise.all([
          memberships.member(m.workspace_id, user.id),
          services.sessions.isActive(session.id),
        ]).then(
          ([member, active]) => {
            if (!active) return sink.end('session.revoked')
            if (!member) return sink.end('member.removed')
            refresh()
          },
          () => sink.end(),
        )
        return () => {
          ended = true
          offAccess()
          offDocuments()
        }
      })
    },
  )
}
