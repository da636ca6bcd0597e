/**
 * What the meeting route files share, made once per API so that they share it: one write bucket
 * per user for every meeting change, the `meeting.changed` announcement, the meeting as the API
 * answers it, the store's refusals as API errors, and the minutes drafter (closing a meeting and
 * the minutes route both draft).
 */
import { ErrorId, LOCALES, type Locale, type Meeting, TEXT_LIMITS } from '@trepart/shared'
import type { Context } from 'hono'
import { newId } from '../../auth/tokens.js'
import { contentUpdate, minutesJson, minutesTitle } from '../../meetings/minutes-draft.js'
import type { Services } from '../../services.js'
import type { AgendaRefusal, MeetingRow } from '../../store/meetings.js'
import { ApiError, errors } from '../errors.js'
import { presentMeeting } from '../meeting-presenters.js'
import type { MeetingEnv } from '../middleware/meeting-access.js'
import { UserRate } from '../middleware/user-rate.js'
import { presentDocument } from '../presenters.js'

export const wrongStatus = (message: string) => new ApiError(409, ErrorId.MeetingWrongStatus, message)
export const closedMeeting = () => wrongStatus('The meeting is closed: it no longer changes')

type MeetingRef = Pick<MeetingRow, 'id' | 'workspace_id'>
/** Who drafts the minutes: their party starts the document, their language writes it. */
type Drafter = { id: string; name: string; party: string; locale: Locale }

export type MeetingKit = ReturnType<typeof meetingKit>

export function meetingKit(services: Services) {
  const { meetings, memberships, pubsub } = services
  const { maxAgendaItemsPerMeeting } = services.config.limits

  // One bucket per user for every meeting write, whichever file routes it, counted before anything
  // is read.
  const writeRate = new UserRate({
    perMinute: services.config.limits.meetingWritesPerMinute,
    burst: services.config.limits.meetingWritesBurst,
    errorId: ErrorId.RateLimited,
    message: 'Too many meeting changes; wait a moment',
  }).middleware()

  /** Open meeting pages read it again; workspace lists refresh (any instance). */
  const changed = (m: MeetingRef) =>
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

  async function meetingAnswer(m: MeetingRef) {
    const meeting = await readMeeting(m.id, m.workspace_id)
    if (!meeting) throw errors.notFound()
    return { meeting }
  }

  async function itemAnswer(m: MeetingRef, itemId: string) {
    const { meeting } = await meetingAnswer(m)
    const item = meeting.items.find((i) => i.id === itemId)
    if (!item) throw errors.notFound()
    return { item }
  }

  /** The store's refusal of an agenda change as the API answers it. */
  function refusal(why: AgendaRefusal): ApiError {
    switch (why) {
      case 'gone':
      case 'no_item':
        return errors.notFound()
      case 'closed':
        return closedMeeting()
      case 'too_many':
        return new ApiError(
          409,
          ErrorId.TooManyAgendaItems,
          `An agenda holds at most ${maxAgendaItemsPerMeeting} items`,
        )
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

  /** The caller as the minutes' drafter; a locale the minutes are not written in falls back to nb. */
  function drafter(c: Context<MeetingEnv>): Drafter {
    const user = c.var.auth.user
    const locale = (LOCALES as readonly string[]).includes(user.locale) ? (user.locale as Locale) : 'nb'
    return { id: user.id, name: user.name, party: c.var.member.party, locale }
  }

  /**
   * Drafts the minutes from the agenda as it is now, unless the meeting has them: a `minutes`
   * document of the workspace whose first content is written here, in `by.locale`. The content is
   * stored before any document names it (nobody can open it half-made); when two drafts race, the
   * meeting keeps the first and the other's content is never named by any document.
   */
  async function draftMinutes(m: MeetingRow, by: Drafter): Promise<{ documentId: string; created: boolean }> {
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

  return { writeRate, changed, readMeeting, meetingAnswer, itemAnswer, refusal, drafter, draftMinutes }
}
