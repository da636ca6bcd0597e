import { CloseCode, closeCodeId } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import { missingTranslations } from '../lib/i18n/i18n.js'
import { closeMessage, closeMessageKey } from './close-messages.js'
import { editorMessages } from './messages.js'

describe('close messages', () => {
  it('has a text for every close code id in every language', () => {
    for (const id of Object.values(closeCodeId)) {
      for (const catalog of Object.values(editorMessages))
        expect(catalog[closeMessageKey(id)], id).toBeTruthy()
    }
  })

  it('names the meaning of the permanent codes', () => {
    expect(closeMessage(CloseCode.DocumentTooLarge)).toBe('Dokumentet er for stort')
    expect(closeMessage(CloseCode.NotFound)).toBe('Dokumentet finnes ikke eller du har ikke tilgang')
    expect(closeMessage(CloseCode.Removed)).toBe('Du er fjernet fra arbeidsrommet')
  })

  it('falls back to the code for an unknown one', () => {
    expect(closeMessage(4499)).toBe('Tilkoblingen ble lukket (kode 4499)')
  })
})

describe('the editor’s messages', () => {
  it('are all there in Bokmål, Nynorsk and English', () => {
    expect(missingTranslations(editorMessages)).toEqual([])
  })
})
