/**
 * Request and response shapes of the HTTP API, as zod schemas shared by server (validation and the
 * OpenAPI document) and web app (forms). camelCase JSON, opaque string ids, ISO 8601 times in UTC.
 */
import { z } from 'zod'
import { TEXT_LIMITS } from './limits.js'
import {
  COMMENT_VISIBILITIES,
  DECISIONS,
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  LOCALES,
  PARTY_KEYS,
  ROLES,
  ROUND_OUTCOMES,
  THREAD_STATUSES,
} from './parties.js'

/**
 * Text every database stores the same way: no NUL (PostgreSQL refuses it) and no lone surrogates
 * (not Unicode; SQLite and PostgreSQL would each mangle them differently).
 */
export const storableText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL characters')
    .refine((s) => s.isWellFormed(), 'must be valid Unicode text')

/** Stored text that is not blank. */
export const trimmed = (max: number) =>
  storableText(max).refine((s) => s.trim().length > 0, 'must not be empty')

export const localeSchema = z.enum(LOCALES)
export const partyKeySchema = z.enum(PARTY_KEYS)
export const roleSchema = z.enum(ROLES)
export const documentKindSchema = z.enum(DOCUMENT_KINDS)
export const documentStatusSchema = z.enum(DOCUMENT_STATUSES)
export const emailSchema = z.email().max(TEXT_LIMITS.emailMax)
export const passwordSchema = storableText(TEXT_LIMITS.passwordMax)

export const signupBody = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: trimmed(TEXT_LIMITS.nameMax),
  invitationToken: storableText(200).optional(),
  /** The language the person was using while signing up; Bokmål when absent. */
  locale: localeSchema.optional(),
  /** The one-time set-up token, for the first account on an instance reachable from a network. */
  setupToken: storableText(200).optional(),
})
/**
 * The answer to a sign-up, the same whether the email was new or already had an account (so it
 * tells nobody which emails exist): no session; sign in with the same email and password next.
 */
export const signupAcceptedSchema = z.object({ next: z.literal('sign_in') })
export const loginBody = z.strictObject({
  email: z.string().max(TEXT_LIMITS.emailMax),
  password: passwordSchema,
})
export const changePasswordBody = z.strictObject({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
})
export const resetPasswordBody = z.strictObject({ token: storableText(200), newPassword: passwordSchema })
export const patchMeBody = z.strictObject({
  name: trimmed(TEXT_LIMITS.nameMax).optional(),
  locale: localeSchema.optional(),
})
export const createWorkspaceBody = z.strictObject({
  name: trimmed(TEXT_LIMITS.workspaceNameMax),
  party: partyKeySchema,
})
/** A new name, and/or the public index switched on or off (`/p/w/<slug>`; admins). */
export const patchWorkspaceBody = z.strictObject({
  name: trimmed(TEXT_LIMITS.workspaceNameMax).optional(),
  publicIndex: z.boolean().optional(),
})
export const patchMemberBody = z.strictObject({
  party: partyKeySchema.optional(),
  role: roleSchema.optional(),
  signatory: z.boolean().optional(),
})
export const createInvitationBody = z.strictObject({
  party: partyKeySchema,
  role: roleSchema,
  signatory: z.boolean().default(false),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .optional(),
  maxUses: z.number().int().min(1).max(1000).optional(),
})
export const createDocumentBody = z.strictObject({
  title: trimmed(TEXT_LIMITS.titleMax),
  kind: documentKindSchema,
})
export const patchDocumentBody = z.strictObject({
  title: trimmed(TEXT_LIMITS.titleMax).optional(),
  archived: z.boolean().optional(),
})
export const listDocumentsQuery = z.object({
  status: documentStatusSchema.optional(),
  kind: documentKindSchema.optional(),
  party: partyKeySchema.optional(),
  archived: z.enum(['true', 'false']).optional(),
})
/**
 * A search of the workspace's documents. `q` is taken as words, never as query syntax: quotes,
 * `*`, `OR`, `-` and the like are ordinary characters between words. `archived` as the list has it.
 */
export const searchQuery = z.object({
  q: trimmed(TEXT_LIMITS.searchQueryMax),
  archived: z.enum(['true', 'false']).optional(),
})

/**
 * A comment's body: plain text with line breaks, stored and returned exactly as sent (never
 * trimmed, never HTML); blank bodies are refused.
 */
export const commentBodySchema = storableText(TEXT_LIMITS.commentBodyMax).refine(
  (s) => s.trim().length > 0,
  'must not be empty',
)
export const commentVisibilitySchema = z.enum(COMMENT_VISIBILITIES)
export const threadStatusSchema = z.enum(THREAD_STATUSES)
/** Base64 of `Y.encodeRelativePosition` over the content fragment. */
const relativePositionSchema = z
  .string()
  .min(1)
  .max(TEXT_LIMITS.anchorPositionMax)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'must be base64')
