/**
 * What the soak's coordinator and its two worker processes (honest editors, abusive account) tell
 * each other over the fork IPC channel. Each side runs in its own process so that the attack
 * loops' event loop never delays the honest clients' receive timestamps.
 */
import type { AttackReport } from './tally.js'

export type Phase = 'warmup' | 'baseline' | 'attack' | 'cooldown'

export interface Account {
  userId: string
  email: string
  password: string
  /** `Cookie` header value (`trepart_session=…`). */
  cookie: string
}

export interface HonestStart {
  type: 'start'
  wsBase: string
  documentId: string
  origin: string
  cookies: string[]
  /** Mean edits per second per client. */
  editsPerSecond: number
}

export interface EditRecord {
  writer: number
  seq: number
  phase: Phase
  /** Milliseconds until both other honest clients had it; null if one never did. */
  latencyMs: number | null
}

export interface HonestReport {
  type: 'report'
  edits: EditRecord[]
  disconnects: number[]
  /** Milliseconds waited at the end for the last edits to arrive. */
  drainMs: number
}

export type ToHonest = HonestStart | { type: 'phase'; phase: Phase } | { type: 'stop' }
export type FromHonest = { type: 'synced'; ms: number } | HonestReport | { type: 'failed'; error: string }

export interface AttackTarget {
  httpBase: string
  port: number
  origin: string
  workspaceId: string
  documentId: string
  /** The abusive viewer's sessions (one account, signed in more than once). */
  cookies: string[]
  /** An invitation link the viewer still holds (for sign-ups with a taken email). */
  invitationToken: string
  /** Emails of honest accounts (wrong-password logins, taken-email sign-ups). */
  honestEmails: string[]
}

export interface AttackerStart {
  type: 'start'
  target: AttackTarget
  durationMs: number
}

export interface AttackerReport {
  type: 'report'
  attacks: AttackReport[]
  /** Attack names left out, each with the reason. */
  omitted: Array<{ attack: string; why: string }>
  /** Peaks of what the account held open for more than a second, sampled each second. */
  heldPeak: { websockets: number; eventStreams: number; rawSockets: number }
  /** Sockets still open when the attacker cleaned up (all of them are then destroyed). */
  leftAtCleanup: number
  elapsedMs: number
}

export type FromAttacker = AttackerReport | { type: 'failed'; error: string }
