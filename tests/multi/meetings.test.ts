/**
 * Meetings across instances (issue 16, SPEC M7, M8): a change made on instance A reaches a meeting
 * page's stream and a workspace list's stream held on instance B, through the documents topic on
 * Redis; opening the meeting on A records present the member whose stream is on B.
 */
import { postgresAvailable, waitFor } from '@trepart/server/test-support'
import type { Meeting } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readEventStream, type Stream } from '../support/event-stream.js'
import { meetingWithItem, openMeeting } from '../support/meetings.js'
import { type Cluster, startCluster } from './support/cluster.js'

const hasPostgres = await postgresAvailable()

describe.skipIf(!hasPostgres && !process.env.CI)('meetings across instances', () => {
  let cluster: Cluster
  const streams: Stream[] = []
  beforeAll(async () => {
    cluster = await startCluster('multi_meetings', 2)
  }, 90_000)
  afterAll(async () => {
    for (const s of streams) s.close()
    await cluster?.stop()
  })

  it('[M7][M8] a change on instance A reaches the streams on instance B, and opening records presence there', async () => {
    const { world } = cluster
    const b = cluster.instances[1]!.url
    const viewer = await world.member('viewer', 'politicians', { name: 'Vigdis på B' })
    const { meeting } = await meetingWithItem(world)
    const meetingStream = await readEventStream(`${b}/api/meetings/${meeting.id}/events`, {
      cookie: viewer.cookie,
    })
    streams.push(meetingStream)
    const listStream = await readEventStream(`${b}/api/workspaces/${world.workspaceId}/events`, {
      cookie: viewer.cookie,
    })
    streams.push(listStream)
    const last = () =>
      meetingStream.events.filter((e) => e.event === 'meeting').at(-1)?.data as Meeting | undefined
    await waitFor(() => last()?.id === meeting.id, { timeoutMs: 10_000 })

    const res = await world.api(world.admin, 'PATCH', `/api/meetings/${meeting.id}`, { title: 'Endret på A' })
    expect(res.status).toBe(200)
    await waitFor(() => last()?.title === 'Endret på A', { timeoutMs: 10_000 })
    await waitFor(
      () =>
        listStream.events.some(
          (e) => e.event === 'meeting' && (e.data as { meetingId: string }).meetingId === meeting.id,
        ),
      { timeoutMs: 10_000 },
    )

    await openMeeting(world, meeting.id)
    await waitFor(
      () =>
        last()?.attendance.some(
          (a) => a.user.id === viewer.userId && a.present && a.source === 'presence',
        ) === true,
      { timeoutMs: 10_000 },
    )
  })
})