export const anchorSchema = z.strictObject({ start: relativePositionSchema, end: relativePositionSchema })
export const createThreadBody = z.strictObject({
  anchor: anchorSchema,
  visibility: commentVisibilitySchema,
  body: commentBodySchema,
})
export const commentBody = z.strictObject({ body: commentBodySchema })
/** A `CommentRequest` of the collaboration protocol: the two routes' bodies, with the operation named. */
export const commentRequestSchema = z.discriminatedUnion('op', [
  createThreadBody.extend({ op: z.literal('thread.create') }),
  commentBody.extend({ op: z.literal('comment.add'), threadId: z.string().max(64) }),
])
export const listThreadsQuery = z.object({
  status: threadStatusSchema.optional(),
  party: partyKeySchema.optional(),
})

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  locale: localeSchema,
  instanceAdmin: z.boolean(),
  createdAt: z.string(),
})
export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  /** Whether the public index of its published decisions is on, at `/p/w/<slug>`. */
  publicIndex: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export const partySchema = z.object({
  key: partyKeySchema,
  labels: z.object({ nb: z.string(), nn: z.string(), en: z.string() }),
  color: z.string(),
})
export const membershipSchema = z.object({ party: partyKeySchema, role: roleSchema, signatory: z.boolean() })
export const myWorkspaceSchema = workspaceSchema
  .pick({ id: true, name: true, slug: true })
  .extend(membershipSchema.shape)
  .extend({
    /** Documents whose open sign-off round awaits my party's decision. */
    awaitingMyParty: z.number().int().nonnegative(),
  })
export const memberSchema = membershipSchema.extend({
  user: z.object({ id: z.string(), name: z.string(), email: z.string().optional() }),
  joinedAt: z.string(),
})
export const invitationSchema = z.object({
  id: z.string(),
  party: partyKeySchema,
  role: roleSchema,
  signatory: z.boolean(),
  uses: z.number(),
  maxUses: z.number(),
  expiresAt: z.string(),
  revoked: z.boolean(),
  createdAt: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
})
export const invitationPreviewSchema = z.object({
  workspace: z.object({ name: z.string() }),
  party: partyKeySchema,
  role: roleSchema,
  signatory: z.boolean(),
  valid: z.boolean(),
  reason: z.string().optional(),
  expiresAt: z.string(),
})
export const documentSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  title: z.string(),
  kind: documentKindSchema,
  status: documentStatusSchema,
  initiatingParty: partyKeySchema,
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean(),
  /** The final document this draft amends (its content was copied from that one's final version). */
  amendsId: z.string().nullable(),
})
/**
 * A document as the workspace's list shows it: with `openThreads`, its open shared threads plus the
 * viewer's own party's open internal ones (never another party's). Only the list carries it; a
 * document from anywhere else (the event stream, GET by id) has no count.
 */
export const documentListItemSchema = documentSchema.extend({
  openThreads: z.number().int().nonnegative(),
  /** The parties whose decision the document's open sign-off round still awaits; empty without one. */
  awaitingParties: z.array(partyKeySchema),
})
export const documentListResponseSchema = z.object({ documents: z.array(documentListItemSchema) })
/**
 * A stretch of a search result's text: plain text, `match` where it is one of the words searched
 * for. The parts in order are the snippet; the web app marks the matches (no HTML to trust).
 */
export const snippetPartSchema = z.object({ text: z.string(), match: z.boolean() })
export const searchResultSchema = z.object({
  document: documentSchema,
  /** Where the words occur in the document's text; its beginning when only the title matched. */
  snippet: z.array(snippetPartSchema),
})
export const searchResponseSchema = z.object({ results: z.array(searchResultSchema) })
/** Who wrote a comment or started a thread, with the party they wrote for (stamped by the server). */
export const commentAuthorSchema = z.object({ id: z.string(), name: z.string(), party: partyKeySchema })
export const commentSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  author: commentAuthorSchema,
  /** Plain text, exactly as written; empty once deleted. */
  body: z.string(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  /** Soft-deleted: the thread shows "comment deleted" in its place. */
  deleted: z.boolean(),
})
export const threadSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  /** The relative positions as given when the thread was started. */
  anchor: z.object({ start: z.string(), end: z.string() }),
  /** The anchored text when the thread was started (computed by the server from committed content). */
  quote: z.string(),
  /** All of the anchored text has been deleted: listed with its quote, shown detached. */
  orphaned: z.boolean(),
  visibility: commentVisibilitySchema,
  /** The party of whoever started the thread; `party` threads are seen by this party only. */
  party: partyKeySchema,
  status: threadStatusSchema,
  resolvedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  resolvedAt: z.string().nullable(),
  createdBy: commentAuthorSchema,
  createdAt: z.string(),
  /** Oldest first; the first is the thread's opening comment. */
  comments: z.array(commentSchema),
})
export const threadResponseSchema = z.object({ thread: threadSchema })
/**
 * A thread as a status change (resolve, reopen) answers it: everything but `orphaned`, which is the
 * content's business and is computed only where the thread is read (the list and GET), so that a
 * write never rebuilds the document. A client keeps the `orphaned` it already has.
 */
