import { describe, expect, it } from 'vitest'
import { fts5Match, searchWords, tsQuery } from './search-query.js'

describe('searchWords', () => {
  it('keeps letters and digits, Norwegian ones included, lower-cased', () => {
    expect(searchWords('Bærekraft på Ås 2025')).toEqual({
      words: ['bærekraft', 'på', 'ås', '2025'],
      prefixLast: true,
    })
  })

  it('composes decomposed letters (å typed as a + ring) so they match the stored text', () => {
    expect(searchWords('A\u030As').words).toEqual(['ås'])
  })

  it('treats query syntax as separators, never as operators', () => {
    expect(searchWords('"forslag" OR * NEAR(a b) -budsjett title:x ^y').words).toEqual([
      'forslag',
      'or',
      'near',
      'a',
      'b',
      'budsjett',
      'title',
      'x',
      'y',
    ])
  })

  it('matches the last word as a prefix only while it is being typed', () => {
    expect(searchWords('forslag om').prefixLast).toBe(true)
    expect(searchWords('forslag om ').prefixLast).toBe(false)
    expect(searchWords('"forslag"').prefixLast).toBe(false)
  })

  it('has no words for text without letters or digits', () => {
    expect(searchWords('"*" - :')).toEqual({ words: [], prefixLast: false })
  })
})

describe('the databases’ queries', () => {
  const words = searchWords('Forslag OR øko')
  it('quotes every word for FTS5 (implicit AND), the last as a prefix', () => {
    expect(fts5Match(words)).toBe('"forslag" "or" "øko"*')
  })
  it('quotes every lexeme for to_tsquery, joined by &, the last as a prefix', () => {
    expect(tsQuery(words)).toBe("'forslag' & 'or' & 'øko':*")
    expect(tsQuery(searchWords('forslag '))).toBe("'forslag'")
  })
})
