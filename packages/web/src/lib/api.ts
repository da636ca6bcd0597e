/**
 * The HTTP API from the browser: one function per route the web app uses, over Hono's typed `hc`
 * client with the session cookie (`credentials: 'same-origin'`). Paths, parameters, bodies and
 * answers are typed from the server's routes themselves (`Api`, a type-only import: the bundle
 * carries neither the server nor zod). Every non-2xx answer becomes an {@link ApiError} with the
 * server's stable error id; a request that never got an answer becomes one with status 0 and id
 * {@link NETWORK_ERROR}.
 */

import type { Api } from '@trepart/server'
import type {
  changePasswordBody,
  commentBody,
  createAmendmentBody,
  createDocumentBody,
  createInvitationBody,
  createShareLinkBody,
  createThreadBody,
  createVersionBody,
  createWorkspaceBody,
  DiffBlock,
  DiffResponse,
  DocumentInfo,
  decideBody,
  ExportFormat,
  Invitation,
  invitationPreviewSchema,
  listDocumentsQuery,
  listThreadsQuery,
  loginBody,
  Member,
  membershipSchema,
  myWorkspaceSchema,
  PartyParticipation,
  PublicConfig,
  partySchema,
  patchDocumentBody,
  patchMeBody,
  patchMemberBody,
  patchWorkspaceBody,
  Round,
  RoundDecision,
  RoundWithDecisions,
  resetPasswordBody,
  SearchResult,
  ShareLink,
  SnippetPart,
  searchQuery,
  signupBody,
  startRoundBody,
  Thread,
  ThreadComment,
  ThreadState,
  User,
  Version,
  Workspace,
} from '@trepart/shared'
// From the zod-free module: importing the value from the index would keep the schemas in every page.
import { TEXT_LIMITS } from '@trepart/shared/limits'
import { type ClientResponse, hc } from 'hono/client'
import type { ResponseFormat } from 'hono/types'
import type { SuccessStatusCode } from 'hono/utils/http-status'

/** What a zod schema parses to (zod's `z.output`), without a dependency on zod in the web app. */
type Output<T> = T extends { _zod: { output: infer O } } ? O : never
/** What a zod schema accepts (zod's `z.input`): fields with defaults are optional here. */
export type Input<T> = T extends { _zod: { input: infer I } } ? I : never

export type {
  DiffBlock,
  DiffResponse,
  DocumentInfo,
  ExportFormat,
  Invitation,
  Member,
  PartyParticipation,
  PublicConfig,
  Round,
  RoundDecision,
  RoundWithDecisions,
  SearchResult,
  ShareLink,
  SnippetPart,
  Thread,
  ThreadComment,
  ThreadState,
  User,
  Version,
  Workspace,
}
export type NewRound = Input<typeof startRoundBody>
export type Decide = Input<typeof decideBody>
export type ThreadQuery = Input<typeof listThreadsQuery>
export type NewThread = Input<typeof createThreadBody>
export type DocumentFilter = Input<typeof listDocumentsQuery>
export type SearchQuery = Input<typeof searchQuery>
export type MyWorkspace = Output<typeof myWorkspaceSchema>
export type Membership = Output<typeof membershipSchema>
export type Party = Output<typeof partySchema>
export type InvitationPreview = Output<typeof invitationPreviewSchema>

export { TEXT_LIMITS }

/** The id of an {@link ApiError} for a request that got no answer (offline, server down). */
export const NETWORK_ERROR = 'network'

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    /** The HTTP status; 0 when there was no answer. */
    readonly status: number,
    /** The server's stable error id (`auth.invalid_credentials`, …), see `ErrorId` in @trepart/shared. */
    readonly id: string,
    /** The server's English message, for logs; users see a text chosen by `id`. */
    message: string,
    /** From `Retry-After` (seconds), when the server sent it. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message)
  }
}

/** Whether `error` is an API answer with this status. */
export function isStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.status === status
}

/** The `{ error: { id, message } }` of a refused answer (an HTTP body or a socket's comment answer). */
export function readErrorBody(data: unknown): { id: string; message: string } | null {
  if (typeof data !== 'object' || data === null || !('error' in data)) return null
  const error = (data as { error: unknown }).error
  if (typeof error !== 'object' || error === null) return null
  const { id, message } = error as { id?: unknown; message?: unknown }
  return typeof id === 'string' ? { id, message: typeof message === 'string' ? message : id } : null
}

/** The body of a 2xx answer of an `hc` call (nothing for 204). */
type Ok<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends SuccessStatusCode
      ? S extends 204
        ? undefined
        : T
      : never
    : never

