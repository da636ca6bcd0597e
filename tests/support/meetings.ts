/**
 * Meetings in tests, over the real API: a planned meeting of the world's workspace (its admin
 * chairs it), one with an agenda item, an open one.
 */
import type { World } from '@trepart/server/test-support'
import type { AgendaItem, Meeting } from '@trepart/shared'

async function expectStatus<T>(res: Response, status: number): Promise<T> {
  const text = await res.text()
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`)
  return JSON.parse(text) as T
}

/** A planned meeting an hour from now, made (and chaired) by the world's admin. */
export async function plannedMeeting(world: World, title = 'Møte'): Promise<Meeting> {
  const res = await world.api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, {
    title,
    startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(),
  })
  return (await expectStatus<{ meeting: Meeting }>(res, 201)).meeting
}

/** A planned meeting with one agenda item. */
export async function meetingWithItem(world: World): Promise<{ meeting: Meeting; item: AgendaItem }> {
  const meeting = await plannedMeeting(world)
  const res = await world.api(world.admin, 'POST', `/api/meetings/${meeting.id}/items`, {
    title: 'Sak',
    party: 'administration',
  })
  return { meeting, item: (await expectStatus<{ item: AgendaItem }>(res, 201)).item }
}

/** Opens `meetingId` as the world's admin. */
export async function openMeeting(world: World, meetingId: string): Promise<void> {
  await expectStatus(await world.api(world.admin, 'POST', `/api/meetings/${meetingId}/open`), 200)
}
