import { ErrorId } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import { ApiError, NETWORK_ERROR } from './api.js'
import { errorMessage, errorMessages } from './error-messages.js'

describe('error messages', () => {
  it('has a Norwegian text for every API error id', () => {
    for (const id of Object.values(ErrorId)) expect(errorMessages[id], id).toBeTruthy()
  })

  it('chooses the text by the error id, never the server’s English message', () => {
    const error = new ApiError(401, ErrorId.InvalidCredentials, 'Wrong email or password')
    expect(errorMessage(error)).toBe('Feil e-postadresse eller passord.')
    expect(errorMessage(new ApiError(0, NETWORK_ERROR, 'Failed to fetch'))).toContain('Fikk ikke kontakt')
  })

  it('says how long to wait when throttled', () => {
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 30))).toBe(
      'For mange mislykkede forsøk. Prøv igjen om 30 sekunder.',
    )
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x', 900))).toContain('15 minutter')
    expect(errorMessage(new ApiError(429, ErrorId.Throttled, 'x'))).toContain('Vent litt')
  })

  it('falls back for an unknown id and for errors that are not API errors', () => {
    expect(errorMessage(new ApiError(418, 'teapot', 'x'))).toContain('418')
    expect(errorMessage(new Error('boom'))).toContain('Noe gikk galt')
  })
})
