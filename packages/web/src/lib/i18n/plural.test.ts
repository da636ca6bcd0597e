import { describe, expect, it } from 'vitest'
import { pluralCategory, pluralLocaleTag } from './plural.js'

describe('plural rules', () => {
  it('says one for exactly 1 and other otherwise, in all three languages', () => {
    for (const locale of ['nb', 'nn', 'en'] as const) {
      expect(pluralCategory(locale, 1), locale).toBe('one')
      for (const n of [0, 2, 5, 21, 100]) expect(pluralCategory(locale, n), `${locale} ${n}`).toBe('other')
    }
  })

  it('asks nn as nb where the runtime has no Nynorsk data (Chromium on Debian)', () => {
    expect(pluralLocaleTag('nn', () => [])).toBe('nb')
    expect(pluralLocaleTag('nn', () => ['nn'])).toBe('nn')
    expect(pluralLocaleTag('nb', () => [])).toBe('nb')
  })
})
