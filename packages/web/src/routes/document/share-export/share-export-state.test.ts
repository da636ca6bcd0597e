import { describe, expect, it } from 'vitest'
import { dayInputValue, expiryFromDay, filenameFromDisposition, linkState } from './share-export-state.js'

describe('filenameFromDisposition', () => {
  it('takes the UTF-8 name over the ASCII fallback, as the server sends both', () => {
    expect(
      filenameFromDisposition(
        `attachment; filename="Vedtak om ro-2026-12-06.md"; filename*=UTF-8''Vedtak%20om%20r%C3%B8-2026-12-06.md`,
      ),
    ).toBe('Vedtak om rø-2026-12-06.md')
  })

  it('falls back to the plain name when the UTF-8 one is missing or malformed', () => {
    expect(filenameFromDisposition('attachment; filename="a \\"b\\".html"')).toBe('a "b".html')
    expect(filenameFromDisposition(`attachment; filename=plain.json; filename*=UTF-8''%E0%A4%A`)).toBe(
      'plain.json',
    )
  })

  it('answers null without a name', () => {
    expect(filenameFromDisposition(null)).toBeNull()
    expect(filenameFromDisposition('attachment')).toBeNull()
    expect(filenameFromDisposition('attachment; filename=""')).toBeNull()
  })
})

describe('linkState', () => {
  const now = Date.parse('2026-12-06T12:00:00Z')
  it('is active without an expiry or before it, expired from it on, revoked above all', () => {
    expect(linkState({ expiresAt: null, revokedAt: null }, now)).toBe('active')
    expect(linkState({ expiresAt: '2026-12-06T12:00:01Z', revokedAt: null }, now)).toBe('active')
    expect(linkState({ expiresAt: '2026-12-06T12:00:00Z', revokedAt: null }, now)).toBe('expired')
    expect(linkState({ expiresAt: '2026-12-01T00:00:00Z', revokedAt: '2026-11-30T00:00:00Z' }, now)).toBe(
      'revoked',
    )
  })
})

describe('dayInputValue', () => {
  it('is the local day, zero-padded, as a date input takes it', () => {
    expect(dayInputValue(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
    expect(dayInputValue(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31')
  })
})

describe('expiryFromDay', () => {
  it('is no expiry when empty, the end of the chosen day from today on, refused before today', () => {
    expect(expiryFromDay('', '2026-12-06')).toEqual({})
    expect(expiryFromDay('2026-12-06', '2026-12-06')).toEqual({
      expiresAt: new Date(2026, 11, 6, 23, 59).toISOString(),
    })
    expect(expiryFromDay('2026-12-05', '2026-12-06')).toBe('past')
    expect(expiryFromDay('6.12.2026', '2026-12-06')).toBe('invalid')
  })
})
