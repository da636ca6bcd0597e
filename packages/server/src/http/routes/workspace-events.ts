/**
 * Live updates for a workspace's lists as server-sent events: `document` (created, renamed, archived
 * or edited, throttled; the document as the API presents it), `threads` (a document's open threads
 * as this member may count them: `{documentId, openThreads}`), `member` (role or party changed,
 * removed), `me` (my own role or party changed: the counts of every document change with the
 * party, so the page fetches its list again), `workspace` (renamed), `signoff` (`{documentId,
 * awaitingParties}` after every sign-off step: the parties the open round still awaits), `meeting`
 * (`{meetingId}` after any change to a meeting, its agenda or attendance), `followup`
 * (`{documentId, followUpId}` after a follow-up item was made or changed). When the session is revoked
 * or the member removed, an `ended` event with the reason comes last and the stream closes. The
 * stream's caps, buffer bound and clean-up are `EventStreams`'.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { PartyKey } from '@trepart/shared'
import { z } from 'zod'
import { maySeeThread } from '../../comments/visibility.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { endsSession } from '../event-streams.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { errorResponses } from './define.js'

export function workspaceEventRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app.openapi(
    createRoute({
      method: 'get',
      path: '/api/workspaces/{wid}/events',
      summary: 'Server-sent events: documents of the workspace as they change (members)',
      middleware: [requireWorkspaceRole(services, 'viewer')] as const,
      request: { params: z.object({ wid: z.string().max(64) }) },
      responses: { 200: { description: 'text/event-stream of `document` events' }, ...errorResponses },
    }),
    (c) => {
      const workspaceId = c.var.member.workspace_id
      const { user, session } = c.var.auth!
      const owner = { userId: user.id, sessionId: session.id, expiresAt: session.expiresAt }
      return services.eventStreams.open(c, owner, (sink) => {
        // The member's party as it is now: which threads' counts this stream may carry.
        let party = c.var.member.party as PartyKey
        /** Set once an access event about this member has been applied: newer than any read made before. */
        let heardOfMe = false
        const offAccess = services.pubsub.access.subscribe((event) => {
          if (endsSession(event, session.id)) return sink.end('session.revoked')
          switch (event.type) {
            case 'workspace.renamed':
              if (event.workspaceId === workspaceId)
                sink.send('workspace', { id: workspaceId, name: event.name })
              return
            case 'member.changed':
              if (event.workspaceId !== workspaceId) return
              sink.send('member', { userId: event.userId, party: event.party, role: event.role })
              if (event.userId === user.id) {
                heardOfMe = true
                party = event.party
                sink.send('me', { party: event.party, role: event.role })
              }
              return
            case 'member.removed':
              if (event.workspaceId !== workspaceId) return
              if (event.userId === user.id) {
                heardOfMe = true
                sink.end('member.removed')
              } else sink.send('member', { userId: event.userId, removed: true })
              return
            default:
              return
          }
        })
        const offDocuments = services.pubsub.documents.subscribe((event) => {
          if (event.workspaceId !== workspaceId) return
          switch (event.type) {
            case 'document.changed':
              sink.send('document', event.document)
              return
            case 'signoff.changed':
              sink.send('signoff', { documentId: event.documentId, awaitingParties: event.awaitingParties })
              return
            case 'meeting.changed':
              // Only which meeting: the list reads it again (everything in it is for every member).
              sink.send('meeting', { meetingId: event.meetingId })
              return
            case 'followup.changed':
              // Which item of which decision: the overview reads it again (every member sees them).
              sink.send('followup', { documentId: event.documentId, followUpId: event.followUpId })
              return
            case 'threads.counted':
              // Only counts this member's party may see, and only when a thread it may see changed:
              // another party's internal threads never show, not even as an event.
              if (!event.audiences.some((audience) => maySeeThread({ party }, audience))) return
              sink.send('threads', {
                documentId: event.documentId,
                openThreads: event.openThreadsByParty[party] ?? 0,
              })
              return
            default:
              return
          }
        })
        // The membership was read before these subscriptions began: a change in between came as no
        // event. Read it again now that every later change will; unless an event has overtaken
        // this read (it is newer), what it finds is the member as they are.
        void Promise.all([
          services.memberships.member(workspaceId, user.id),
          services.sessions.isActive(session.id),
        ]).then(
          ([member, active]) => {
            if (!active) return sink.end('session.revoked')
            if (heardOfMe) return
            if (!member) return sink.end('member.removed')
            if (member.party === party) return
            party = member.party as PartyKey
            sink.send('me', { party: member.party, role: member.role })
          },
          () => sink.end(),
        )
        return () => {
          offAccess()
          offDocuments()
        }
      })
    },
  )
}
