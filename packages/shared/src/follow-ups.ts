/**
 * Follow-up (oppfølging, issue 16): the tasks a final decision gives to a responsible party, with a
 * due date, a status and a short history of notes; and the participation figures per party that
 * make an imbalance visible. Every member sees a decision's follow-ups; editors of any party
 * create and update them (the responsibility is collective).
 */
import { z } from 'zod'
import { personSchema, trimmed } from './api.js'
import { TEXT_LIMITS } from './limits.js'
import { PARTY_KEYS } from './parties.js'

export const FOLLOW_UP_STATUSES = ['not_started', 'in_progress', 'done', 'blocked'] as const
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number]

/** A calendar day, `YYYY-MM-DD` (a due date has no time of day and no zone). */
export const dayDateSchema = z.iso.date()
const idSchema = z.string().min(1).max(64)
export const followUpStatusSchema = z.enum(FOLLOW_UP_STATUSES)

export const createFollowUpBody = z.strictObject({
  title: trimmed(TEXT_LIMITS.followUpTitleMax),
  party: z.enum(PARTY_KEYS),
  /** A member of the responsible party. */
  assigneeId: idSchema.optional(),
  dueDate: dayDateSchema,
})
/** Any field; a `status` and/or a `note` add one entry to the history. */
export const patchFollowUpBody = z.strictObject({
  title: trimmed(TEXT_LIMITS.followUpTitleMax).optional(),
  party: z.enum(PARTY_KEYS).optional(),
  assigneeId: idSchema.nullable().optional(),
  dueDate: dayDateSchema.optional(),
  status: followUpStatusSchema.optional(),
  note: trimmed(TEXT_LIMITS.followUpNoteMax).optional(),
})
export const listFollowUpsQuery = z.object({
  party: z.enum(PARTY_KEYS).optional(),
  status: followUpStatusSchema.optional(),
  documentId: idSchema.optional(),
  /** `true` (the default in the overview): leaves out what is done. */
  open: z.enum(['true', 'false']).optional(),
})

export const followUpNoteSchema = z.object({
  id: z.string(),
  author: personSchema.extend({ party: z.enum(PARTY_KEYS) }),
  /** The status it moved to, when it did. */
  status: followUpStatusSchema.nullable(),
  /** Empty when only the status moved. */
  note: z.string(),
  createdAt: z.string(),
})
export const followUpSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  /** The final decision it follows up. */
  document: z.object({ id: z.string(), title: z.string() }),
  title: z.string(),
  party: z.enum(PARTY_KEYS),
  assignee: personSchema.nullable(),
  dueDate: z.string(),
  status: followUpStatusSchema,
  /** Not done and due before today (UTC). */
  overdue: z.boolean(),
  createdBy: personSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Oldest first. In lists (a decision's, the overview, mine) only the latest
   * FOLLOW_UP_NOTES_LISTED; all of them from `GET /api/follow-ups/{fid}` and in the answers to
   * POST and PATCH.
   */
  notes: z.array(followUpNoteSchema),
  /** How many notes the history holds in all (more than `notes` when a list left the oldest out). */
  noteCount: z.number().int().nonnegative(),
})
export const followUpResponseSchema = z.object({ followUp: followUpSchema })
/** Overdue first, then by due date. */
export const followUpsResponseSchema = z.object({ followUps: z.array(followUpSchema) })
/**
 * `GET /api/me/follow-ups`: open items my party is responsible for, in each of my workspaces
 * (`workspaceId` says which); overdue first, then by due date.
 */
export const myFollowUpSchema = followUpSchema.extend({
  /** Not overdue, and due from today through this Sunday (UTC). */
  dueThisWeek: z.boolean(),
})
export const myFollowUpsResponseSchema = z.object({ followUps: z.array(myFollowUpSchema) })
/** What a follow-up shows on a published decision's public page: no person, no note. */
export const publicFollowUpSchema = followUpSchema.pick({
  title: true,
  party: true,
  dueDate: true,
  status: true,
  overdue: true,
})

/** A period of days, both ends included; the last 90 days when absent. */
export const participationPeriodQuery = z.object({
  from: dayDateSchema.optional(),
  to: dayDateSchema.optional(),
})
/**
 * One party's part in a workspace over a period. Every figure counts only what the caller may see:
 * `threads` and `replies` leave out other parties' internal threads. `edits` are counted by the
 * server when they are committed, by the writing connection's party.
 */
export const workspacePartyParticipationSchema = z.object({
  party: z.enum(PARTY_KEYS),
  documentsInitiated: z.number().int().nonnegative(),
  edits: z.number().int().nonnegative(),
  threads: z.number().int().nonnegative(),
  replies: z.number().int().nonnegative(),
  meetingsAttended: z.number().int().nonnegative(),
  decisionsSigned: z.number().int().nonnegative(),
})
export const workspaceParticipationResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Every party, in PARTY_KEYS order. */
  parties: z.array(workspacePartyParticipationSchema),
})

export type FollowUp = z.infer<typeof followUpSchema>
export type FollowUpNote = z.infer<typeof followUpNoteSchema>
export type MyFollowUp = z.infer<typeof myFollowUpSchema>
export type PublicFollowUp = z.infer<typeof publicFollowUpSchema>
export type WorkspaceParticipation = z.infer<typeof workspaceParticipationResponseSchema>
