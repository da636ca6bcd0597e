import { CloseCode, closeCodeId } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import { closeMessage, closeMessages } from './close-messages.js'

describe('close messages', () => {
  it('has a Norwegian text for every close code id', () => {
    for (const id of Object.values(closeCodeId)) expect(closeMessages[id], id).toBeTruthy()
  })

  it('names the meaning of the permanent codes', () => {
    expect(closeMessage(CloseCode.DocumentTooLarge)).toBe('Dokumentet er for stort')
    expect(closeMessage(CloseCode.NotFound)).toBe('Dokumentet finnes ikke eller du har ikke tilgang')
  })

  it('falls back to the code for an unknown one', () => {
    expect(closeMessage(4499)).toContain('4499')
  })
})
