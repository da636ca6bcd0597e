/**
 * The meeting routes from the browser (issue 16): the workspace's meetings, one meeting with its
 * agenda and attendance, and the steps of running it. Through the typed `hc` client of api.ts, so
 * paths, bodies and answers are the server routes' own; errors are {@link ApiError}s as for every
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
import { call, client, type Input } from './api.js'

export type { AgendaItem, ItemOutcome, Meeting, MeetingStatus, MeetingSummary }
export type NewMeeting = Input<typeof createMeetingBody>
export type MeetingPatch = Input<typeof patchMeetingBody>
export type NewAgendaItem = Input<typeof createAgendaItemBody>
export type AgendaItemPatch = Input<typeof patchAgendaItemBody>

const meetings = client.api.meetings[':mid']
const items = meetings.items[':iid']

export const meetingApi = {
  /** The workspace's meetings (every member), optionally of one status. */
  meetings: (wid: string, status?: MeetingStatus) =>
    call(client.api.workspaces[':wid'].meetings.$get({ param: { wid }, query: status ? { status } : {} })),
  /** A new planned meeting (editors); chair and secretary default to the creator. */
  createMeeting: (wid: string, body: NewMeeting) =>
    call(client.api.workspaces[':wid'].meetings.$post({ param: { wid }, json: body })),
  meeting: (mid: string) => call(meetings.$get({ param: { mid } })),
  updateMeeting: (mid: string, body: MeetingPatch) => call(meetings.$patch({ param: { mid }, json: body })),
  /** Chair, secretary or a workspace admin: planned → open. */
  open: (mid: string) => call(meetings.open.$post({ param: { mid } })),
  /** Chair, secretary or a workspace admin: open → closed (the minutes are drafted). */
  close: (mid: string) => call(meetings.close.$post({ param: { mid } })),
  addItem: (mid: string, body: NewAgendaItem) => call(meetings.items.$post({ param: { mid }, json: body })),
  updateItem: (mid: string, iid: string, body: AgendaItemPatch) =>
    call(items.$patch({ param: { mid, iid }, json: body })),
  deleteItem: (mid: string, iid: string) => call(items.$delete({ param: { mid, iid } })),
  /** One item to `index` among the items as the server has them (one call per drag or key press). */
  moveItem: (mid: string, iid: string, index: number) =>
    call(items.move.$post({ param: { mid, iid }, json: { index } })),
  /** The item the table is at (chair or secretary, while open). */
  setCurrent: (mid: string, itemId: string | null) =>
    call(meetings.current.$post({ param: { mid }, json: { itemId } })),
  setOutcome: (mid: string, iid: string, outcome: ItemOutcome | null, note?: string) =>
    call(items.outcome.$put({ param: { mid, iid }, json: { outcome, ...(note ? { note } : {}) } })),
  /** The secretary's correction of one member's attendance. */
  setAttendance: (mid: string, uid: string, present: boolean) =>
    call(meetings.attendance[':uid'].$put({ param: { mid, uid }, json: { present } })),
  /** Drafts the minutes document now (before closing), or answers the one the meeting has. */
  draftMinutes: (mid: string) => call(meetings.minutes.$post({ param: { mid } })),
  /** The meeting's server-sent events (`meeting`, `ended`), for an EventSource. */
  eventsUrl: (mid: string) => `/api/meetings/${encodeURIComponent(mid)}/events`,
}
