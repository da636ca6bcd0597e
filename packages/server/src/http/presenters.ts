/** Database rows → API JSON: camelCase, ISO 8601 times in UTC, booleans. */
import {
  type AuditEntry,
  type CommentVisibility,
  type DocumentInfo,
  type DocumentListItem,
  type Invitation,
  type Member,
  PARTY_KEYS,
  type PartyKey,
  type PartyParticipation,
  type Role,
  type Round,
  type RoundDecision,
  type Thread,
  type ThreadComment,
  type ThreadState,
  type ThreadStatus,
  type User,
  type Version,
  type Workspace,
} from '@trepart/shared'
import type { ResolvedAnchor } from '../comments/anchor.js'
import type { AuditRow } from '../store/audit-log.js'
import type { DocumentRow } from '../store/documents.js'
import type { InvitationRow } from '../store/invitations.js'
import type { MemberWithUser, WorkspaceRow } from '../store/memberships.js'
import type { DecisionRow, RoundRow, VersionRow } from '../store/sign-off.js'
import type { CommentWithAuthor, ParticipationRow, ThreadWithNames } from '../store/threads.js'
import type { UserRow } from '../store/users.js'

const iso = (ms: number) => new Date(ms).toISOString()

export function presentUser(u: UserRow): User {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    locale: u.locale as User['locale'],
    instanceAdmin: u.instance_admin === 1,
    createdAt: iso(u.created_at),
  }
}

export function presentWorkspace(w: WorkspaceRow): Workspace {
  return {
    id: w.id,
    name: w.name,
    slug: w.slug,
    publicIndex: w.public_index === 1,
    createdAt: iso(w.created_at),
    updatedAt: iso(w.updated_at),
  }
}

/** Email only for admins of the same workspace. */
export function presentMember(m: MemberWithUser, viewerIsAdmin: boolean): Member {
  return {
    user: { id: m.user_id, name: m.name, ...(viewerIsAdmin ? { email: m.email } : {}) },
    party: m.party as PartyKey,
    role: m.role as Role,
    signatory: m.signatory === 1,
    joinedAt: iso(m.joined_at),
  }
}

export function presentInvitation(i: InvitationRow & { creator_name: string }): Invitation {
  return {
    id: i.id,
    party: i.party as PartyKey,
    role: i.role as Role,
    signatory: i.signatory === 1,
    uses: i.uses,
    maxUses: i.max_uses,
    expiresAt: iso(i.expires_at),
    revoked: i.revoked_at !== null,
    createdAt: iso(i.created_at),
    createdBy: { id: i.created_by, name: i.creator_name },
  }
}

export function presentDocument(d: DocumentRow & { creator_name: string }): DocumentInfo {
  return {
    id: d.id,
    workspaceId: d.workspace_id,
    title: d.title,
    kind: d.kind as DocumentInfo['kind'],
    status: d.status as DocumentInfo['status'],
    initiatingParty: d.initiating_party as PartyKey,
    createdBy: { id: d.created_by, name: d.creator_name },
    createdAt: iso(d.created_at),
    updatedAt: iso(d.updated_at),
    archived: d.archived === 1,
    amendsId: d.amends_id ?? null,
  }
}

/**
 * A document in the workspace's list, with the open threads its viewer may see and the parties
 * its open sign-off round still awaits.
 */
export function presentDocumentListItem(
  d: DocumentRow & { creator_name: string },
  openThreads: number,
  awaitingParties: PartyKey[],
): DocumentListItem {
  return { ...presentDocument(d), openThreads, awaitingParties }
}

/**
 * Every party in PARTY_KEYS order, at zero where the rows have none; `counted` adds each party's
 * edits and sign-off decisions.
 */
