import { ErrorId } from '@trepart/shared'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, NETWORK_ERROR } from './api.js'
import { errorMessage, hasErrorMessage } from './error-messages.js'
import { setLocale } from './i18n/i18n.js'

describe('error messages', () => {
  afterEach(() => setLocale('nb'))

  it('has a text for every API error id', () => {
    for (const id of Object.values(ErrorId)) expect(hasErrorMessage(id), id).toBe(true)
  })

  it('chooses the text by the error id and the language, never the server’s English message', () => {
    const error = new ApiError(401, ErrorId.InvalidCredentials, 'Wrong email or password')
    expect(errorMessage(error)).toBe('Feil e-postadresse eller passord.')
    expect(errorMessage(new ApiError(0, NETWORK_ERROR, 'Failed to fetch'))).toContain('Fikk ikke kontakt')
    setLocale('nn')
    expect(errorMessage(new ApiError(409, ErrorId.LastAdmin, 'x'))).toContain('minst éin administrator')
    setLocale('en')
    expect(errorMessage(new ApiError(409, ErrorId.LastAdmin, 'x'))).toContain('at least one administrator')
  })

  it('says how long to wait when throttled', () => {
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 30))).toBe(
      'For mange mislykkede forsøk. Prøv igjen om 30 sekunder.',
    )
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 900))).toContain('15 minutter')
    // Plural rules per language: "1 sekund", never "1 sekunder".
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 1))).toContain('om 1 sekund.')
    setLocale('en')
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 1))).toContain('in 1 second.')
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 120))).toContain('in 2 minutes.')
    setLocale('nn')
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 1))).toContain('om 1 sekund.')
    setLocale('nb')
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x'))).toContain('Vent litt')
  })

  it('falls back for an unknown id and for errors that are not API errors', () => {
    expect(errorMessage(new ApiError(418, 'teapot', 'x'))).toContain('418')
    expect(errorMessage(new Error('boom'))).toContain('Noe gikk galt')
  })
})