export const threadStateSchema = threadSchema.omit({ orphaned: true })
export const threadStateResponseSchema = z.object({ thread: threadStateSchema })
export const threadsResponseSchema = z.object({ threads: z.array(threadSchema) })
export const commentResponseSchema = z.object({ comment: commentSchema })
/**
 * One party's part in a document's dialogue, counting only what the caller may see (shared threads
 * and their own party's internal ones): `threads` started by its members, `replies` they wrote
 * (deleted ones not counted), `people` who did either.
 */
export const partyParticipationSchema = z.object({
  party: partyKeySchema,
  threads: z.number().int().nonnegative(),
  replies: z.number().int().nonnegative(),
  people: z.number().int().nonnegative(),
  /**
   * Content writes committed by the party's members' connections, counted by the server and stored
   * every EDIT_COUNTS_FLUSH_MS (so up to a few seconds behind).
   */
  edits: z.number().int().nonnegative(),
  /** Sign-off decisions the party's signatories made on the document, one per round at most. */
  decisions: z.number().int().nonnegative(),
})
/** Every party, in PARTY_KEYS order, those without any part at zero. */
export const participationResponseSchema = z.object({ parties: z.array(partyParticipationSchema) })
/** A content hash: SHA-256 (hex) of the canonical ProseMirror JSON of a version's content. */
export const contentHashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in hex')
export const decisionSchema = z.enum(DECISIONS)
export const roundOutcomeSchema = z.enum(ROUND_OUTCOMES)
export const startRoundBody = z.strictObject({
  /** When the parties are asked to have decided (ISO 8601). */
  dueAt: z.iso.datetime({ offset: true }).optional(),
  message: storableText(TEXT_LIMITS.roundMessageMax).optional(),
})
export const decideBody = z.strictObject({
  decision: decisionSchema,
  /** Required for a reservation or an objection; published with the decision. */
  note: storableText(TEXT_LIMITS.decisionNoteMax).optional(),
  /** The hash the signatory read and decides on: refused when it is not the round's. */
  contentHash: contentHashSchema,
  /** The party decided for: the signatory's own (the server knows it; a different one is refused). */
  party: partyKeySchema.optional(),
})
export const createVersionBody = z.strictObject({ name: trimmed(TEXT_LIMITS.versionNameMax) })
export const createAmendmentBody = z.strictObject({ title: trimmed(TEXT_LIMITS.titleMax).optional() })
export const diffQuery = z.object({
  from: z.string().max(64),
  /** A version id, or `current` for the committed content now. */
  to: z.string().max(64),
})
export const personSchema = z.object({ id: z.string(), name: z.string() })
export const roundSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  versionId: z.string(),
  contentHash: contentHashSchema,
  startedBy: personSchema,
  startedAt: z.string(),
  dueAt: z.string().nullable(),
  message: z.string().nullable(),
  /** null while the round is open. */
  outcome: roundOutcomeSchema.nullable(),
  endedBy: personSchema.nullable(),
  endedAt: z.string().nullable(),
})
export const roundDecisionSchema = z.object({
  party: partyKeySchema,
  decision: decisionSchema,
  note: z.string().nullable(),
  by: personSchema,
  at: z.string(),
  contentHash: contentHashSchema,
})
export const roundWithDecisionsSchema = z.object({
  round: roundSchema,
  decisions: z.array(roundDecisionSchema),
})
export const roundsResponseSchema = z.object({ rounds: z.array(roundWithDecisionsSchema) })
export const versionSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  /** A named version's name; null for the version a round started from. */
  name: z.string().nullable(),
  reason: z.enum(['round', 'named']),
  contentHash: contentHashSchema,
  createdBy: personSchema,
  createdAt: z.string(),
})
export const versionsResponseSchema = z.object({ versions: z.array(versionSchema) })
export const versionResponseSchema = z.object({
  version: versionSchema,
  /** ProseMirror JSON of the version's content. */
  content: z.record(z.string(), z.unknown()),
  contentHash: contentHashSchema,
})
/** A stretch of a block's text in a diff: in both, only in `to` (added) or only in `from` (removed). */
export const diffPartSchema = z.object({ text: z.string(), change: z.enum(['same', 'added', 'removed']) })
/**
 * One block (paragraph, heading, list item, table cell row…) of a diff, in document order: the same
 * in both, changed (its parts say how), only in `to` or only in `from`.
 */
