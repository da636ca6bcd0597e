/**
 * The meeting routes from the browser (issue 16): the workspace's meetings, one meeting with its
 * agenda and attendance, and the steps of running it. Bodies and answers are typed from the shared
 * zod schemas (types only, so the bundle carries no zod); errors are {@link ApiError}s as for every
 * other route.
 */
import type {
  AgendaItem,
  createAgendaItemBody,
  createMeetingBody,
  ItemOutcome,
  Meeting,
  MeetingStatus,
  MeetingSummary,
  patchAgendaItemBody,
  patchMeetingBody,
} from '@trepart/shared'
import { ApiError, NETWORK_ERROR } from './api.js'

type Input<T> = T extends { _zod: { input: infer I } } ? I : never

export type { AgendaItem, ItemOutcome, Meeting, MeetingStatus, MeetingSummary }
export type NewMeeting = Input<typeof createMeetingBody>
export type MeetingPatch = Input<typeof patchMeetingBody>
export type NewAgendaItem = Input<typeof createAgendaItemBody>
export type AgendaItemPatch = Input<typeof patchAgendaItemBody>

const seg = encodeURIComponent

/** One JSON request; a non-2xx answer becomes an {@link ApiError} with the server's error id. */
async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (error) {
    throw new ApiError(0, NETWORK_ERROR, error instanceof Error ? error.message : 'No answer from the server')
  }
  const data: unknown = response.status === 204 ? undefined : await response.json().catch(() => null)
  if (response.ok) return data as T
  const error =
    typeof data === 'object' && data !== null && 'error' in data
      ? (data as { error: { id?: unknown; message?: unknown } }).error
      : null
  const id = typeof error?.id === 'string' ? error.id : `http.${response.status}`
  throw new ApiError(response.status, id, typeof error?.message === 'string' ? error.message : id)
}

type MeetingAnswer = Promise<{ meeting: Meeting }>
type ItemAnswer = Promise<{ item: AgendaItem }>

export const meetingApi = {
  /** The workspace's meetings (every member), optionally of one status. */
  meetings: (wid: string, status?: MeetingStatus) =>
    request<{ meetings: MeetingSummary[] }>(
      'GET',
      `/api/workspaces/${seg(wid)}/meetings${status ? `?status=${status}` : ''}`,
    ),
  /** A new planned meeting (editors); chair and secretary default to the creator. */
  createMeeting: (wid: string, body: NewMeeting) =>
    request<{ meeting: Meeting }>('POST', `/api/workspaces/${seg(wid)}/meetings`, body),
  meeting: (mid: string): MeetingAnswer => request('GET', `/api/meetings/${seg(mid)}`),
  updateMeeting: (mid: string, body: MeetingPatch): MeetingAnswer =>
    request('PATCH', `/api/meetings/${seg(mid)}`, body),
  /** Chair, secretary or a workspace admin: planned → open. */
  open: (mid: string): MeetingAnswer => request('POST', `/api/meetings/${seg(mid)}/open`),
  /** Chair, secretary or a workspace admin: open → closed (the minutes are drafted). */
  close: (mid: string): MeetingAnswer => request('POST', `/api/meetings/${seg(mid)}/close`),
  addItem: (mid: string, body: NewAgendaItem): ItemAnswer =>
    request('POST', `/api/meetings/${seg(mid)}/items`, body),
  updateItem: (mid: string, iid: string, body: AgendaItemPatch): ItemAnswer =>
    request('PATCH', `/api/meetings/${seg(mid)}/items/${seg(iid)}`, body),
  deleteItem: (mid: string, iid: string) =>
    request<unknown>('DELETE', `/api/meetings/${seg(mid)}/items/${seg(iid)}`),
  /** One item to `index` among the items as the server has them (one call per drag or key press). */
  moveItem: (mid: string, iid: string, index: number) =>
    request<unknown>('POST', `/api/meetings/${seg(mid)}/items/${seg(iid)}/move`, { index }),
  /** The item the table is at (chair or secretary, while open). */
  setCurrent: (mid: string, itemId: string | null) =>
    request<unknown>('POST', `/api/meetings/${seg(mid)}/current`, { itemId }),
  setOutcome: (mid: string, iid: string, outcome: ItemOutcome | null, note?: string) =>
    request<unknown>('PUT', `/api/meetings/${seg(mid)}/items/${seg(iid)}/outcome`, {
      outcome,
      ...(note ? { note } : {}),
    }),
  /** The secretary's correction of one member's attendance. */
  setAttendance: (mid: string, uid: string, present: boolean) =>
    request<unknown>('PUT', `/api/meetings/${seg(mid)}/attendance/${seg(uid)}`, { present }),
  /** Drafts the minutes document now (before closing); answers its id. */
  draftMinutes: (mid: string) => request<{ documentId: string }>('POST', `/api/meetings/${seg(mid)}/minutes`),
  /** The meeting's server-sent events (`meeting`, `ended`), for an EventSource. */
  eventsUrl: (mid: string) => `/api/meetings/${seg(mid)}/events`,
}
