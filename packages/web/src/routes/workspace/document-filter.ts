/**
 * The documents list's filter as plain functions (no DOM, unit-tested): read from and written to
 * the page's query string, turned into the API's query, and used to fold a live `document` event
 * into the list the user is looking at.
 */
import type { DocumentKind, DocumentStatus, PartyKey } from '@trepart/shared'
import { DOCUMENT_KINDS, DOCUMENT_STATUSES, PARTY_KEYS } from '@trepart/shared/parties'
import type { DocumentFilter as ApiFilter, DocumentInfo } from '../../lib/api.js'

export interface DocumentFilter {
  status: DocumentStatus | null
  kind: DocumentKind | null
  party: PartyKey | null
  /** Archived documents too (marked as such); by default the list shows the active ones. */
  showArchived: boolean
}

export const NO_FILTER: DocumentFilter = { status: null, kind: null, party: null, showArchived: false }

function oneOf<T extends string>(values: readonly T[], value: string | null): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null
}

/** `?status=draft&kind=proposal&party=employees&archived=show`; anything else is ignored. */
export function filterFromSearch(search: string): DocumentFilter {
  const params = new URLSearchParams(search)
  return {
    status: oneOf(DOCUMENT_STATUSES, params.get('status')),
    kind: oneOf(DOCUMENT_KINDS, params.get('kind')),
    party: oneOf(PARTY_KEYS, params.get('party')),
    showArchived: params.get('archived') === 'show',
  }
}

export function filterToSearch(filter: DocumentFilter): string {
  const params = new URLSearchParams()
  if (filter.status) params.set('status', filter.status)
  if (filter.kind) params.set('kind', filter.kind)
  if (filter.party) params.set('party', filter.party)
  if (filter.showArchived) params.set('archived', 'show')
  const query = params.toString()
  return query ? `?${query}` : ''
}

export function isFiltered(filter: DocumentFilter): boolean {
  return filter.status !== null || filter.kind !== null || filter.party !== null || filter.showArchived
}

/** The query of `GET /api/workspaces/:wid/documents`. */
export function apiQuery(filter: DocumentFilter): ApiFilter {
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...(filter.party ? { party: filter.party } : {}),
    ...(filter.showArchived ? {} : { archived: 'false' as const }),
  }
}

/** A document as the list shows it: with its open threads the viewer may see, once known. */
export type ListedDocument = DocumentInfo & { openThreads?: number; awaitingParties?: readonly string[] }

/** What a `threads` event of the workspace's stream says: a document's open threads now. */
export interface ThreadCount {
  documentId: string
  openThreads: number
}

/** The list with one document's open-thread count changed (a document not listed: as it was). */
export function applyThreadCount(list: readonly ListedDocument[], count: ThreadCount): ListedDocument[] {
  return list.map((d) => (d.id === count.documentId ? { ...d, openThreads: count.openThreads } : d))
}

/** What a `signoff` event of the workspace's stream says: the parties a document's open round still awaits. */
export interface AwaitingParties {
  documentId: string
  awaitingParties: string[]
}

/** The list with one document's awaited parties changed (a document not listed: as it was). */
export function applyAwaiting(list: readonly ListedDocument[], awaiting: AwaitingParties): ListedDocument[] {
  return list.map((d) =>
    d.id === awaiting.documentId ? { ...d, awaitingParties: awaiting.awaitingParties } : d,
  )
}

export function matches(doc: DocumentInfo, filter: DocumentFilter): boolean {
  return (
    (filter.status === null || doc.status === filter.status) &&
    (filter.kind === null || doc.kind === filter.kind) &&
    (filter.party === null || doc.initiatingParty === filter.party) &&
    (filter.showArchived || !doc.archived)
  )
}

/**
 * The list after a live change of `doc`. A document already shown is updated where it is (rows do
 * not jump under the reader's pointer), or leaves when it no longer matches (archived, say); a new
 * one that matches comes in by its last change, newest first, like the server's order.
 */
export function applyChange(
  list: readonly ListedDocument[],
  doc: ListedDocument,
  filter: DocumentFilter,
): ListedDocument[] {
  const index = list.findIndex((d) => d.id === doc.id)
  if (!matches(doc, filter)) return index === -1 ? [...list] : list.filter((d) => d.id !== doc.id)
  // A `document` event carries no thread count: the row keeps the one it has.
  if (index !== -1)
    return list.map((d) =>
      d.id === doc.id
        ? {
            ...doc,
            openThreads: doc.openThreads ?? d.openThreads,
            awaitingParties: doc.awaitingParties ?? d.awaitingParties,
          }
        : d,
    )
  const at = list.findIndex((d) => d.updatedAt <= doc.updatedAt)
  return at === -1 ? [...list, doc] : [...list.slice(0, at), doc, ...list.slice(at)]
}
