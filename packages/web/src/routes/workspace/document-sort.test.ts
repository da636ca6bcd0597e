import { describe, expect, it } from 'vitest'
import type { DocumentInfo } from '../../lib/api.js'
import { nextSort, sortDocuments } from './document-sort.js'

function doc(id: string, patch: Partial<DocumentInfo>): DocumentInfo {
  return {
    id,
    workspaceId: 'w',
    amendsId: null,
    title: id,
    kind: 'proposal',
    status: 'draft',
    initiatingParty: 'administration',
    createdBy: { id: 'u', name: 'U' },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    archived: false,
    ...patch,
  }
}

const labels = { kind: (d: DocumentInfo) => d.kind, party: (d: DocumentInfo) => d.initiatingParty }
const ids = (list: DocumentInfo[]) => list.map((d) => d.id)

describe('sorting the documents list', () => {
  const list = [
    doc('a', { title: 'Øvre skole', status: 'final', updatedAt: '2026-03-01T00:00:00.000Z' }),
    doc('b', { title: 'arbeidstid', status: 'draft', updatedAt: '2026-01-01T00:00:00.000Z' }),
    doc('c', { title: 'Budsjett 10', status: 'in_review', updatedAt: '2026-02-01T00:00:00.000Z' }),
    doc('d', { title: 'Budsjett 9', status: 'draft', updatedAt: '2026-01-15T00:00:00.000Z' }),
  ]

  it('keeps the live order when no sort is chosen', () => {
    expect(ids(sortDocuments(list, null, labels, 'nb'))).toEqual(['a', 'b', 'c', 'd'])
  })

  it('sorts titles as Norwegian does, ignoring case, with numbers by value', () => {
    const asc = sortDocuments(list, { key: 'title', direction: 'ascending' }, labels, 'nb')
    expect(ids(asc)).toEqual(['b', 'd', 'c', 'a'])
    const desc = sortDocuments(list, { key: 'title', direction: 'descending' }, labels, 'nb')
    expect(ids(desc)).toEqual(['a', 'c', 'd', 'b'])
  })

  it('sorts the status by its course and keeps ties in the live order', () => {
    const asc = sortDocuments(list, { key: 'status', direction: 'ascending' }, labels, 'nb')
    expect(ids(asc)).toEqual(['b', 'd', 'c', 'a'])
  })

  it('sorts by the last change', () => {
    const desc = sortDocuments(list, { key: 'changed', direction: 'descending' }, labels, 'nb')
    expect(ids(desc)).toEqual(['a', 'c', 'd', 'b'])
  })

  it('starts text ascending and times newest first, and turns on a second press', () => {
    expect(nextSort(null, 'title')).toEqual({ key: 'title', direction: 'ascending' })
    expect(nextSort(null, 'changed')).toEqual({ key: 'changed', direction: 'descending' })
    expect(nextSort({ key: 'title', direction: 'ascending' }, 'title')).toEqual({
      key: 'title',
      direction: 'descending',
    })
    expect(nextSort({ key: 'title', direction: 'descending' }, 'kind')).toEqual({
      key: 'kind',
      direction: 'ascending',
    })
  })
})
