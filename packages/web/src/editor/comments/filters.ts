/**
 * The comments panel's filters: which party's threads, open or resolved, in the text or detached.
 * Remembered in this browser per user and document like the layers (panel-memory.ts), so a reload
 * keeps what the reader chose.
 */
import { PARTY_KEYS } from '@trepart/shared/parties'
import { type PanelStore, panelMemoryKey, recall, remember } from './panel-memory.js'

export type StatusFilter = 'open' | 'resolved' | 'all'
export type PlaceFilter = 'all' | 'attached' | 'detached'

export interface CommentFilters {
  /** A party's key, or `all`. */
  party: string
  status: StatusFilter
  place: PlaceFilter
}

/** The panel as it starts: every party's open threads, wherever they are. */
export const DEFAULT_FILTERS: Readonly<CommentFilters> = Object.freeze({
  party: 'all',
  status: 'open',
  place: 'all',
})

const PARTY_CHOICES: readonly string[] = ['all', ...PARTY_KEYS]
const STATUS_CHOICES: readonly StatusFilter[] = ['open', 'resolved', 'all']
const PLACE_CHOICES: readonly PlaceFilter[] = ['all', 'attached', 'detached']

export const filterStorageKey = (userId: string, documentId: string) =>
  panelMemoryKey('commentFilters', userId, documentId)

/** `value` when it is one of `choices`, else `fallback`. */
const oneOf = <T extends string>(choices: readonly T[], value: unknown, fallback: T): T =>
  (choices as readonly unknown[]).includes(value) ? (value as T) : fallback

/** The filters saved for this user and document; each one not saved (or not valid) as it starts. */
export function loadFilters(store: PanelStore | null, userId: string, documentId: string): CommentFilters {
  const saved = recall(store, filterStorageKey(userId, documentId))
  const s = typeof saved === 'object' && saved !== null ? (saved as Record<string, unknown>) : {}
  return {
    party: oneOf(PARTY_CHOICES, s.party, DEFAULT_FILTERS.party),
    status: oneOf(STATUS_CHOICES, s.status, DEFAULT_FILTERS.status),
    place: oneOf(PLACE_CHOICES, s.place, DEFAULT_FILTERS.place),
  }
}

/** Saves the filters (all as the panel starts: the entry is removed). */
export function saveFilters(
  store: PanelStore | null,
  userId: string,
  documentId: string,
  filters: CommentFilters,
): void {
  const { party, status, place } = filters
  const asStarted =
    party === DEFAULT_FILTERS.party && status === DEFAULT_FILTERS.status && place === DEFAULT_FILTERS.place
  remember(store, filterStorageKey(userId, documentId), asStarted ? undefined : { party, status, place })
}
