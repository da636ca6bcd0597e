/**
 * Meetings of a workspace's forum (issue 16): the meeting, its agenda, the outcome of each item,
 * attendance per party and the minutes. The agenda is server records with live events, not a
 * Y.Doc: every field has its own rule (who may set it, which document it may link), an item's
 * order is one operation (`move`) that composes under concurrency, and the events cross instances
 * through the same bus as comments and sign-off.
 */
import { z } from 'zod'
import { personSchema, roundOutcomeSchema, storableText, trimmed } from './api.js'
import { PLANNED_MINUTES_MAX, TEXT_LIMITS } from './limits.js'
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, PARTY_KEYS } from './parties.js'

export const MEETING_STATUSES = ['planned', 'open', 'closed'] as const
export type MeetingStatus = (typeof MEETING_STATUSES)[number]

/** What the forum did with an agenda item. `sent_back` needs a note (why, and to whom). */
export const ITEM_OUTCOMES = ['decided', 'postponed', 'sent_back', 'noted'] as const
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number]

/** How a member's attendance was recorded: seen on the meeting page while it was open, or set by hand. */
export const ATTENDANCE_SOURCES = ['presence', 'manual'] as const

const isoTime = z.iso.datetime({ offset: true })
/** Only web addresses: a `javascript:` or `data:` link must never become a button. */
const videoUrlSchema = storableText(TEXT_LIMITS.meetingUrlMax).refine((s) => {
  try {
    const url = new URL(s)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}, 'must be an http or https address')
const idSchema = z.string().min(1).max(64)

export const meetingStatusSchema = z.enum(MEETING_STATUSES)
export const itemOutcomeSchema = z.enum(ITEM_OUTCOMES)

/** A person with the party they belong to in the workspace (now). */
export const memberPersonSchema = personSchema.extend({ party: z.enum(PARTY_KEYS) })

export const createMeetingBody = z
  .strictObject({
    title: trimmed(TEXT_LIMITS.meetingTitleMax),
    startsAt: isoTime,
    endsAt: isoTime,
    place: storableText(TEXT_LIMITS.meetingPlaceMax).optional(),
    videoUrl: videoUrlSchema.optional(),
    /** An editor (or admin) of the workspace; the creator when absent. */
    chairId: idSchema.optional(),
    /** An editor (or admin) of the workspace; the creator when absent. */
    secretaryId: idSchema.optional(),
  })
  .refine((m) => Date.parse(m.endsAt) >= Date.parse(m.startsAt), {
    message: 'must not end before it starts',
    path: ['endsAt'],
  })
/** Any of the meeting's facts; `null` clears place or video link. Status moves by its own routes. */
export const patchMeetingBody = z.strictObject({
  title: trimmed(TEXT_LIMITS.meetingTitleMax).optional(),
  startsAt: isoTime.optional(),
  endsAt: isoTime.optional(),
  place: storableText(TEXT_LIMITS.meetingPlaceMax).nullable().optional(),
  videoUrl: videoUrlSchema.nullable().optional(),
  chairId: idSchema.optional(),
  secretaryId: idSchema.optional(),
})
export const listMeetingsQuery = z.object({ status: meetingStatusSchema.optional() })

export const createAgendaItemBody = z.strictObject({
  title: trimmed(TEXT_LIMITS.meetingTitleMax),
  /** A document of the same workspace (a proposal or decision to discuss). */
  documentId: idSchema.optional(),
  /** The party that brings the item. */
  party: z.enum(PARTY_KEYS),
  plannedMinutes: z.number().int().min(1).max(PLANNED_MINUTES_MAX).optional(),
})
export const patchAgendaItemBody = z.strictObject({
  title: trimmed(TEXT_LIMITS.meetingTitleMax).optional(),
  documentId: idSchema.nullable().optional(),
  party: z.enum(PARTY_KEYS).optional(),
  plannedMinutes: z.number().int().min(1).max(PLANNED_MINUTES_MAX).nullable().optional(),
})
/**
 * Moves one item to `index` (0-based, clamped) among the items as they are when it arrives. One
 * move per drag or key press: two people reordering at once each get their move, where a whole
 * new order would undo the other's.
 */
export const moveAgendaItemBody = z.strictObject({ index: z.number().int().min(0).max(10_000) })
/** The item the table is at (chair or secretary, while the meeting is open); `null` for none. */
export const setCurrentItemBody = z.strictObject({ itemId: idSchema.nullable() })
/** Recorded by the chair or secretary; `null` clears it. `sent_back` needs a note. */
export const setOutcomeBody = z
  .strictObject({
    outcome: itemOutcomeSchema.nullable(),
    note: storableText(TEXT_LIMITS.outcomeNoteMax).optional(),
  })
  .refine((b) => b.outcome !== 'sent_back' || (b.note ?? '').trim().length > 0, {
    message: 'a sent-back item needs a note',
    path: ['note'],
  })
/** A secretary's correction of one member's attendance. */
export const setAttendanceBody = z.strictObject({ present: z.boolean() })

/** The document an item links, as the agenda shows it. */
export const agendaDocumentSchema = z.object({
  id: z.string(),
  title: z.string(),
  kind: z.enum(DOCUMENT_KINDS),
  status: z.enum(DOCUMENT_STATUSES),
  /** The parties its open sign-off round still awaits; empty without one. */
  awaitingParties: z.array(z.enum(PARTY_KEYS)),
})
/** The sign-off round a `decided` item records: the linked document's latest round when it was recorded. */
export const itemDecisionSchema = z.object({
  roundId: z.string(),
  /** How the round ended; `null` while it is open. */
  outcome: roundOutcomeSchema.nullable(),
  /** The hash of the version the round is about. */
  contentHash: z.string(),
})
export const agendaItemSchema = z.object({
  id: z.string(),
  meetingId: z.string(),
  /** 0-based, without gaps. */
  position: z.number().int().nonnegative(),
  title: z.string(),
  /** `null` when it links none, or the document was archived or is out of reach. */
  document: agendaDocumentSchema.nullable(),
  party: z.enum(PARTY_KEYS),
  plannedMinutes: z.number().int().nullable(),
  outcome: itemOutcomeSchema.nullable(),
  outcomeNote: z.string().nullable(),
  outcomeBy: personSchema.nullable(),
  outcomeAt: z.string().nullable(),
  /** For `decided`: the round behind it. */
  decision: itemDecisionSchema.nullable(),
})
export const attendanceSchema = z.object({
  user: memberPersonSchema,
  present: z.boolean(),
  source: z.enum(ATTENDANCE_SOURCES),
})
export const meetingSummarySchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  title: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  place: z.string().nullable(),
  videoUrl: z.string().nullable(),
  status: meetingStatusSchema,
  chair: memberPersonSchema.nullable(),
  secretary: memberPersonSchema.nullable(),
  currentItemId: z.string().nullable(),
  /** The minutes document, once drafted. */
  minutesDocumentId: z.string().nullable(),
  itemCount: z.number().int().nonnegative(),
  createdBy: personSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
})
export const meetingSchema = meetingSummarySchema.extend({
  items: z.array(agendaItemSchema),
  /** Every member recorded present or corrected, by party order then name. */
  attendance: z.array(attendanceSchema),
})
export const meetingResponseSchema = z.object({ meeting: meetingSchema })
export const meetingsResponseSchema = z.object({ meetings: z.array(meetingSummarySchema) })
export const agendaItemResponseSchema = z.object({ item: agendaItemSchema })
export const minutesResponseSchema = z.object({ documentId: z.string() })

export type Meeting = z.infer<typeof meetingSchema>
export type MeetingSummary = z.infer<typeof meetingSummarySchema>
export type AgendaItem = z.infer<typeof agendaItemSchema>
export type Attendance = z.infer<typeof attendanceSchema>
