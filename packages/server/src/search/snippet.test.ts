import { describe, expect, it } from 'vitest'
import { MATCH_END, MATCH_START, snippetParts } from './snippet.js'

const marked = (s: string) => s.replaceAll('[', MATCH_START).replaceAll(']', MATCH_END)

describe('snippetParts', () => {
  it('splits a marked snippet into plain and matching parts, in order', () => {
    expect(snippetParts(marked('…et [forslag] om [bærekraft] i…'))).toEqual([
      { text: '…et ', match: false },
      { text: 'forslag', match: true },
      { text: ' om ', match: false },
      { text: 'bærekraft', match: true },
      { text: ' i…', match: false },
    ])
  })

  it('merges adjacent matches and drops empty parts', () => {
    expect(snippetParts(marked('[a][b] c[]'))).toEqual([
      { text: 'ab', match: true },
      { text: ' c', match: false },
    ])
    expect(snippetParts('')).toEqual([])
  })

  it('carries markup as text: <b> is shown, not rendered', () => {
    expect(snippetParts(marked('<b>[x]</b>'))).toEqual([
      { text: '<b>', match: false },
      { text: 'x', match: true },
      { text: '</b>', match: false },
    ])
  })
})
