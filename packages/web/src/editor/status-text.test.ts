import { describe, expect, it } from 'vitest'
import { initialStatus } from './save-status.js'
import { announcedText, saveText } from './status-text.js'

const connected = { ...initialStatus, connection: 'connected' as const, everSynced: true, canWrite: true }

describe('what the status line tells screen readers', () => {
  it('says the connection, and not the saving that comes and goes with typing', () => {
    expect(announcedText(connected)).toBe('Tilkoblet')
    expect(saveText({ ...connected, unsaved: true })).toBe('Lagrer…')
    expect(announcedText({ ...connected, unsaved: true })).toBe('Tilkoblet')
  })

  it('adds the save state when it is a problem: offline, kept locally, or refused', () => {
    const offline = { ...connected, connection: 'disconnected' as const, unsaved: true }
    expect(announcedText(offline, null, false)).toBe(
      'Uten nett – kobler til når nettet er tilbake. Endringer venter på å bli lagret',
    )
    expect(announcedText({ ...offline, keptLocally: true }, null, false)).toContain(
      'Endringene er tatt vare på i denne nettleseren',
    )
    expect(announcedText({ ...connected, unsaved: true, canWrite: false })).toBe(
      'Tilkoblet. Endringene dine kan ikke lagres – du har bare lesetilgang',
    )
  })
})
