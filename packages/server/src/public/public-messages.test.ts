import { describe, expect, it } from 'vitest'
import { PUBLIC_MESSAGES, pickLocale } from './public-messages.js'

describe('public page language', () => {
  it('takes a chosen language, else the best of Accept-Language we speak, else Bokmål', () => {
    expect(pickLocale('nn', 'en')).toBe('nn')
    expect(pickLocale('xx', 'en-GB,en;q=0.9')).toBe('en')
    expect(pickLocale(undefined, 'de;q=1, nn;q=0.5, en;q=0.8')).toBe('en')
    expect(pickLocale(undefined, 'no')).toBe('nb')
    expect(pickLocale(undefined, 'sv, de')).toBe('nb')
    expect(pickLocale(undefined, undefined)).toBe('nb')
  })

  it('has every word in all three languages', () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v).map((s) => `${k}.${s}`) : [k]))
    expect(keys(PUBLIC_MESSAGES.nn)).toEqual(keys(PUBLIC_MESSAGES.nb))
    expect(keys(PUBLIC_MESSAGES.en)).toEqual(keys(PUBLIC_MESSAGES.nb))
  })
})
