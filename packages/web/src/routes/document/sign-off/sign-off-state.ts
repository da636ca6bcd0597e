/**
 * The sign-off panel's pure parts, from a document's rounds (oldest first, as the API lists them):
 * the open round, each party's state in it, the objection a draft shows until the next round,
 * the round that made the document final, who may decide or withdraw, and short hashes.
 */
import type { Decision, DocumentStatus, PartyKey } from '@trepart/shared/parties'
import { PARTY_KEYS } from '@trepart/shared/parties'
import type { RoundDecision, RoundWithDecisions } from '../../../lib/api.js'

export interface PartyState {
  party: PartyKey
  /** The party's current decision in the round; null while it is awaited. */
  decision: RoundDecision | null
}

/** The round still open (no outcome yet), if any. */
export function openRound(rounds: readonly RoundWithDecisions[]): RoundWithDecisions | null {
  return rounds.find((r) => r.round.outcome === null) ?? null
}

/** Every party in the fixed order, with its decision in `round` or none yet. */
export function partyStates(round: RoundWithDecisions): PartyState[] {
  return PARTY_KEYS.map((party) => ({
    party,
    decision: round.decisions.find((d) => d.party === party) ?? null,
  }))
}

/**
 * The round that ended in "changes requested", while no later round has started: a draft shows
 * its objection (and the other parties' decisions) until then.
 */
export function objectedRound(rounds: readonly RoundWithDecisions[]): RoundWithDecisions | null {
  const last = rounds.at(-1)
  return last?.round.outcome === 'changes_requested' ? last : null
}

/** The round every party approved (the decision record of a final document). */
export function approvedRound(rounds: readonly RoundWithDecisions[]): RoundWithDecisions | null {
  return rounds.findLast((r) => r.round.outcome === 'approved') ?? null
}

/**
 * What "changes since the last round" compares: on a draft, the latest round's version with the
 * text now; while a round is open or once final (the text is that round's), the round before it
 * with this one. Null when there is nothing to compare with.
 */
export function sinceLastRound(
  rounds: readonly RoundWithDecisions[],
  status: DocumentStatus,
): { from: string; to: string } | null {
  const last = rounds.at(-1)
  if (!last) return null
  if (status === 'draft') return { from: last.round.versionId, to: 'current' }
  const before = rounds.at(-2)
  return before ? { from: before.round.versionId, to: last.round.versionId } : null
}

/** Whether a member may decide in the open round: a signatory (for their own party). */
export function mayDecide(
  membership: { signatory: boolean } | null,
  round: RoundWithDecisions | null,
): boolean {
  return round !== null && round.round.outcome === null && membership?.signatory === true
}

/** Whether a member may withdraw the open round: the one who started it, or any signatory. */
export function mayWithdraw(
  userId: string,
  membership: { signatory: boolean } | null,
  round: RoundWithDecisions | null,
): boolean {
  if (!round || round.round.outcome !== null) return false
  return round.round.startedBy.id === userId || membership?.signatory === true
}

/** Whether `decision` needs a note (a reservation or an objection). */
export function needsNote(decision: Decision): boolean {
  return decision !== 'approve'
}

/** A content hash as people compare it at a glance: its first 12 hex digits. */
export function shortHash(hash: string): string {
  return hash.length > 12 ? `${hash.slice(0, 12)}…` : hash
}

/**
 * The parties a 409 `signoff.no_signatory` names: the server's message ends with them
 * ("… none in politicians, employees"); only known keys are taken.
 */
export function partiesWithoutSignatory(message: string): PartyKey[] {
  const tail = message.split(/none in/i)[1] ?? ''
  return PARTY_KEYS.filter((key) => new RegExp(`\\b${key}\\b`).test(tail))
}

/** A date input's day (YYYY-MM-DD) as the end of that day in the reader's time zone, in ISO 8601. */
export function dueAtFromDay(day: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  if (!match) return undefined
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 0)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
}
