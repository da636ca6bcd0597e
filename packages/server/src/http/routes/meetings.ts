/**
 * Meetings of a workspace's forum (issue 16): editors plan a meeting and its agenda; its chair or
 * secretary (or an admin) opens it, moves the table to the current item, records each item's
 * outcome and the attendance, closes it, and has the minutes drafted by the server. A linked
 * document is always one of the meeting's own workspace, and an item never shows another. Every
 * change is announced on the documents topic (`meeting.changed`), which open meeting pages and
 * workspace lists hear on every instance; the meeting's own stream also records its holder present
 * while the meeting is open.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  agendaItemResponseSchema,
  createAgendaItemBody,
  createMeetingBody,
  ErrorId,
  LOCALES,
  type Locale,
  listMeetingsQuery,
  type Meeting,
  meetingResponseSchema,
  meetingsResponseSchema,
  minutesResponseSchema,
  moveAgendaItemBody,
  patchAgendaItemBody,
  patchMeetingBody,
  type Role,
  roleAtLeast,
  setAttendanceBody,
  setCurrentItemBody,
  setOutcomeBody,
  TEXT_LIMITS,
} from '@trepart/shared'
import type { Context } from 'hono'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import { contentUpdate, minutesJson, minutesTitle } from '../../meetings/minutes-draft.js'
import { SharedReads } from '../../meetings/shared-reads.js'
import type { Services } from '../../services.js'
import type { AgendaRefusal, MeetingRow } from '../../store/meetings.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'
import { presentMeeting, presentMeetingSummary } from '../meeting-presenters.js'
import { requireChair, requireMeetingRole, runsMeeting } from '../middleware/meeting-access.js'
import { requireWorkspaceRole } from '../middleware/membership.js'
import { UserRate } from '../middleware/user-rate.js'
import { presentDocument } from '../presenters.js'
import { conflictResponse, errorResponses, json, jsonBody } from './define.js'

const wid = z.object({ wid: z.string().max(64) })
const mid = z.object({ mid: z.string().max(64) })
const itemParams = z.object({ mid: z.string().max(64), iid: z.string().max(64) })
const attendanceParams = z.object({ mid: z.string().max(64), uid: z.string().max(64) })

const wrongStatus = (message: string) => new ApiError(409, ErrorId.MeetingWrongStatus, message)
const closedMeeting = () => wrongStatus('The meeting is closed: it no longer changes')

function refusal(why: AgendaRefusal, max: number): ApiError {
  switch (why) {
    case 'gone':
    case 'no_item':
      return errors.notFound()
    case 'closed':
      return closedMeeting()
    case 'too_many':
      return new ApiError(409, ErrorId.TooManyAgendaItems, `An agenda holds at most ${max} items`)
    case 'decided':
      return new ApiError(
        409,
        ErrorId.AgendaNoRound,
        'A decided item keeps the document whose round it records: clear its outcome first',
      )
    case 'relinked':
      return new ApiError(409, ErrorId.AgendaNoRound, 'The item was linked to another document meanwhile')
  }
}

export function meetingRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { meetings, memberships, documents, pubsub } = services
  const { maxMeetingsPerWorkspace, maxAgendaItemsPerMeeting } = services.config.limits
  // One bucket per user for every write below, counted before anything is read.
  const writeRate = new UserRate({
    perMinute: services.config.limits.meetingWritesPerMinute,
    burst: services.config.limits.meetingWritesBurst,
    errorId: ErrorId.RateLimited,
    message: 'Too many meeting changes; wait a moment',
  }).middleware()

  const actor = (c: Context<AppEnv>) => c.var.auth!.user

  /** Open meeting pages read it again; workspace lists refresh (any instance). */
  const changed = (m: Pick<MeetingRow, 'id' | 'workspace_id'>) =>
    pubsub.documents.publish({ type: 'meeting.changed', workspaceId: m.workspace_id, meetingId: m.id })

  /** The whole meeting as the API presents it, read now; null when it is gone. */
  async function readMeeting(meetingId: string, workspaceId: string): Promise<Meeting | null> {
    const [rows, items, attendance, awaiting] = await Promise.all([
      meetings.list(workspaceId, { meetingId }),
      meetings.items(meetingId, workspaceId),
      meetings.attendance(meetingId),
      services.signOff.awaitingParties(workspaceId),
    ])
    const row = rows[0]
    return row ? presentMeeting(row, items, attendance, awaiting) : null
  }
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
  async function meetingAnswer(m: Pick<MeetingRow, 'id' | 'workspace_id'>) {
    const meeting = await readMeeting(m.id, m.workspace_id)
    if (!meeting) throw errors.notFound()
    return { meeting }
  }
  async function itemAnswer(m: Pick<MeetingRow, 'id' | 'workspace_id'>, itemId: string) {
    const { meeting } = await meetingAnswer(m)
    const item = meeting.items.find((i) => i.id === itemId)
    if (!item) throw errors.notFound()
    return { item }
  }

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

  /**
   * Drafts the minutes from the agenda as it is now, unless the meeting has them: a `minutes`
   * document of the workspace whose first content is written here, in `locale`. The content is
   * stored before any document names it (nobody can open it half-made); when two drafts race, the
   * meeting keeps the first and the other's content is never named by any document.
   */
  async function draftMinutes(
    m: MeetingRow,
    by: { id: string; name: string; party: string; locale: Locale },
  ): Promise<{ documentId: string; created: boolean }> {
    if (m.minutes_document_id) return { documentId: m.minutes_document_id, created: false }
    const [meeting, parties] = await Promise.all([
      readMeeting(m.id, m.workspace_id),
      memberships.parties(m.workspace_id),
    ])
    if (!meeting) throw errors.notFound()
    if (meeting.minutesDocumentId) return { documentId: meeting.minutesDocumentId, created: false }
    const labels = new Map(
      parties.map((p) => [p.key, JSON.parse(p.labels) as Partial<Record<Locale, string>>]),
    )
    const json = minutesJson({
      meeting,
      locale: by.locale,
      partyName: (key) => labels.get(key)?.[by.locale] ?? labels.get(key)?.nb ?? key,
    })
    const now = Date.now()
    const row = {
      id: newId(),
      workspace_id: m.workspace_id,
      title: minutesTitle(by.locale, meeting.title, TEXT_LIMITS.titleMax),
      kind: 'minutes',
      status: 'draft',
      initiating_party: by.party,
      created_by: by.id,
      created_at: now,
      updated_at: now,
      archived: 0,
      amends_id: null,
    }
    await services.rooms.seed(row.id, contentUpdate(json))
    const result = await meetings.setMinutes(m.id, async (trx) => {
      await trx.insertInto('documents').values(row).execute()
      return row.id
    })
    if (!result) throw errors.notFound()
    if (result.created) {
      await services.searchIndexer.indexTitle(row.id)
      services.searchIndexer.markDirty(row.id)
      pubsub.documents.publish({
        type: 'document.changed',
        workspaceId: row.workspace_id,
        document: presentDocument({ ...row, creator_name: by.name }),
        change: 'metadata',
      })
      changed(m)
    }
    return result
  }
  const drafter = (c: Context<AppEnv>) => {
    const user = actor(c)
    const locale = (LOCALES as readonly string[]).includes(user.locale) ? (user.locale as Locale) : 'nb'
    return { id: user.id, name: user.name, party: c.var.member.party, locale }
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
          chair_id: body.chairId ?? actor(c).id,
          secretary_id: body.secretaryId ?? actor(c).id,
          current_item_id: null,
          minutes_document_id: null,
          created_by: actor(c).id,
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
        if (refused) throw refusal(refused, maxAgendaItemsPerMeeting)
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
        if (refused) throw refusal(refused, maxAgendaItemsPerMeeting)
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
        if (refused) throw refusal(refused, maxAgendaItemsPerMeeting)
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
        if (refused) throw refusal(refused, maxAgendaItemsPerMeeting)
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
                outcome_by: actor(c).id,
                outcome_at: at,
                decision_round_id: roundId,
              },
          roundDocumentId,
          at,
        )
        if (refused) throw refusal(refused, maxAgendaItemsPerMeeting)
        changed(m)
        return c.json(await itemAnswer(m, iid), 200)
      },
    )

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
          updated_by: actor(c).id,
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

    .openapi(
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
        const { user, session } = c.var.auth!
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
            switch (event.type) {
              case 'member.removed':
                if (event.workspaceId === m.workspace_id && event.userId === user.id)
                  sink.end('member.removed')
                return
              case 'member.changed':
                // Their party shows in the attendance.
                if (event.workspaceId === m.workspace_id) refresh()
                return
              case 'sessions.revoked':
              case 'sessions.replaced':
                if (event.sessionIds.includes(session.id)) sink.end('session.revoked')
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
