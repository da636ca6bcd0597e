import { describe, expect, it } from 'vitest'
import { changedBlocks, readVersionsQuery, versionsQuery } from './versions-query.js'

describe('the versions page’s query', () => {
  it('reads a diff, a version or the list, and writes them back', () => {
    for (const view of [
      { mode: 'list' },
      { mode: 'view', versionId: 'v1' },
      { mode: 'diff', from: 'v1', to: 'current' },
    ] as const) {
      expect(readVersionsQuery(versionsQuery(view))).toEqual(view)
    }
  })

  it('ignores what is not an id', () => {
    expect(readVersionsQuery('?from=a/b&to=current')).toEqual({ mode: 'list' })
    expect(readVersionsQuery('?view=')).toEqual({ mode: 'list' })
    expect(readVersionsQuery('?from=v1')).toEqual({ mode: 'list' })
  })

  it('counts the blocks that changed', () => {
    const block = (kind: 'same' | 'changed' | 'added' | 'removed') => ({ kind, type: 'paragraph', parts: [] })
    expect(changedBlocks([block('same'), block('changed'), block('added'), block('removed')])).toBe(3)
  })
})
