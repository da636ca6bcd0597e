/**
 * The participation balance of a document's dialogue: per party, threads started, replies and
 * distinct people (members, viewer and up), edits committed and sign-off decisions; and a
 * workspace's over a period (issue 16): documents initiated, edits, threads, replies, meetings
 * attended and decisions signed. It counts only what the caller may see — shared
 * threads and their own party's internal ones — in the query itself (store/threads.ts), so another
 * party's internal thread never shows in a number either.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  ErrorId,
  PARTY_KEYS,
  participationPeriodQuery,
  participationResponseSchema,
  workspaceParticipationResponseSchema,
} from '@trepart/shared'
import { z } from 'zod'
import type { Services } from '../../services.js'
import { utcDay } from '../../store/follow-ups.js'
import type { Period } from '../../store/participation.js'
import type { AppEnv } from '../context.js'
import { ApiError } from '../errors.js'
import { requireDocumentRole, requireWorkspaceRole } from '../middleware/membership.js'
import { presentParticipation } from '../presenters.js'
import { errorResponses, json } from './define.js'

const id = z.object({ id: z.string().max(64) })

export function participationRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/participation',
        summary:
          'Per party: threads started, replies and people in the document’s dialogue, of what the caller may see',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: id },
        responses: { 200: json(participationResponseSchema, 'Every party, in order'), ...errorResponses },
      }),
      async (c) => {
        const [rows, counted] = await Promise.all([
          services.threads.participation({ documentId: c.var.document.id }, c.var.member.party),
          services.participation.documentFigures(c.var.document.id),
        ])
        return c.json({ parties: presentParticipation(rows, counted) }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/workspaces/{wid}/participation',
        summary:
          'Per party over a period (the last 90 days by default, at most 366): documents initiated, edits, threads, replies, meetings attended, decisions signed, of what the caller may see',
        middleware: [requireWorkspaceRole(services, 'viewer')] as const,
        request: { params: z.object({ wid: z.string().max(64) }), query: participationPeriodQuery },
        responses: {
          200: json(workspaceParticipationResponseSchema, 'Every party, in order'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const period = periodOf(c.req.valid('query'), Date.now())
        const workspaceId = c.var.member.workspace_id
        const [figures, dialogue] = await Promise.all([
          services.participation.workspaceFigures(workspaceId, period),
          services.threads.participation(
            { workspaceId, fromMs: period.fromMs, untilMs: period.untilMs },
            c.var.member.party,
          ),
        ])
        const talk = new Map(dialogue.map((r) => [r.party, r]))
        const zero = { documentsInitiated: 0, edits: 0, meetingsAttended: 0, decisionsSigned: 0 }
        return c.json(
          {
            from: period.fromDay,
            to: period.toDay,
            parties: PARTY_KEYS.map((party) => ({
              party,
              ...(figures.get(party) ?? zero),
              threads: talk.get(party)?.threads ?? 0,
              replies: talk.get(party)?.replies ?? 0,
            })),
          },
          200,
        )
      },
    )
}

const DAY_MS = 86_400_000
/** The default period: the last 90 days, today included. */
const DEFAULT_PERIOD_DAYS = 90
/** The longest period asked for at once: a year, a leap year's too. */
const MAX_PERIOD_DAYS = 366

/** The period a query names, with its ends in epoch ms; 400 when it is backwards or too long. */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: number): Period {
  const toDay = query.to ?? utcDay(now)
  const untilMs = Date.parse(`${toDay}T00:00:00Z`) + DAY_MS
  const fromDay = query.from ?? utcDay(untilMs - DEFAULT_PERIOD_DAYS * DAY_MS)
  const fromMs = Date.parse(`${fromDay}T00:00:00Z`)
  const days = (untilMs - fromMs) / DAY_MS
  if (!(days >= 1)) throw new ApiError(400, ErrorId.InvalidPeriod, 'The period must not end before it starts')
  if (days > MAX_PERIOD_DAYS)
    throw new ApiError(400, ErrorId.InvalidPeriod, `A period is at most ${MAX_PERIOD_DAYS} days`)
  return { fromDay, toDay, fromMs, untilMs }
}
