/**
 * The follow-up and participation routes from the browser (issue 16): a final decision's follow-up
 * items, the workspace's overview, my party's open items, and the participation figures of a
 * workspace over a period. Through the typed `hc` client of api.ts, so paths, queries, bodies and
 * answers come from the server's routes; errors are {@link ApiError}s with the server's id.
 */
import type {
  createFollowUpBody,
  FollowUpStatus,
  listFollowUpsQuery,
  participationPeriodQuery,
  patchFollowUpBody,
  WorkspaceParticipation,
} from '@trepart/shared'
import { call, client, type Input } from './api.js'

export type { FollowUpStatus, WorkspaceParticipation }
export type NewFollowUp = Input<typeof createFollowUpBody>
export type FollowUpPatch = Input<typeof patchFollowUpBody>
export type FollowUpQuery = Input<typeof listFollowUpsQuery>
export type ParticipationPeriod = Input<typeof participationPeriodQuery>

/** A follow-up item as the routes answer it (their types, so a change of a route shows here). */
export type FollowUp = Awaited<ReturnType<typeof followUpApi.ofDocument>>['followUps'][number]
export type MyFollowUp = Awaited<ReturnType<typeof followUpApi.mine>>['followUps'][number]

export const followUpApi = {
  /** A final decision's follow-up items, overdue first (every member). */
  ofDocument: (id: string) => call(client.api.documents[':id']['follow-ups'].$get({ param: { id } })),
  /** One item with its whole history (lists carry only the latest notes). */
  one: (fid: string) => call(client.api['follow-ups'][':fid'].$get({ param: { fid } })),
  /** A new item on a final decision (editors of any party). */
  create: (id: string, body: NewFollowUp) =>
    call(client.api.documents[':id']['follow-ups'].$post({ param: { id }, json: body })),
  /** Any field; a status and/or a note add one entry to the item's history (editors). */
  update: (fid: string, body: FollowUpPatch) =>
    call(client.api['follow-ups'][':fid'].$patch({ param: { fid }, json: body })),
  /** The workspace's overview: open items unless `open: 'false'`, overdue first. */
  ofWorkspace: (wid: string, query: FollowUpQuery = {}) =>
    call(client.api.workspaces[':wid']['follow-ups'].$get({ param: { wid }, query })),
  /** My party's open items in each of my workspaces, each saying whether it is due this week. */
  mine: () => call(client.api.me['follow-ups'].$get()),
  /** Per party over the period (both days included; the last 90 days by default). */
  participation: (wid: string, query: ParticipationPeriod = {}) =>
    call(client.api.workspaces[':wid'].participation.$get({ param: { wid }, query })),
}
