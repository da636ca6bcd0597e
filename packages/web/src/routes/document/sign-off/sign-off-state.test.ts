import { describe, expect, it } from 'vitest'
import type { RoundWithDecisions } from '../../../lib/api.js'
import {
  approvedRound,
  dueAtFromDay,
  mayDecide,
  mayWithdraw,
  needsNote,
  objectedRound,
  openRound,
  partiesWithoutSignatory,
  partyStates,
  shortHash,
  sinceLastRound,
} from './sign-off-state.js'

const HASH = 'a'.repeat(64)

function round(
  id: string,
  outcome: RoundWithDecisions['round']['outcome'],
  decisions: RoundWithDecisions['decisions'] = [],
): RoundWithDecisions {
  return {
    round: {
      id,
      documentId: 'd',
      versionId: `v-${id}`,
      contentHash: HASH,
      startedBy: { id: 'starter', name: 'Starter' },
      startedAt: '2026-12-06T08:00:00.000Z',
      dueAt: null,
      message: null,
      outcome,
      endedBy: null,
      endedAt: null,
    },
    decisions,
  }
}

const decision = (party: 'politicians' | 'administration' | 'employees', kind: 'approve' | 'object') => ({
  party,
  decision: kind,
  note: kind === 'object' ? 'Nei' : null,
  by: { id: party, name: party },
  at: '2026-12-06T08:01:00.000Z',
  contentHash: HASH,
})

describe('sign-off state', () => {
  it('lists every party in order, awaited ones without a decision', () => {
    const states = partyStates(round('1', null, [decision('employees', 'approve')]))
    expect(states.map((s) => [s.party, s.decision?.decision ?? null])).toEqual([
      ['politicians', null],
      ['administration', null],
      ['employees', 'approve'],
    ])
  })

  it('finds the open round, the objection until the next round, and the approved round', () => {
    const objected = round('1', 'changes_requested', [decision('politicians', 'object')])
    expect(openRound([objected])).toBeNull()
    expect(objectedRound([objected])?.round.id).toBe('1')
    const next = round('2', null)
    expect(objectedRound([objected, next])).toBeNull()
    expect(openRound([objected, next])?.round.id).toBe('2')
    expect(sinceLastRound([objected], 'draft')).toEqual({ from: 'v-1', to: 'current' })
    expect(sinceLastRound([objected, next], 'in_review')).toEqual({ from: 'v-1', to: 'v-2' })
    expect(sinceLastRound([next], 'in_review')).toBeNull()
    expect(sinceLastRound([], 'draft')).toBeNull()
    expect(approvedRound([objected, round('3', 'approved')])?.round.id).toBe('3')
    expect(approvedRound([objected])).toBeNull()
  })

  it('lets signatories decide, and the starter or a signatory withdraw, only while the round is open', () => {
    const open = round('1', null)
    expect(mayDecide({ signatory: true }, open)).toBe(true)
    expect(mayDecide({ signatory: false }, open)).toBe(false)
    expect(mayDecide(null, open)).toBe(false)
    expect(mayDecide({ signatory: true }, round('1', 'withdrawn'))).toBe(false)
    expect(mayWithdraw('starter', { signatory: false }, open)).toBe(true)
    expect(mayWithdraw('someone', { signatory: true }, open)).toBe(true)
    expect(mayWithdraw('someone', { signatory: false }, open)).toBe(false)
    expect(mayWithdraw('starter', { signatory: true }, round('1', 'approved'))).toBe(false)
  })

  it('asks a note for reservations and objections only', () => {
    expect(needsNote('approve')).toBe(false)
    expect(needsNote('approve_with_reservation')).toBe(true)
    expect(needsNote('object')).toBe(true)
  })

  it('shortens a hash and reads the parties without a signatory from the server’s message', () => {
    expect(shortHash(HASH)).toBe(`${'a'.repeat(12)}…`)
    expect(
      partiesWithoutSignatory('Every party needs a signatory before a round: none in politicians, employees'),
    ).toEqual(['politicians', 'employees'])
    expect(partiesWithoutSignatory('something else')).toEqual([])
  })

  it('turns a due day into the end of that day', () => {
    const iso = dueAtFromDay('2026-12-24')!
    const date = new Date(iso)
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours()]).toEqual([2026, 11, 24, 23])
    expect(dueAtFromDay('')).toBeUndefined()
    expect(dueAtFromDay('24.12.2026')).toBeUndefined()
  })
})
