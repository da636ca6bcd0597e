import { describe, expect, it } from 'vitest'
import { cutText } from './text-cut.js'

describe('cutText', () => {
  it('keeps text within the limit as it is', () => {
    expect(cutText('Budsjett 2027', 13)).toBe('Budsjett 2027')
  })
  it('cuts at the limit', () => {
    expect(cutText('Budsjett 2027', 8)).toBe('Budsjett')
  })
  it('never leaves half of a surrogate pair', () => {
    const text = `ab${'😀'}cd`
    expect(cutText(text, 3)).toBe('ab')
    expect(cutText(text, 4)).toBe(`ab${'😀'}`)
    expect(cutText(text, 3).isWellFormed()).toBe(true)
  })
})
