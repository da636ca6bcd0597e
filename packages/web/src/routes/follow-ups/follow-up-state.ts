/**
 * Follow-up items' pure parts (issue 16): a due date in words, the order of a list (overdue first, then by due date, as the server sends it) and folding an
 * item changed by the user into a list. Plain functions of data, unit-tested in Node.
 */
import type { FollowUp, FollowUpStatus } from '../../lib/follow-up-api.js'
import { formatDay } from '../../lib/i18n/dates.js'
import type { Locale } from '../../lib/i18n/i18n.js'
import { dayInputValue } from '../document/share-export/share-export-state.js'

/** The statuses in the order a person moves through them. */
export const STATUS_ORDER: readonly FollowUpStatus[] = ['not_started', 'in_progress', 'blocked', 'done']

/** A `YYYY-MM-DD` day as a local date (a due date has no time of day and no zone), or null. */
export function parseDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return null
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return Number.isNaN(date.getTime()) ? null : date
}

/** `day` plus `days` days, as `YYYY-MM-DD`. */
export function addDays(day: string, days: number): string {
  const date = parseDay(day) ?? new Date()
  date.setDate(date.getDate() + days)
  return dayInputValue(date)
}

/** "fredag 27. november 2026" (nb/nn) or "Friday 27 November 2026" (en); the text itself when not a day. */
export function formatDueDay(day: string, locale: Locale): string {
  const date = parseDay(day)
  return date ? `${formatDay(date, locale)} ${date.getFullYear()}` : day
}

/** Overdue first, then by due date, then by title: the order the server sends. */
export function sortFollowUps(items: readonly FollowUp[]): FollowUp[] {
  return [...items].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      a.dueDate.localeCompare(b.dueDate) ||
      a.title.localeCompare(b.title),
  )
}

/** The list with `item` in place of the one with its id (or added), in order. */
export function withFollowUp(items: readonly FollowUp[], item: FollowUp): FollowUp[] {
  return sortFollowUps([...items.filter((f) => f.id !== item.id), item])
}

/** The decisions the items follow up, once each, by title. */
export function decisionsOf(items: readonly FollowUp[]): { id: string; title: string }[] {
  const seen = new Map<string, string>()
  for (const f of items) seen.set(f.document.id, f.document.title)
  return [...seen].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title))
}