export const diffBlockSchema = z.object({
  kind: z.enum(['same', 'changed', 'added', 'removed']),
  /** The block's node type (`paragraph`, `heading`…). */
  type: z.string(),
  parts: z.array(diffPartSchema),
  /** A changed block whose words are the same, but not its marks, links, attributes or place. */
  formatting: z.boolean().optional(),
})
export const diffResponseSchema = z.object({
  from: z.object({ id: z.string(), contentHash: contentHashSchema }),
  to: z.object({ id: z.string(), contentHash: contentHashSchema }),
  blocks: z.array(diffBlockSchema),
})
export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: personSchema,
  kind: z.enum([
    'round.started',
    'decision',
    'round.withdrawn',
    'round.ended',
    'document.final',
    'amendment.started',
  ]),
  documentId: z.string().nullable(),
  contentHash: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
})
export const auditQuery = z.object({
  /** Entries after this seq (the previous page's `next`). */
  after: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})
export const auditResponseSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Where the next page starts (`?after=`), or null when this was the last. */
  next: z.number().int().nullable(),
})
export const auditVerifyResponseSchema = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  finalDocuments: z.number().int(),
  /** The last entry's seq and hash: keep them elsewhere to tell later whether entries were cut off the end. */
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  /** What did not hold: a broken link of the chain, an entry whose hash is not its content's, a final version whose content does not hash to its record. */
  problems: z.array(z.string()),
})

export const createShareLinkBody = z.strictObject({
  /** When the link stops working (ISO 8601, in the future); it works until revoked when absent. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
})
export const shareLinkSchema = z.object({
  id: z.string(),
  createdBy: personSchema,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
})
/** A new link: its address (with the token) is shown this once and never again. */
export const createdShareLinkSchema = z.object({ link: shareLinkSchema.extend({ url: z.string() }) })
export const shareLinksResponseSchema = z.object({ links: z.array(shareLinkSchema) })
/**
 * The files a document exports to (members; the public for final documents): Markdown,
 * self-contained HTML, the content's canonical JSON (the bytes its hash is over), Word and PDF/A.
 */
export const EXPORT_FORMATS = ['md', 'html', 'json', 'docx', 'pdf'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]
export const exportQuery = z.object({ format: z.enum(EXPORT_FORMATS) })

export const errorSchema = z.object({ error: z.object({ id: z.string(), message: z.string() }) })

export const publicConfigSchema = z.object({
  /** Shortest password the server accepts. */
  passwordMinLength: z.number(),
  /** Whether signing up without an invitation works right now (open signup, or no account yet). */
  signupWithoutInvitation: z.boolean(),
  /** True until the first account (the instance admin) exists. */
  firstAccount: z.boolean(),
  /** Who may create workspaces: any signed-in user, or instance admins only. */
  workspaceCreation: z.enum(['anyone', 'admins']),
})

export type User = z.infer<typeof userSchema>
export type MyWorkspace = z.infer<typeof myWorkspaceSchema>
export type Membership = z.infer<typeof membershipSchema>
export type Party = z.infer<typeof partySchema>
export type InvitationPreview = z.infer<typeof invitationPreviewSchema>
export type PublicConfig = z.infer<typeof publicConfigSchema>
export type Workspace = z.infer<typeof workspaceSchema>
export type Member = z.infer<typeof memberSchema>
export type Invitation = z.infer<typeof invitationSchema>
export type DocumentInfo = z.infer<typeof documentSchema>
export type SnippetPart = z.infer<typeof snippetPartSchema>
export type SearchResult = z.infer<typeof searchResultSchema>
export type Thread = z.infer<typeof threadSchema>
export type ThreadState = z.infer<typeof threadStateSchema>
export type ThreadComment = z.infer<typeof commentSchema>
export type DocumentListItem = z.infer<typeof documentListItemSchema>
export type PartyParticipation = z.infer<typeof partyParticipationSchema>
export type Round = z.infer<typeof roundSchema>
export type RoundDecision = z.infer<typeof roundDecisionSchema>
export type RoundWithDecisions = z.infer<typeof roundWithDecisionsSchema>
export type Version = z.infer<typeof versionSchema>
export type DiffBlock = z.infer<typeof diffBlockSchema>
export type DiffResponse = z.infer<typeof diffResponseSchema>
export type AuditEntry = z.infer<typeof auditEntrySchema>
export type AuditKind = AuditEntry['kind']
export type ShareLink = z.infer<typeof shareLinkSchema>
