/**
 * The meeting pages' pure parts: the workspace's meetings grouped as the list shows them, who runs
 * a meeting, where a keyboard or drag move sends an item, the item after the current one, and the
 * time fields of the "New meeting" form. No DOM, so they are unit-tested in Node.
 */
import type { Role } from '@trepart/shared/parties'
import type { AgendaItem, MeetingSummary } from '../../lib/meeting-api.js'

export interface MeetingGroups {
  /** At the table now, earliest start first. */
  open: MeetingSummary[]
  /** Planned, the next one first. */
  upcoming: MeetingSummary[]
  /** Closed, the latest first. */
  past: MeetingSummary[]
}

export function groupMeetings(meetings: readonly MeetingSummary[]): MeetingGroups {
  const byStart = (a: MeetingSummary, b: MeetingSummary) => a.startsAt.localeCompare(b.startsAt)
  return {
    open: meetings.filter((m) => m.status === 'open').sort(byStart),
    upcoming: meetings.filter((m) => m.status === 'planned').sort(byStart),
    past: meetings
      .filter((m) => m.status === 'closed')
      .sort(byStart)
      .reverse(),
  }
}

/** Whether `userId` runs the meeting: its chair or secretary, or an admin of the workspace. */
export function mayRun(
  meeting: Pick<MeetingSummary, 'chair' | 'secretary'>,
  userId: string,
  role: Role,
): boolean {
  return role === 'admin' || meeting.chair?.id === userId || meeting.secretary?.id === userId
}

/** Where one step up (-1) or down (+1) puts the item, or null at that end of the agenda. */
export function stepIndex(items: readonly AgendaItem[], itemId: string, step: -1 | 1): number | null {
  const from = items.findIndex((i) => i.id === itemId)
  if (from < 0) return null
  const to = from + step
  return to < 0 || to >= items.length ? null : to
}

/** The item after the current one (the first when there is none yet); null after the last. */
export function nextItem(items: readonly AgendaItem[], currentId: string | null): AgendaItem | null {
  if (currentId === null) return items[0] ?? null
  const at = items.findIndex((i) => i.id === currentId)
  return at < 0 ? (items[0] ?? null) : (items[at + 1] ?? null)
}

/** Items in order with `itemId` moved to `index` (clamped), as the server does it. */
export function moved<T extends { id: string }>(items: readonly T[], itemId: string, index: number): T[] {
  const from = items.findIndex((i) => i.id === itemId)
  if (from < 0) return [...items]
  const rest = items.filter((i) => i.id !== itemId)
  const to = Math.max(0, Math.min(index, rest.length))
  return [...rest.slice(0, to), items[from]!, ...rest.slice(to)]
}

/** A `datetime-local` field's value (the reader's local time) in ISO 8601; undefined when not a time. */
export function isoFromLocal(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}

/** An instant as a `datetime-local` field's value in the reader's local time (to the minute). */
export function localFromDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}
