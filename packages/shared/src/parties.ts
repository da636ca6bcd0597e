/**
 * The parties of a cooperation forum, member roles and UI languages. Free of zod, so the web app
 * can import it as `@trepart/shared/parties` without pulling the schemas into every page. Party colours are Okabe–Ito
 * hues darkened to at least 4.5:1 against white; they are always shown with the party's name.
 */
import { LOCALES, type Locale } from './limits.js'

export { LOCALES, type Locale }

export const PARTY_KEYS = ['politicians', 'administration', 'employees'] as const
export type PartyKey = (typeof PARTY_KEYS)[number]

export interface PartyDefinition {
  key: PartyKey
  labels: Record<Locale, string>
  color: string
}

export const DEFAULT_PARTIES: readonly PartyDefinition[] = [
  {
    key: 'politicians',
    labels: { nb: 'Folkevalgte', nn: 'Folkevalde', en: 'Elected politicians' },
    color: '#8E4472',
  },
  {
    key: 'administration',
    labels: { nb: 'Administrasjonen', nn: 'Administrasjonen', en: 'Administration' },
    color: '#0072B2',
  },
  {
    key: 'employees',
    labels: { nb: 'Ansatte og tillitsvalgte', nn: 'Tilsette og tillitsvalde', en: 'Employees and unions' },
    color: '#B24E00',
  },
]

/** The colour of someone or something without a known party (a dark grey, 4.5:1 on white and on it). */
export const FALLBACK_PARTY_COLOR = '#444444'

export function partyColor(key: string): string {
  return DEFAULT_PARTIES.find((p) => p.key === key)?.color ?? FALLBACK_PARTY_COLOR
}

/** Roles from least to most: each includes what the ones before it may do. */
export const ROLES = ['viewer', 'commenter', 'editor', 'admin'] as const
export type Role = (typeof ROLES)[number]

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum)
}

/** Editors and admins write document content; commenters and viewers read it. */
export function roleCanWrite(role: Role): boolean {
  return roleAtLeast(role, 'editor')
}

export const DOCUMENT_KINDS = ['proposal', 'decision', 'minutes'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

export const DOCUMENT_STATUSES = ['draft', 'in_review', 'final'] as const
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number]

/**
 * The one write rule for document content, on the server (upgrades, every access change of an
 * open connection, locks) and in the web app alike: editors and admins write a draft; a document
 * under review or final takes no writes from anyone.
 */
export function canWrite(role: Role, status: DocumentStatus): boolean {
  return roleCanWrite(role) && status === 'draft'
}

/**
 * Who may publish a document through a share link, on the server and in the web app alike: a
 * workspace admin or a signatory, and for a final document also any editor. A signatory demoted to
 * viewer keeps the flag, not the say over publishing.
 */
export function mayShareDocument(
  member: { role: Role; signatory: boolean },
  status: DocumentStatus,
): boolean {
  return (
    member.role === 'admin' ||
    (member.signatory && roleAtLeast(member.role, 'commenter')) ||
    (status === 'final' && roleAtLeast(member.role, 'editor'))
  )
}

/** Who may revoke a share link: the member who made it, a signatory or a workspace admin. */
export function mayRevokeShareLink(
  member: { userId: string; role: Role; signatory: boolean },
  link: { createdById: string },
): boolean {
  return link.createdById === member.userId || member.role === 'admin' || member.signatory
}

/**
 * A party's decision in a sign-off round: approve, approve with a reservation (its note is
 * published with the decision) or object (its note says why; it ends the round and unlocks the draft).
 */
export const DECISIONS = ['approve', 'approve_with_reservation', 'object'] as const
export type Decision = (typeof DECISIONS)[number]

/** How a round ended: every party approved (final), one objected, or it was withdrawn. */
export const ROUND_OUTCOMES = ['approved', 'changes_requested', 'withdrawn'] as const
export type RoundOutcome = (typeof ROUND_OUTCOMES)[number]

/** `shared`: every member sees the thread; `party`: only members of the author's party ever do. */
export const COMMENT_VISIBILITIES = ['shared', 'party'] as const
export type CommentVisibility = (typeof COMMENT_VISIBILITIES)[number]

export const THREAD_STATUSES = ['open', 'resolved'] as const
export type ThreadStatus = (typeof THREAD_STATUSES)[number]

/** Commenters, editors and admins start threads, reply and resolve; viewers only read. */
export function roleCanComment(role: Role): boolean {
  return roleAtLeast(role, 'commenter')
}
