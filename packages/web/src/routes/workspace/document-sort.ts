/**
 * The documents list's order as plain functions (no DOM, unit-tested). With no sort chosen the list
 * keeps the live order (newest change first as loaded; a changed row stays where it is, see
 * document-filter.ts). A chosen sort is applied to whatever the list holds, so it holds while live
 * changes arrive. Text columns compare as the reader's language sorts (æ, ø, å after z in
 * Norwegian); the status by its course (draft, in review, final); the time by the clock.
 */
import { DOCUMENT_STATUSES } from '@trepart/shared/parties'
import type { DocumentInfo } from '../../lib/api.js'

export const SORT_KEYS = ['title', 'kind', 'status', 'party', 'changed'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type SortDirection = 'ascending' | 'descending'

export interface DocumentSort {
  key: SortKey
  direction: SortDirection
}

/** What a text column shows for a document, in the current language. */
export interface SortLabels {
  kind: (doc: DocumentInfo) => string
  party: (doc: DocumentInfo) => string
}

/** The next sort when a column's header is pressed: its first direction, then the other way. */
export function nextSort(current: DocumentSort | null, key: SortKey): DocumentSort {
  if (current?.key === key)
    return { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
  // Times newest first, as one looks for the latest; text from A.
  return { key, direction: key === 'changed' ? 'descending' : 'ascending' }
}

export function sortDocuments<D extends DocumentInfo>(
  list: readonly D[],
  sort: DocumentSort | null,
  labels: SortLabels,
  locale: string,
): D[] {
  if (!sort) return [...list]
  const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true })
  const compare = (a: DocumentInfo, b: DocumentInfo): number => {
    switch (sort.key) {
      case 'title':
        return collator.compare(a.title, b.title)
      case 'kind':
        return collator.compare(labels.kind(a), labels.kind(b))
      case 'party':
        return collator.compare(labels.party(a), labels.party(b))
      case 'status':
        return DOCUMENT_STATUSES.indexOf(a.status) - DOCUMENT_STATUSES.indexOf(b.status)
      case 'changed':
        return a.updatedAt.localeCompare(b.updatedAt)
    }
  }
  const sign = sort.direction === 'ascending' ? 1 : -1
  // Ties keep the live order (Array.prototype.sort is stable), so equal rows do not swap places.
  return [...list].sort((a, b) => sign * compare(a, b))
}