/** The answer, when it is a 2xx; else an {@link ApiError} (status 0 when there was none). */
async function answered<R extends ClientResponse<unknown, number, ResponseFormat>>(
  pending: Promise<R>,
): Promise<R> {
  let response: R
  try {
    response = await pending
  } catch (error) {
    throw new ApiError(0, NETWORK_ERROR, error instanceof Error ? error.message : 'No answer from the server')
  }
  if (response.ok) return response
  const error = readErrorBody(await response.json().catch(() => null))
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10)
  throw new ApiError(
    response.status,
    error?.id ?? `http.${response.status}`,
    error?.message ?? (response.statusText || `HTTP ${response.status}`),
    Number.isFinite(retryAfter) ? retryAfter : null,
  )
}

/** The body of an `hc` call's 2xx answer; an {@link ApiError} otherwise (for the area clients beside this one). */
export async function call<R extends ClientResponse<unknown, number, ResponseFormat>>(
  pending: Promise<R>,
): Promise<Ok<R>> {
  const response = await answered(pending)
  return (response.status === 204 ? undefined : await response.json()) as Ok<R>
}

/** A file the server sends (an export): its bytes and its `Content-Disposition` as sent. */
async function file<R extends ClientResponse<unknown, number, ResponseFormat>>(
  pending: Promise<R>,
): Promise<{ blob: Blob; disposition: string | null }> {
  const response = await answered(pending)
  return { blob: await response.blob(), disposition: response.headers.get('content-disposition') }
}

/** The typed client of every API route (area clients such as meeting-api.ts call through it). */
export const client = hc<Api>(typeof location === 'undefined' ? 'http://localhost' : location.origin, {
  init: { credentials: 'same-origin' },
})

