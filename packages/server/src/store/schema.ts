/** Table types for Kysely. One schema for SQLite and PostgreSQL; see migrations.ts. */
import type { Generated } from 'kysely'

export interface DocumentUpdateTable {
  /** Monotonic id; the order updates were committed in (per instance). */
  seq: Generated<number>
  document_id: string
  data: Uint8Array
  /** Epoch milliseconds. */
  created_at: number
  /** Position in the document's own log, without holes (PostgreSQL only; null on SQLite). */
  doc_seq: number | null
}

/** The last `doc_seq` given out per document (PostgreSQL): its row lock orders the document's commits. */
export interface DocumentHeadTable {
  document_id: string
  seq: number
}

export interface DocumentSnapshotTable {
  document_id: string
  /** Yjs update encoding the merged state of every update folded into it. */
  data: Uint8Array
  /** Bumped by every compaction; a compaction that read an older version must not overwrite. */
  version: number
  updated_at: number
  /** The highest `doc_seq` folded into it (0 on SQLite): a reader behind that reads the snapshot too. */
  through_seq: Generated<number>
}

/** Times are epoch milliseconds; booleans are 0/1 (one schema for SQLite and PostgreSQL). */
export interface UserTable {
  id: string
  /** Lower-cased. */
  email: string
  name: string
  password_hash: string
  locale: string
  instance_admin: number
  created_at: number
  updated_at: number
}

export interface SessionTable {
  /** SHA-256 of the token, hex; the token itself is never stored. */
  id: string
  user_id: string
  expires_at: number
  created_at: number
}

export interface LoginFailureTable {
  /** `email:<address>`, `ip:<client address>` or `password:<user id>` (the current-password check). */
  key: string
  /** Failures within the reset window, counting attempts still being checked (auth/login-throttle.ts). */
  failures: number
  /** Indexed: old rows are deleted by time after every failure. */
  last_failure_at: number
}

export interface WorkspaceTable {
  id: string
  name: string
  slug: string
  created_by: string
  created_at: number
  updated_at: number
  /** 1 while the workspace's public index (`/p/w/<slug>`) is on (0010); 0 by default. */
  public_index: number
}

export interface WorkspacePartyTable {
  workspace_id: string
  key: string
  position: number
  labels: string
  color: string
}

export interface MemberTable {
  workspace_id: string
  user_id: string
  party: string
  role: string
  signatory: number
  joined_at: number
}

export interface InvitationTable {
  id: string
  workspace_id: string
  token_hash: string
  party: string
  role: string
  signatory: number
  max_uses: number
  uses: number
  expires_at: number
  revoked_at: number | null
  created_by: string
  created_at: number
}

export interface PasswordResetTable {
  token_hash: string
  user_id: string
  created_by: string
  expires_at: number
  used_at: number | null
  created_at: number
}

export interface DocumentTable {
  id: string
  workspace_id: string
  title: string
  kind: string
  status: string
  /** When the document was last locked for a round (epoch ms; null before the first). */
  review_started_at?: number | null
  initiating_party: string
  created_by: string
  created_at: number
  updated_at: number
  archived: number
  /** The final document this one amends (0007). */
  amends_id: string | null
}

/** A comment thread on a document's text; see migrations.ts 0005. */
export interface ThreadTable {
  id: string
  document_id: string
  /** `Y.encodeRelativePosition` of the anchor's ends, into the content fragment. */
  anchor_start: Uint8Array
  anchor_end: Uint8Array
  /** The anchored text when the thread was started. */
  quote: string
  /** `shared` | `party`. */
  visibility: string
  /** The starter's party at the time; `party` threads are seen by its members only. */
  party: string
  /** `open` | `resolved`. */
  status: string
  resolved_by: string | null
  resolved_at: number | null
  created_by: string
  created_at: number
}

export interface CommentTable {
  id: string
  thread_id: string
  author_id: string
  /** The author's party when they wrote it (stamped by the server). */
  author_party: string
  body: string
  created_at: number
  edited_at: number | null
  /** Soft delete: the row stays so the thread can show "comment deleted". */
  deleted_at: number | null
}

/**
 * What one party has written on one document, kept up to date in the same transaction as every
 * discussion write (0006): the caps are checked against it in one row read, and per party, so that
 * neither the check's cost nor its answer depends on another party's internal threads.
 */
export interface DiscussionBudgetTable {
  document_id: string
  party: string
  /** Threads started by the party's members (`threads.party`), shared and internal. */
  threads: number
  /** Comments written for the party (`comments.author_party`), deleted ones too: their rows stay. */
  comments: number
  /** Characters (code points) of those comments' bodies; a deleted comment's are given back. */
  chars: number
}

/** A stored copy of a document's content (0007): at every round's start, or named by an editor. */
export interface DocumentVersionTable {
  id: string
  document_id: string
  name: string | null
  /** `round` | `named`. */
  reason: string
  /** Canonical ProseMirror JSON of the content (what the hash is over). */
  content_json: string
  content_hash: string
  /** The Y.Doc's state, from which an amendment's content is copied. */
  yjs_state: Uint8Array
  created_by: string
  created_at: number
}

