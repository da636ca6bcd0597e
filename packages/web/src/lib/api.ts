/**
 * The HTTP API from the browser: one typed function per route the web app uses, over `fetch` with
 * the session cookie (`credentials: 'same-origin'`) and JSON. Request and response types come from
 * the zod schemas in `@trepart/shared`, as types only: the server validates, and the bundle does
 * not carry zod. Every non-2xx answer becomes an {@link ApiError} with the server's stable error id;
 * a request that never got an answer becomes one with status 0 and id {@link NETWORK_ERROR}.
 *
 * (A typed `hc` client from the server's Hono app type is planned for the full application.)
 */
import type {
  changePasswordBody,
  createDocumentBody,
  createInvitationBody,
  createWorkspaceBody,
  DocumentInfo,
  Invitation,
  invitationPreviewSchema,
  listDocumentsQuery,
  loginBody,
  Member,
  membershipSchema,
  myWorkspaceSchema,
  PublicConfig,
  partySchema,
  patchDocumentBody,
  patchMeBody,
  patchMemberBody,
  patchWorkspaceBody,
  resetPasswordBody,
  signupBody,
  User,
  Workspace,
} from '@trepart/shared'
// From the zod-free module: importing the value from the index would keep the schemas in every page.
import { TEXT_LIMITS } from '@trepart/shared/limits'

/** What a zod schema parses to (zod's `z.output`), without a dependency on zod in the web app. */
type Output<T> = T extends { _zod: { output: infer O } } ? O : never
/** What a zod schema accepts (zod's `z.input`): fields with defaults are optional here. */
type Input<T> = T extends { _zod: { input: infer I } } ? I : never

export type { DocumentInfo, Invitation, Member, PublicConfig, User, Workspace }
export type DocumentFilter = Input<typeof listDocumentsQuery>
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

function readErrorBody(data: unknown): { id: string; message: string } | null {
  if (typeof data !== 'object' || data === null || !('error' in data)) return null
  const error = (data as { error: unknown }).error
  if (typeof error !== 'object' || error === null) return null
  const { id, message } = error as { id?: unknown; message?: unknown }
  return typeof id === 'string' ? { id, message: typeof message === 'string' ? message : id } : null
}

async function request<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  } catch (error) {
    throw new ApiError(0, NETWORK_ERROR, error instanceof Error ? error.message : 'No answer from the server')
  }
  if (response.ok) {
    return (response.status === 204 ? undefined : await response.json()) as T
  }
  const error = readErrorBody(await response.json().catch(() => null))
  const retryAfter = Number.parseInt(response.headers.get('retry-after') ?? '', 10)
  throw new ApiError(
    response.status,
    error?.id ?? `http.${response.status}`,
    error?.message ?? (response.statusText || `HTTP ${response.status}`),
    Number.isFinite(retryAfter) ? retryAfter : null,
  )
}

const segment = encodeURIComponent

export const api = {
  /** The signed-in user and their workspaces; 401 when not signed in. */
  me: () => request<{ user: User; workspaces: MyWorkspace[] }>('GET', '/api/me'),
  login: (body: Input<typeof loginBody>) => request<{ user: User }>('POST', '/api/auth/login', body),
  signup: (body: Input<typeof signupBody>) => request<{ user: User }>('POST', '/api/auth/signup', body),
  logout: () => request<void>('POST', '/api/auth/logout'),
  resetPassword: (body: Input<typeof resetPasswordBody>) => request<void>('POST', '/api/auth/reset', body),
  /** Ends every other session; this one gets a new cookie. */
  changePassword: (body: Input<typeof changePasswordBody>) =>
    request<void>('POST', '/api/auth/password', body),
  updateMe: (body: Input<typeof patchMeBody>) => request<{ user: User }>('PATCH', '/api/me', body),
  config: () => request<PublicConfig>('GET', '/api/config'),

  invitation: (token: string) => request<InvitationPreview>('GET', `/api/invitations/${segment(token)}`),
  acceptInvitation: (token: string) =>
    request<{ workspaceId: string }>('POST', `/api/invitations/${segment(token)}/accept`),

  createWorkspace: (body: Input<typeof createWorkspaceBody>) =>
    request<{ workspace: Workspace }>('POST', '/api/workspaces', body),
  workspace: (workspaceId: string) =>
    request<{ workspace: Workspace; parties: Party[]; me: Membership }>(
      'GET',
      `/api/workspaces/${segment(workspaceId)}`,
    ),
  renameWorkspace: (workspaceId: string, body: Input<typeof patchWorkspaceBody>) =>
    request<{ workspace: Workspace }>('PATCH', `/api/workspaces/${segment(workspaceId)}`, body),
  members: (workspaceId: string) =>
    request<{ members: Member[] }>('GET', `/api/workspaces/${segment(workspaceId)}/members`),
  updateMember: (workspaceId: string, userId: string, body: Input<typeof patchMemberBody>) =>
    request<{ member: Member }>(
      'PATCH',
      `/api/workspaces/${segment(workspaceId)}/members/${segment(userId)}`,
      body,
    ),
  /** Removes a member (admins), or leaves with `userId` "me"; 409 `member.last_admin` for the last admin. */
  removeMember: (workspaceId: string, userId: string) =>
    request<void>('DELETE', `/api/workspaces/${segment(workspaceId)}/members/${segment(userId)}`),
  /** A one-time link for a new password, shown once. */
  passwordResetLink: (workspaceId: string, userId: string) =>
    request<{ url: string; expiresAt: string }>(
      'POST',
      `/api/workspaces/${segment(workspaceId)}/members/${segment(userId)}/password-reset`,
    ),
  invitations: (workspaceId: string) =>
    request<{ invitations: Invitation[] }>('GET', `/api/workspaces/${segment(workspaceId)}/invitations`),
  revokeInvitation: (workspaceId: string, invitationId: string) =>
    request<void>('DELETE', `/api/workspaces/${segment(workspaceId)}/invitations/${segment(invitationId)}`),
  createInvitation: (workspaceId: string, body: Input<typeof createInvitationBody>) =>
    request<{ token: string; url: string; invitation: Invitation }>(
      'POST',
      `/api/workspaces/${segment(workspaceId)}/invitations`,
      body,
    ),

  documents: (workspaceId: string, filter: DocumentFilter = {}) => {
    const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined)).toString()
    return request<{ documents: DocumentInfo[] }>(
      'GET',
      `/api/workspaces/${segment(workspaceId)}/documents${query ? `?${query}` : ''}`,
    )
  },
  createDocument: (workspaceId: string, body: Input<typeof createDocumentBody>) =>
    request<{ document: DocumentInfo }>('POST', `/api/workspaces/${segment(workspaceId)}/documents`, body),
  document: (documentId: string) =>
    request<{ document: DocumentInfo }>('GET', `/api/documents/${segment(documentId)}`),
  updateDocument: (documentId: string, body: Input<typeof patchDocumentBody>) =>
    request<{ document: DocumentInfo }>('PATCH', `/api/documents/${segment(documentId)}`, body),
  /** The URL of the workspace's server-sent events (`document`, `ready`), for an EventSource. */
  eventsUrl: (workspaceId: string) => `/api/workspaces/${segment(workspaceId)}/events`,
}
