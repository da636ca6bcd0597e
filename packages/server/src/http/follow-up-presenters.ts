/** Follow-up rows → API JSON (issue 16): ISO times, the overdue flag against today (UTC). */
import type { FollowUp, FollowUpStatus, PartyKey } from '@trepart/shared'
import { type FollowUpListed, type FollowUpNoteListed, isOverdue } from '../store/follow-ups.js'

const iso = (ms: number) => new Date(Number(ms)).toISOString()

/** The Sunday (`YYYY-MM-DD`) that ends the ISO week of `today` (UTC). */
export function thisSunday(today: string): string {
  const day = new Date(`${today}T00:00:00Z`)
  // getUTCDay: Sunday is 0, so Monday..Saturday are 6..1 days before it.
  const ahead = (7 - day.getUTCDay()) % 7
  return new Date(day.getTime() + ahead * 86_400_000).toISOString().slice(0, 10)
}

/** `history`: the notes shown (oldest first) and how many the item holds in all. */
export function presentFollowUp(
  row: FollowUpListed,
  history: { notes: readonly FollowUpNoteListed[]; total: number },
  today: string,
): FollowUp {
  const { notes } = history
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    document: { id: row.document_id, title: row.document_title },
    title: row.title,
    party: row.party as PartyKey,
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    dueDate: row.due_date,
    status: row.status as FollowUpStatus,
    overdue: isOverdue(row, today),
    createdBy: { id: row.created_by, name: row.creator_name },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    notes: notes.map((n) => ({
      id: n.id,
      author: { id: n.author_id, name: n.author_name, party: n.author_party as PartyKey },
      status: n.status as FollowUpStatus | null,
      note: n.note,
      createdAt: iso(n.created_at),
    })),
    noteCount: history.total,
  }
}
