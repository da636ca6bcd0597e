import { describe, expect, it } from 'vitest'
import { initials } from './initials.js'

describe('initials', () => {
  it('takes the first letters of the first and the last name', () => {
    expect(initials('Anne Rådmann')).toBe('AR')
    expect(initials('Per Olav Ordfører')).toBe('PO')
  })
  it('keeps Norwegian letters and composed characters whole', () => {
    expect(initials('øystein ås')).toBe('ØÅ')
    expect(initials('A\u030Asa Berg')).toBe('ÅB')
  })
  it('one name gives one letter; an empty name a question mark', () => {
    expect(initials('Cher')).toBe('C')
    expect(initials('   ')).toBe('?')
  })
})
