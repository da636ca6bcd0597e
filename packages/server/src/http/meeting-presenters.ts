/** Meeting rows → API JSON (packages/shared/src/meetings.ts): camelCase, ISO 8601 times in UTC. */
import type {
  AgendaItem,
  Attendance,
  DocumentKind,
  DocumentStatus,
  ItemOutcome,
  Meeting,
  MeetingStatus,
  MeetingSummary,
  PartyKey,
  RoundOutcome,
} from '@trepart/shared'
import type {
  AgendaItemWithLinks,
  AttendanceWithName,
  MeetingWithPeople,
  PersonWithParty,
} from '../store/meetings.js'

const iso = (ms: number) => new Date(ms).toISOString()
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

/** A chair or secretary who is no longer a member shows as none: their party is not known. */
function presentPerson(p: PersonWithParty | null) {
  return p?.party ? { id: p.id, name: p.name, party: p.party as PartyKey } : null
}

export function presentMeetingSummary(m: MeetingWithPeople): MeetingSummary {
  return {
    id: m.id,
    workspaceId: m.workspace_id,
    title: m.title,
    startsAt: iso(m.starts_at),
    endsAt: iso(m.ends_at),
    place: m.place,
    videoUrl: m.video_url,
    status: m.status as MeetingStatus,
    chair: presentPerson(m.chair),
    secretary: presentPerson(m.secretary),
    currentItemId: m.current_item_id,
    minutesDocumentId: m.minutes_document_id,
    itemCount: m.item_count,
    createdBy: { id: m.created_by, name: m.creator_name },
    createdAt: iso(m.created_at),
    updatedAt: iso(m.updated_at),
    openedAt: isoOrNull(m.opened_at),
    closedAt: isoOrNull(m.closed_at),
  }
}

/** `awaiting`: per document with an open round, the parties it still awaits. */
export function presentAgendaItem(i: AgendaItemWithLinks, awaiting: Map<string, PartyKey[]>): AgendaItem {
  return {
    id: i.id,
    meetingId: i.meeting_id,
    position: i.position,
    title: i.title,
    document:
      i.document_id && i.doc_title !== null
        ? {
            id: i.document_id,
            title: i.doc_title,
            kind: i.doc_kind as DocumentKind,
            status: i.doc_status as DocumentStatus,
            awaitingParties: awaiting.get(i.document_id) ?? [],
          }
        : null,
    party: i.party as PartyKey,
    plannedMinutes: i.planned_minutes,
    outcome: i.outcome as ItemOutcome | null,
    outcomeNote: i.outcome_note,
    outcomeBy: i.outcome_by && i.outcome_by_name ? { id: i.outcome_by, name: i.outcome_by_name } : null,
    outcomeAt: isoOrNull(i.outcome_at),
    decision:
      i.decision_round_id && i.round_content_hash !== null
        ? {
            roundId: i.decision_round_id,
            outcome: i.round_outcome as RoundOutcome | null,
            contentHash: i.round_content_hash,
          }
        : null,
  }
}

export function presentAttendance(a: AttendanceWithName): Attendance {
  return {
    user: { id: a.user_id, name: a.name, party: a.party as PartyKey },
    present: a.present === 1,
    source: a.source as Attendance['source'],
  }
}

export function presentMeeting(
  m: MeetingWithPeople,
  items: AgendaItemWithLinks[],
  attendance: AttendanceWithName[],
  awaiting: Map<string, PartyKey[]>,
): Meeting {
  return {
    ...presentMeetingSummary({ ...m, item_count: items.length }),
    items: items.map((i) => presentAgendaItem(i, awaiting)),
    attendance: attendance.map(presentAttendance),
  }
}
