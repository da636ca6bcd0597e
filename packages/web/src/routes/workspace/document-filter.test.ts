import { describe, expect, it } from 'vitest'
import type { DocumentInfo } from '../../lib/api.js'
import {
  apiQuery,
  applyAwaiting,
  applyChange,
  applyThreadCount,
  filterFromSearch,
  filterToSearch,
  NO_FILTER,
} from './document-filter.js'

const doc = (id: string, updatedAt: string, patch: Partial<DocumentInfo> = {}): DocumentInfo => ({
  id,
  workspaceId: 'w',
  amendsId: null,
  title: id,
  kind: 'proposal',
  status: 'draft',
  initiatingParty: 'employees',
  createdBy: { id: 'u', name: 'U' },
  createdAt: updatedAt,
  updatedAt,
  archived: false,
  ...patch,
})

describe('document filter', () => {
  it('reads and writes the query string, ignoring unknown values', () => {
    const filter = filterFromSearch('?status=final&kind=nope&party=politicians&archived=show')
    expect(filter).toEqual({ status: 'final', kind: null, party: 'politicians', showArchived: true })
    expect(filterToSearch(filter)).toBe('?status=final&party=politicians&archived=show')
    expect(filterToSearch(NO_FILTER)).toBe('')
  })

  it('asks the API for active documents unless archived ones are wanted', () => {
    expect(apiQuery(NO_FILTER)).toEqual({ archived: 'false' })
    expect(apiQuery({ ...NO_FILTER, kind: 'minutes', showArchived: true })).toEqual({ kind: 'minutes' })
  })

  it('folds live changes in: new ones by time, changed ones in place, non-matching ones out', () => {
    const list = [doc('b', '2026-01-02T00:00:00Z'), doc('a', '2026-01-01T00:00:00Z')]
    expect(applyChange(list, doc('c', '2026-01-03T00:00:00Z'), NO_FILTER).map((d) => d.id)).toEqual([
      'c',
      'b',
      'a',
    ])
    const renamed = applyChange(list, doc('a', '2026-01-05T00:00:00Z', { title: 'A2' }), NO_FILTER)
    expect(renamed.map((d) => d.title)).toEqual(['b', 'A2'])
    expect(applyChange(list, doc('a', '2026-01-05T00:00:00Z', { archived: true }), NO_FILTER)).toHaveLength(1)
    const filter = { ...NO_FILTER, kind: 'decision' as const }
    expect(applyChange([], doc('d', '2026-01-01T00:00:00Z'), filter)).toEqual([])
  })

  it('keeps a row’s open-thread count through a document event, and takes a threads event’s count', () => {
    const list = [{ ...doc('a', '2026-01-01T00:00:00Z'), openThreads: 3 }, doc('b', '2026-01-01T00:00:00Z')]
    const renamed = applyChange(list, doc('a', '2026-01-02T00:00:00Z', { title: 'A2' }), NO_FILTER)
    expect(renamed[0]).toMatchObject({ title: 'A2', openThreads: 3 })
    const counted = applyThreadCount(renamed, { documentId: 'b', openThreads: 1 })
    expect(counted.map((d) => d.openThreads)).toEqual([3, 1])
    expect(applyThreadCount(counted, { documentId: 'gone', openThreads: 9 })).toEqual(counted)
  })

  it('keeps a row’s awaited parties through a document event, and takes a signoff event’s', () => {
    const list = [
      { ...doc('a', '2026-01-01T00:00:00Z'), awaitingParties: ['employees'] },
      doc('b', '2026-01-01T00:00:00Z'),
    ]
    const renamed = applyChange(list, doc('a', '2026-01-02T00:00:00Z', { title: 'A2' }), NO_FILTER)
    expect(renamed[0]).toMatchObject({ title: 'A2', awaitingParties: ['employees'] })
    const decided = applyAwaiting(renamed, { documentId: 'a', awaitingParties: [] })
    expect(decided.map((d) => d.awaitingParties)).toEqual([[], undefined])
    expect(applyAwaiting(decided, { documentId: 'gone', awaitingParties: ['politicians'] })).toEqual(decided)
  })
})
