import { TEXT_LIMITS } from '@trepart/shared/limits'
import { afterEach, describe, expect, it } from 'vitest'
import { type FieldFacts, fieldProblem, problemMessage } from './field-validation.js'
import { setLocale } from './i18n/i18n.js'

const text = (value: string, more: Partial<FieldFacts> = {}): FieldFacts => ({
  value,
  required: true,
  choice: false,
  valueMissing: value === '',
  typeMismatch: false,
  minLength: 0,
  maxLength: 0,
  ...more,
})

describe('field validation', () => {
  afterEach(() => setLocale('nb'))

  it('finds the first problem of a field', () => {
    expect(fieldProblem(text(''))).toEqual({ kind: 'required' })
    expect(fieldProblem(text('   ', { valueMissing: false }))).toEqual({ kind: 'required' })
    expect(fieldProblem(text('', { required: false }))).toBeNull()
    expect(fieldProblem(text('', { choice: true, valueMissing: true }))).toEqual({ kind: 'choose' })
    expect(fieldProblem(text('a@', { typeMismatch: true }))).toEqual({ kind: 'email' })
    expect(fieldProblem(text('kort', { minLength: 10 }))).toEqual({ kind: 'too_short', min: 10 })
    expect(fieldProblem(text('lang nok her', { minLength: 10 }))).toBeNull()
  })

  it('refuses a title over the limit instead of cutting it', () => {
    const title = 'x'.repeat(TEXT_LIMITS.titleMax + 1)
    expect(fieldProblem(text(title, { maxLength: TEXT_LIMITS.titleMax }))).toEqual({
      kind: 'too_long',
      max: TEXT_LIMITS.titleMax,
      length: TEXT_LIMITS.titleMax + 1,
    })
    expect(
      fieldProblem(text('x'.repeat(TEXT_LIMITS.titleMax), { maxLength: TEXT_LIMITS.titleMax })),
    ).toBeNull()
  })

  it('says the problem in the page’s language, with the limit and plural forms', () => {
    expect(problemMessage({ kind: 'required' })).toBe('Fyll ut dette feltet.')
    expect(problemMessage({ kind: 'too_short', min: 10 })).toBe('Skriv minst 10 tegn.')
    expect(problemMessage({ kind: 'too_long', max: 200, length: 201 })).toContain('høyst 200 tegn')
    setLocale('nn')
    expect(problemMessage({ kind: 'choose' })).toBe('Vel eitt av alternativa.')
    setLocale('en')
    expect(problemMessage({ kind: 'too_short', min: 1 })).toBe('Enter at least 1 character.')
    expect(problemMessage({ kind: 'too_short', min: 10 })).toBe('Enter at least 10 characters.')
  })
})