export function presentParticipation(
  rows: readonly ParticipationRow[],
  counted: ReadonlyMap<string, { edits: number; decisions: number }> = new Map(),
): PartyParticipation[] {
  const byParty = new Map(rows.map((r) => [r.party, r]))
  return PARTY_KEYS.map((party) => {
    const row = byParty.get(party)
    return {
      party,
      threads: row?.threads ?? 0,
      replies: row?.replies ?? 0,
      people: row?.people ?? 0,
      edits: counted.get(party)?.edits ?? 0,
      decisions: counted.get(party)?.decisions ?? 0,
    }
  })
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64')

/** A deleted comment keeps its author and times; its body is gone. */
export function presentComment(m: CommentWithAuthor): ThreadComment {
  return {
    id: m.id,
    threadId: m.thread_id,
    author: { id: m.author_id, name: m.author_name, party: m.author_party as PartyKey },
    body: m.deleted_at === null ? m.body : '',
    createdAt: iso(Number(m.created_at)),
    editedAt: m.edited_at === null ? null : iso(Number(m.edited_at)),
    deleted: m.deleted_at !== null,
  }
}

/** A thread without `orphaned` (resolve and reopen answer this); `comments` are its own, oldest first. */
export function presentThreadState(t: ThreadWithNames, comments: readonly CommentWithAuthor[]): ThreadState {
  return {
    id: t.id,
    documentId: t.document_id,
    anchor: { start: base64(t.anchor_start), end: base64(t.anchor_end) },
    quote: t.quote,
    visibility: t.visibility as CommentVisibility,
    party: t.party as PartyKey,
    status: t.status as ThreadStatus,
    resolvedBy: t.resolved_by === null ? null : { id: t.resolved_by, name: t.resolver_name ?? '' },
    resolvedAt: t.resolved_at === null ? null : iso(Number(t.resolved_at)),
    createdBy: { id: t.created_by, name: t.creator_name, party: t.party as PartyKey },
    createdAt: iso(Number(t.created_at)),
    comments: comments.map(presentComment),
  }
}

/** `anchor` is the resolution against the content now (null: it no longer resolves, so orphaned). */
export function presentThread(
  t: ThreadWithNames,
  anchor: ResolvedAnchor | null,
  comments: readonly CommentWithAuthor[],
): Thread {
  return { ...presentThreadState(t, comments), orphaned: anchor === null || anchor.orphaned }
}

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(Number(ms)))

export function presentRound(r: RoundRow): Round {
  return {
    id: r.id,
    documentId: r.document_id,
    versionId: r.version_id,
    contentHash: r.content_hash,
    startedBy: { id: r.started_by, name: r.started_by_name },
    startedAt: iso(Number(r.started_at)),
    dueAt: isoOrNull(r.due_at),
    message: r.message,
    outcome: r.outcome as Round['outcome'],
    endedBy: r.ended_by === null ? null : { id: r.ended_by, name: r.ended_by_name ?? '' },
    endedAt: isoOrNull(r.ended_at),
  }
}

export function presentDecision(d: DecisionRow): RoundDecision {
  return {
    party: d.party as PartyKey,
    decision: d.decision as RoundDecision['decision'],
    note: d.note,
    by: { id: d.decided_by, name: d.decided_by_name },
    at: iso(Number(d.decided_at)),
    contentHash: d.content_hash,
  }
}

export function presentVersion(
  v: Pick<
    VersionRow,
    'id' | 'document_id' | 'name' | 'reason' | 'content_hash' | 'created_by' | 'created_at'
  > & {
    created_by_name: string
  },
): Version {
  return {
    id: v.id,
    documentId: v.document_id,
    name: v.name,
    reason: v.reason as Version['reason'],
    contentHash: v.content_hash,
    createdBy: { id: v.created_by, name: v.created_by_name },
    createdAt: iso(Number(v.created_at)),
  }
}

export function presentAuditEntry(e: AuditRow): AuditEntry {
  return {
    seq: Number(e.seq),
    at: iso(Number(e.at)),
    actor: { id: e.actor_id, name: e.actor_name },
    kind: e.kind as AuditEntry['kind'],
    documentId: e.document_id,
    contentHash: e.content_hash,
    payload: JSON.parse(e.payload) as Record<string, unknown>,
    prevHash: e.prev_hash,
    hash: e.hash,
  }
}
