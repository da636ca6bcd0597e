/**
 * Names users read for parties, roles, document kinds and statuses, in the current language, and
 * times. Party names and colours come from DEFAULT_PARTIES (`@trepart/shared/parties`, free of zod).
 * Each function reads the locale, so JSX that calls it follows a change of language.
 */
import type { DocumentKind, DocumentStatus, Role } from '@trepart/shared'
import { DEFAULT_PARTIES, FALLBACK_PARTY_COLOR } from '@trepart/shared/parties'
import { formatDateTime } from './i18n/dates.js'
import { locale, t } from './i18n/i18n.js'
import './messages/common.js'

export interface PartyView {
  key: string
  /** In the current language (a getter: read it where it is shown). */
  readonly label: string
  color: string
}

function view(key: string): PartyView {
  const party = DEFAULT_PARTIES.find((p) => p.key === key)
  return {
    key,
    get label() {
      return party ? party.labels[locale()] : key
    },
    color: party?.color ?? FALLBACK_PARTY_COLOR,
  }
}

/** The three parties in their fixed order. */
export const PARTIES: readonly PartyView[] = DEFAULT_PARTIES.map((p) => view(p.key))

export function partyView(key: string): PartyView {
  return PARTIES.find((p) => p.key === key) ?? view(key)
}

export const partyLabel = (key: string): string => partyView(key).label
export const roleLabel = (role: Role): string => t(`common.role.${role}`)
export const roleHint = (role: Role): string => t(`common.role_hint.${role}`)
export const kindLabel = (kind: DocumentKind): string => t(`common.kind.${kind}`)
export const statusLabel = (status: DocumentStatus): string => t(`common.status.${status}`)

function labelRecord<K extends string>(
  keys: readonly K[],
  label: (key: K) => string,
): Readonly<Record<K, string>> {
  const record = {} as Record<K, string>
  for (const key of keys) Object.defineProperty(record, key, { get: () => label(key), enumerable: true })
  return record
}

/** @deprecated Use {@link roleLabel}; kept for pages not yet moved (a getter per role, localised). */
export const ROLE_LABELS = labelRecord<Role>(['viewer', 'commenter', 'editor', 'admin'], roleLabel)
/** @deprecated Use {@link kindLabel}; kept for pages not yet moved (a getter per kind, localised). */
export const KIND_LABELS = labelRecord<DocumentKind>(['proposal', 'decision', 'minutes'], kindLabel)

/** An ISO time as the reader's local date and time in their language, e.g. "27. november 2026 kl. 22:18". */
export function formatTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : formatDateTime(date, locale())
}
