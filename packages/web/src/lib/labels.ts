/**
 * Norwegian Bokmål names for parties, roles and document kinds, and time formatting.
 * Party names and colours come from DEFAULT_PARTIES in @trepart/shared.
 */
import { DEFAULT_PARTIES, type DocumentKind, type PartyKey, partyColor, type Role } from '@trepart/shared'

export interface PartyView {
  key: string
  label: string
  color: string
}

export const PARTIES: readonly PartyView[] = DEFAULT_PARTIES.map((p) => ({
  key: p.key,
  label: p.labels.nb,
  color: p.color,
}))

export function partyView(key: PartyKey | string): PartyView {
  return PARTIES.find((p) => p.key === key) ?? { key, label: key, color: partyColor(key) }
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  viewer: 'Leser',
  commenter: 'Kommentator',
  editor: 'Redaktør',
  admin: 'Administrator',
}

export const KIND_LABELS: Readonly<Record<DocumentKind, string>> = {
  proposal: 'Forslag',
  decision: 'Vedtak',
  minutes: 'Referat',
}

const dateTime = new Intl.DateTimeFormat('nb-NO', { dateStyle: 'medium', timeStyle: 'short' })

/** An ISO time as the reader's local date and time, e.g. "27. nov. 2026, 22:18". */
export function formatTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date)
}