export const api = {
  /** The signed-in user and their workspaces; 401 when not signed in. */
  me: () => call(client.api.me.$get()),
  login: (body: Input<typeof loginBody>) => call(client.api.auth.login.$post({ json: body })),
  /** No session: the same answer for a new and a taken email (`{ next: 'sign_in' }`); log in next. */
  signup: (body: Input<typeof signupBody>) => call(client.api.auth.signup.$post({ json: body })),
  logout: () => call(client.api.auth.logout.$post()),
  resetPassword: (body: Input<typeof resetPasswordBody>) => call(client.api.auth.reset.$post({ json: body })),
  /** Ends every other session; this one gets a new cookie. */
  changePassword: (body: Input<typeof changePasswordBody>) =>
    call(client.api.auth.password.$post({ json: body })),
  updateMe: (body: Input<typeof patchMeBody>) => call(client.api.me.$patch({ json: body })),
  config: () => call(client.api.config.$get()),

  invitation: (token: string) => call(client.api.invitations[':token'].$get({ param: { token } })),
  acceptInvitation: (token: string) =>
    call(client.api.invitations[':token'].accept.$post({ param: { token } })),

  createWorkspace: (body: Input<typeof createWorkspaceBody>) =>
    call(client.api.workspaces.$post({ json: body })),
  workspace: (wid: string) => call(client.api.workspaces[':wid'].$get({ param: { wid } })),
  renameWorkspace: (wid: string, body: Input<typeof patchWorkspaceBody>) =>
    call(client.api.workspaces[':wid'].$patch({ param: { wid }, json: body })),
  members: (wid: string) => call(client.api.workspaces[':wid'].members.$get({ param: { wid } })),
  updateMember: (wid: string, uid: string, body: Input<typeof patchMemberBody>) =>
    call(client.api.workspaces[':wid'].members[':uid'].$patch({ param: { wid, uid }, json: body })),
  /** Removes a member (admins), or leaves with `userId` "me"; 409 `member.last_admin` for the last admin. */
  removeMember: (wid: string, uid: string) =>
    call(client.api.workspaces[':wid'].members[':uid'].$delete({ param: { wid, uid } })),
  /** A one-time link for a new password, shown once. */
  passwordResetLink: (wid: string, uid: string) =>
    call(client.api.workspaces[':wid'].members[':uid']['password-reset'].$post({ param: { wid, uid } })),
  invitations: (wid: string) => call(client.api.workspaces[':wid'].invitations.$get({ param: { wid } })),
  revokeInvitation: (wid: string, id: string) =>
    call(client.api.workspaces[':wid'].invitations[':id'].$delete({ param: { wid, id } })),
  createInvitation: (wid: string, body: Input<typeof createInvitationBody>) =>
    call(client.api.workspaces[':wid'].invitations.$post({ param: { wid }, json: body })),

  documents: (wid: string, filter: DocumentFilter = {}) =>
    call(client.api.workspaces[':wid'].documents.$get({ param: { wid }, query: filter })),
  createDocument: (wid: string, body: Input<typeof createDocumentBody>) =>
    call(client.api.workspaces[':wid'].documents.$post({ param: { wid }, json: body })),
  document: (id: string) => call(client.api.documents[':id'].$get({ param: { id } })),
  updateDocument: (id: string, body: Input<typeof patchDocumentBody>) =>
    call(client.api.documents[':id'].$patch({ param: { id }, json: body })),
  /** Documents whose title or text hold every word of `q` (the last as a prefix), best first. */
  search: (wid: string, query: SearchQuery) =>
    call(client.api.workspaces[':wid'].search.$get({ param: { wid }, query })),

  /** The document's comment threads the caller may see (shared, and their own party's internal ones). */
  threads: (id: string, query: ThreadQuery = {}) =>
    call(client.api.documents[':id'].threads.$get({ param: { id }, query })),
  /** Starts a thread; 400 when the anchor is over text the server has not committed (yet). */
  createThread: (id: string, body: NewThread) =>
    call(client.api.documents[':id'].threads.$post({ param: { id }, json: body })),
  thread: (tid: string) => call(client.api.threads[':tid'].$get({ param: { tid } })),
  reply: (tid: string, body: Input<typeof commentBody>) =>
    call(client.api.threads[':tid'].comments.$post({ param: { tid }, json: body })),
  editComment: (cid: string, body: Input<typeof commentBody>) =>
    call(client.api.comments[':cid'].$patch({ param: { cid }, json: body })),
  /** Its author, or a workspace admin; the thread keeps a "comment deleted" in its place. */
  deleteComment: (cid: string) => call(client.api.comments[':cid'].$delete({ param: { cid } })),
  /** Answers the thread without `orphaned` (a write never resolves anchors): keep the one you have. */
  resolveThread: (tid: string) => call(client.api.threads[':tid'].resolve.$post({ param: { tid } })),
  reopenThread: (tid: string) => call(client.api.threads[':tid'].reopen.$post({ param: { tid } })),
  /** Per party: threads started, replies and people, of what the caller may see. */
  participation: (id: string) => call(client.api.documents[':id'].participation.$get({ param: { id } })),

  /** The open sign-off round with each party's decision so far; 404 when none is open. */
  currentRound: (id: string) => call(client.api.documents[':id'].rounds.current.$get({ param: { id } })),
  /** Every round of the document with its decisions and outcome, oldest first. */
  rounds: (id: string) => call(client.api.documents[':id'].rounds.$get({ param: { id } })),
  /** Starts a round (editors, on a draft); 409 `signoff.no_signatory` names the parties without one. */
  startRound: (id: string, body: NewRound) =>
    call(client.api.documents[':id'].rounds.$post({ param: { id }, json: body })),
  /** Decides for the caller's party (signatories) on the round's content hash. */
  decide: (id: string, body: Decide) =>
    call(client.api.documents[':id'].rounds.current.decisions.$post({ param: { id }, json: body })),
  /** Ends the open round without a decision (its starter or any signatory): back to draft. */
  withdrawRound: (id: string) =>
    call(client.api.documents[':id'].rounds.current.withdraw.$post({ param: { id } })),
  /** A new draft amending a final document (editors), its content copied by the server. */
  amend: (id: string, body: Input<typeof createAmendmentBody> = {}) =>
    call(client.api.documents[':id'].amendments.$post({ param: { id }, json: body })),
  versions: (id: string) => call(client.api.documents[':id'].versions.$get({ param: { id } })),
  /** Saves the committed content as a named version (editors). */
  saveVersion: (id: string, body: Input<typeof createVersionBody>) =>
    call(client.api.documents[':id'].versions.$post({ param: { id }, json: body })),
  /** One version with its content as ProseMirror JSON. */
  version: (id: string, vid: string) =>
    call(client.api.documents[':id'].versions[':vid'].$get({ param: { id, vid } })),
  /** Block by block, what changed from version `from` to version `to` (or `current`). */
  diff: (id: string, from: string, to: string) =>
    call(client.api.documents[':id'].diff.$get({ param: { id }, query: { from, to } })),
  /** The document's share links, newest first, revoked and expired ones too (never their addresses). */
  shareLinks: (id: string) => call(client.api.documents[':id']['share-links'].$get({ param: { id } })),
  /** A read-only link for the public (admins, signatories; any editor once final); its `url` comes only here. */
  createShareLink: (id: string, body: Input<typeof createShareLinkBody>) =>
    call(client.api.documents[':id']['share-links'].$post({ param: { id }, json: body })),
  /** Its maker, a signatory or an admin; the link answers 404 from then on. */
  revokeShareLink: (lid: string) => call(client.api['share-links'][':lid'].$delete({ param: { lid } })),
  /** Where the member export of the document in `format` is (a plain link downloads it too). */
  exportUrl: (id: string, format: ExportFormat) =>
    `/api/documents/${encodeURIComponent(id)}/export?format=${encodeURIComponent(format)}`,
  /** The document as a file: a final one as signed with its record, a draft as committed now. */
  exportFile: (id: string, format: ExportFormat) =>
    file(client.api.documents[':id'].export.$get({ param: { id }, query: { format } })),
  /** The URL of the workspace's server-sent events (`document`, `threads`, `ready`), for an EventSource. */
  eventsUrl: (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}/events`,
}
