/**
 * The minutes' first draft: valid content in the editor's schema (it reads back the same through
 * the server's own reader, so the document opens and hashes like any other), in each language.
 */
import type { Meeting } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { contentJsonOf } from '../content/content-json.js'
import { contentUpdate, minutesJson } from './minutes-draft.js'

const person = (id: string, name: string, party: 'politicians' | 'administration' | 'employees') => ({
  id,
  name,
  party,
})

const meeting: Meeting = {
  id: 'm1',
  workspaceId: 'w1',
  title: 'Styringsgruppen',
  startsAt: '2026-12-07T09:00:00.000Z',
  endsAt: '2026-12-07T11:00:00.000Z',
  place: 'Bystyresalen',
  videoUrl: null,
  status: 'closed',
  chair: person('u1', 'Kari', 'politicians'),
  secretary: person('u2', 'Per', 'administration'),
  currentItemId: null,
  minutesDocumentId: null,
  itemCount: 2,
  createdBy: { id: 'u1', name: 'Kari' },
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-07T11:00:00.000Z',
  openedAt: '2026-12-07T09:00:00.000Z',
  closedAt: '2026-12-07T11:00:00.000Z',
  items: [
    {
      id: 'i1',
      meetingId: 'm1',
      position: 0,
      title: 'Ny turnus',
      document: { id: 'd1', title: 'Turnusvedtak', kind: 'decision', status: 'final', awaitingParties: [] },
      party: 'employees',
      plannedMinutes: 30,
      outcome: 'decided',
      outcomeNote: null,
      outcomeBy: { id: 'u2', name: 'Per' },
      outcomeAt: '2026-12-07T10:00:00.000Z',
      decision: { roundId: 'r1', outcome: 'approved', contentHash: 'ab'.repeat(32) },
    },
    {
      id: 'i2',
      meetingId: 'm1',
      position: 1,
      title: 'Budsjett',
      document: null,
      party: 'administration',
      plannedMinutes: null,
      outcome: 'sent_back',
      outcomeNote: 'Mer underlag',
      outcomeBy: { id: 'u2', name: 'Per' },
      outcomeAt: '2026-12-07T10:30:00.000Z',
      decision: null,
    },
  ],
  attendance: [
    { user: person('u1', 'Kari', 'politicians'), present: true, source: 'presence' },
    { user: person('u3', 'Ola', 'employees'), present: false, source: 'manual' },
  ],
}

const names = { politicians: 'Folkevalgte', administration: 'Administrasjonen', employees: 'Ansatte' }
const partyName = (key: string) => names[key as keyof typeof names] ?? key

describe('minutes draft', () => {
  it('[M9] reads back as the same content through the editor schema', () => {
    const json = minutesJson({ meeting, locale: 'nb', partyName })
    const doc = new Y.Doc()
    Y.applyUpdate(doc, contentUpdate(json))
    expect(contentJsonOf(doc)).toEqual(json)
    doc.destroy()
  })

  it('[M9] lists the present per party (the absent not), each outcome and the decision hash', () => {
    const text = JSON.stringify(minutesJson({ meeting, locale: 'nb', partyName }))
    expect(text).toContain('Folkevalgte: Kari')
    expect(text).toContain('Ansatte: ingen registrert')
    expect(text).not.toContain('Ola')
    expect(text).toContain('Utfall: vedtatt')
    expect(text).toContain('Utfall: sendt tilbake — Mer underlag')
    expect(text).toContain(`Turnusvedtak, innholdshash ${'ab'.repeat(32)}`)
    expect(text).toContain('7. desember 2026, 10:00–12:00')
  })

  it('[M9] is written in the drafter’s language', () => {
    expect(JSON.stringify(minutesJson({ meeting, locale: 'nn', partyName }))).toContain('Til stades')
    const en = JSON.stringify(minutesJson({ meeting, locale: 'en', partyName }))
    expect(en).toContain('Outcome: sent back')
    expect(en).toContain('7 December 2026')
  })
})