export interface SignOffRoundTable {
  id: string
  document_id: string
  version_id: string
  content_hash: string
  started_by: string
  started_at: number
  due_at: number | null
  message: string | null
  /** null while open; `approved` | `changes_requested` | `withdrawn`. */
  outcome: string | null
  ended_by: string | null
  ended_at: number | null
}

/** A party's current decision in a round: one row per round and party (a change replaces it; the audit log keeps each). */
export interface SignOffDecisionTable {
  round_id: string
  party: string
  decision: string
  note: string | null
  decided_by: string
  decided_at: number
  content_hash: string
}

/**
 * Who has decided in a round, and for which party (0009): one person decides for one party per
 * round, whatever their membership says later (an admin moving themselves between parties must not
 * approve for all three).
 */
export interface SignOffDeciderTable {
  round_id: string
  user_id: string
  party: string
}

/** One workspace's hash-chained record of sign-off (0007): each entry carries the previous one's hash. */
export interface AuditLogTable {
  workspace_id: string
  seq: number
  at: number
  actor_id: string
  kind: string
  document_id: string | null
  content_hash: string | null
  /** JSON of what the entry says beyond the columns (the decision, its note, the outcome). */
  payload: string
  prev_hash: string
  hash: string
}

/** A read-only link for the public (0008): only the token's SHA-256 is stored. */
export interface ShareLinkTable {
  id: string
  document_id: string
  token_hash: string
  created_by: string
  created_at: number
  expires_at: number | null
  revoked_at: number | null
  revoked_by: string | null
  /** Moved at most once a minute (a busy page must not write on every view). */
  last_used_at: number | null
}

/**
 * A published document's public identity (0010): a random UUID, made when the public index first
 * lists the document, used in its address there and as its feed entry's id instead of its own id.
 */
export interface DocumentPublicIdTable {
  document_id: string
  public_id: string
}

/** A sitting of the forum (0012). `status`: `planned` | `open` | `closed`. */
export interface MeetingTable {
  id: string
  workspace_id: string
  title: string
  starts_at: number
  ends_at: number
  place: string | null
  video_url: string | null
  status: string
  chair_id: string | null
  secretary_id: string | null
  current_item_id: string | null
  minutes_document_id: string | null
  created_by: string
  created_at: number
  updated_at: number
  opened_at: number | null
  closed_at: number | null
}

/** One item of a meeting's agenda (0012); `position` is 0..n-1 without gaps. */
export interface AgendaItemTable {
  id: string
  meeting_id: string
  position: number
  title: string
  document_id: string | null
  /** The party that brings the item. */
  party: string
  planned_minutes: number | null
  /** `decided` | `postponed` | `sent_back` | `noted`, or null. */
  outcome: string | null
  outcome_note: string | null
  outcome_by: string | null
  outcome_at: number | null
  /** For `decided`: the linked document's latest round when it was recorded. */
  decision_round_id: string | null
  created_at: number
}

/** Who was at a meeting (0012): seen on its page while open (`presence`) or set by hand (`manual`). */
export interface MeetingAttendanceTable {
  meeting_id: string
  user_id: string
  /** The member's party when recorded. */
  party: string
  present: number
  source: string
  updated_by: string | null
  updated_at: number
}

/** A task a final decision gives to a responsible party (0013). `status`: see FOLLOW_UP_STATUSES. */
export interface FollowUpItemTable {
  id: string
  workspace_id: string
  document_id: string
  title: string
  party: string
  /** A member of `party` when set (checked when set, not kept in step with later moves). */
  assignee_id: string | null
  /** `YYYY-MM-DD`: a day, no time or zone (sorts as text). */
  due_date: string
  status: string
  created_by: string
  created_at: number
  updated_at: number
}

/** One entry in a follow-up item's history (0013): author and party stamped by the server. */
export interface FollowUpNoteTable {
  id: string
  item_id: string
  author_id: string
  author_party: string
  /** The status the item moved to, when it did. */
  status: string | null
  /** Empty when only the status moved. */
  note: string
  created_at: number
}

/** Edits committed per document, writing party and UTC day (0013), added to in batches. */
export interface EditCountTable {
  document_id: string
  workspace_id: string
  party: string
  /** `YYYY-MM-DD` (UTC). */
  day: string
  edits: number
}

export interface Database {
  document_updates: DocumentUpdateTable
  document_snapshots: DocumentSnapshotTable
  document_heads: DocumentHeadTable
  users: UserTable
  sessions: SessionTable
  login_failures: LoginFailureTable
  workspaces: WorkspaceTable
  workspace_parties: WorkspacePartyTable
  members: MemberTable
  invitations: InvitationTable
  password_resets: PasswordResetTable
  documents: DocumentTable
  threads: ThreadTable
  comments: CommentTable
  discussion_budgets: DiscussionBudgetTable
  document_versions: DocumentVersionTable
  sign_off_rounds: SignOffRoundTable
  sign_off_decisions: SignOffDecisionTable
  audit_log: AuditLogTable
  share_links: ShareLinkTable
  sign_off_deciders: SignOffDeciderTable
  document_public_ids: DocumentPublicIdTable
  meetings: MeetingTable
  agenda_items: AgendaItemTable
  meeting_attendance: MeetingAttendanceTable
  follow_up_items: FollowUpItemTable
  follow_up_notes: FollowUpNoteTable
  edit_counts: EditCountTable
}

export type Dialect = 'sqlite' | 'postgres'
