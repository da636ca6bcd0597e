/**
 * Meetings over the real API, on SQLite and PostgreSQL (issue 16, SPEC M1–M9): planning and
 * changing a meeting; the agenda added to, edited, moved and deleted with positions 0..n-1 (also
 * under concurrent moves); a document of another workspace refused as if it did not exist; status
 * moves and who may make them; the current item; outcomes (`decided` records the linked
 * document's round); attendance recorded from the meeting's event stream while open, and
 * corrected by hand; the minutes drafted from the agenda; and the events that reach the meeting's
 * stream and the workspace's.
 */
import { type Actor, backends, createWorld, type World, waitFor } from '@trepart/server/test-support'
import type { AgendaItem, Meeting, MeetingSummary } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStream, readEventStream, type Stream } from '../support/event-stream.js'
import {
  approveAll,
  type Signatories,
  signatories,
  startRound,
  writtenDocument,
} from '../support/sign-off.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const MAX_ITEMS = 12
const MAX_MEETINGS = 30

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`meetings (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let editor: Actor
    let viewer: Actor
    let signers: Signatories
    const streams: Stream[] = []

    beforeAll(async () => {
      s = await startWithDb(backend, {
        MAX_AGENDA_ITEMS_PER_MEETING: String(MAX_ITEMS),
        MAX_MEETINGS_PER_WORKSPACE: String(MAX_MEETINGS),
        // The suite writes fast as few people; the rate is not what it tests.
        MEETING_WRITES_BURST: '10000',
      })
      world = await createWorld(s.server.url)
      editor = await world.member('editor', 'employees', { name: 'Eli Redaktør' })
      viewer = await world.member('viewer', 'politicians', { name: 'Vera Leser' })
      signers = await signatories(world)
    })
    afterAll(async () => {
      for (const st of streams) st.close()
      await s?.stop()
    })

    const api = (as: Actor, method: string, path: string, body?: unknown) => world.api(as, method, path, body)
    const hour = 3_600_000
    const planned = (title = 'Styringsgruppemøte', extra: object = {}) => ({
      title,
      startsAt: new Date(Date.now() + hour).toISOString(),
      endsAt: new Date(Date.now() + 3 * hour).toISOString(),
      ...extra,
    })
    async function createMeeting(as: Actor = world.admin, body: object = planned()): Promise<Meeting> {
      const res = await api(as, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, body)
      return (await expectJson<{ meeting: Meeting }>(res, 201)).meeting
    }
    async function getMeeting(id: string, as: Actor = world.admin): Promise<Meeting> {
      return (await expectJson<{ meeting: Meeting }>(await api(as, 'GET', `/api/meetings/${id}`), 200))
        .meeting
    }
    async function addItem(meetingId: string, title: string, extra: object = {}, as: Actor = world.admin) {
      const res = await api(as, 'POST', `/api/meetings/${meetingId}/items`, {
        title,
        party: 'administration',
        ...extra,
      })
      return (await expectJson<{ item: AgendaItem }>(res, 201)).item
    }
    const titles = (m: Meeting) => m.items.map((i) => i.title)
    const positions = (m: Meeting) => m.items.map((i) => i.position)

    it('[M1] editors plan a meeting; members list and read it; chair and secretary must be editors', async () => {
      const meeting = await createMeeting(editor, planned('Møte 1', { place: 'Rådhuset, møterom 2' }))
      expect(meeting).toMatchObject({
        title: 'Møte 1',
        status: 'planned',
        place: 'Rådhuset, møterom 2',
        videoUrl: null,
        chair: { id: editor.userId, party: 'employees' },
        secretary: { id: editor.userId },
        items: [],
        attendance: [],
        minutesDocumentId: null,
      })
      const { meetings } = await expectJson<{ meetings: MeetingSummary[] }>(
        await api(viewer, 'GET', `/api/workspaces/${world.workspaceId}/meetings`),
        200,
      )
      expect(meetings.map((m) => m.id)).toContain(meeting.id)
      expect((await getMeeting(meeting.id, viewer)).title).toBe('Møte 1')

      await expectError(
        await api(viewer, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, planned()),
        403,
        'access.forbidden',
      )
      await expectError(
        await api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, {
          ...planned(),
          chairId: viewer.userId,
        }),
        400,
        'meeting.invalid_person',
      )
      const outsider = await world.outsider()
      await expectError(
        await api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, {
          ...planned(),
          secretaryId: outsider.userId,
        }),
        400,
        'meeting.invalid_person',
      )
      await expectError(await api(outsider, 'GET', `/api/meetings/${meeting.id}`), 404, 'not_found')
      // A video link is a web address, never a script.
      await expectError(
        await api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, {
          ...planned(),
          videoUrl: 'javascript:alert(1)',
        }),
        400,
        'request.invalid',
      )

      const patched = await expectJson<{ meeting: Meeting }>(
        await api(editor, 'PATCH', `/api/meetings/${meeting.id}`, {
          title: 'Møte 1 (flyttet)',
          place: null,
          videoUrl: 'https://meet.example/abc',
          secretaryId: signers.administration.userId,
        }),
        200,
      )
      expect(patched.meeting).toMatchObject({
        title: 'Møte 1 (flyttet)',
        place: null,
        videoUrl: 'https://meet.example/abc',
        secretary: { id: signers.administration.userId, party: 'administration' },
      })
      await expectError(
        await api(editor, 'PATCH', `/api/meetings/${meeting.id}`, {
          endsAt: new Date(Date.now() - hour).toISOString(),
        }),
        400,
        'request.invalid',
      )
    })

    it('[M2] keeps agenda positions 0..n-1 through adds, edits, moves and deletes', async () => {
      const meeting = await createMeeting()
      const [a, b, c, d] = [
        await addItem(meeting.id, 'A', { plannedMinutes: 15 }),
        await addItem(meeting.id, 'B'),
        await addItem(meeting.id, 'C'),
        await addItem(meeting.id, 'D'),
      ]
      expect([a, b, c, d].map((i) => i!.position)).toEqual([0, 1, 2, 3])
      const moved = await expectJson<{ meeting: Meeting }>(
        await api(editor, 'POST', `/api/meetings/${meeting.id}/items/${d!.id}/move`, { index: 0 }),
        200,
      )
      expect(titles(moved.meeting)).toEqual(['D', 'A', 'B', 'C'])
      expect(positions(moved.meeting)).toEqual([0, 1, 2, 3])
      // An index past the end is clamped to the end.
      await expectJson(
        await api(editor, 'POST', `/api/meetings/${meeting.id}/items/${a!.id}/move`, { index: 99 }),
        200,
      )
      expect(titles(await getMeeting(meeting.id))).toEqual(['D', 'B', 'C', 'A'])

      const edited = await expectJson<{ item: AgendaItem }>(
        await api(editor, 'PATCH', `/api/meetings/${meeting.id}/items/${b!.id}`, {
          title: 'B2',
          party: 'politicians',
          plannedMinutes: null,
        }),
        200,
      )
      expect(edited.item).toMatchObject({
        title: 'B2',
        party: 'politicians',
        plannedMinutes: null,
        position: 1,
      })

      const del = await api(editor, 'DELETE', `/api/meetings/${meeting.id}/items/${d!.id}`)
      expect(del.status).toBe(204)
      const after = await getMeeting(meeting.id)
      expect(titles(after)).toEqual(['B2', 'C', 'A'])
      expect(positions(after)).toEqual([0, 1, 2])
      expect(after.itemCount).toBe(3)

      await expectError(
        await api(viewer, 'POST', `/api/meetings/${meeting.id}/items`, { title: 'X', party: 'employees' }),
        403,
        'access.forbidden',
      )
      // An item of another meeting is not found through this one.
      const other = await createMeeting()
      await expectError(
        await api(editor, 'PATCH', `/api/meetings/${other.id}/items/${a!.id}`, { title: 'Y' }),
        404,
        'not_found',
      )
    })

    it('[M2] concurrent moves compose, and the agenda cap holds', async () => {
      const meeting = await createMeeting()
      const items: AgendaItem[] = []
      for (let i = 0; i < 8; i++) items.push(await addItem(meeting.id, `Sak ${i}`))
      // Every item moved at once to a pseudo-random place: each move applies to the order as it is.
      const results = await Promise.all(
        items.map((item, i) =>
          api(editor, 'POST', `/api/meetings/${meeting.id}/items/${item.id}/move`, { index: (i * 5) % 8 }),
        ),
      )
      expect(results.map((r) => r.status)).toEqual(items.map(() => 200))
      const after = await getMeeting(meeting.id)
      expect(positions(after)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
      expect([...titles(after)].sort()).toEqual(items.map((i) => i.title).sort())

      // Adds racing to the cap: exactly MAX_ITEMS are on the agenda.
      const adds = await Promise.all(
        Array.from({ length: MAX_ITEMS }, (_, i) =>
          api(editor, 'POST', `/api/meetings/${meeting.id}/items`, {
            title: `Ekstra ${i}`,
            party: 'employees',
          }),
        ),
      )
      expect(adds.filter((r) => r.status === 201)).toHaveLength(MAX_ITEMS - 8)
      for (const r of adds.filter((r) => r.status !== 201)) await expectError(r, 409, 'agenda.too_many')
      const full = await getMeeting(meeting.id)
      expect(positions(full)).toEqual(Array.from({ length: MAX_ITEMS }, (_, i) => i))
    })

    it('[M3] never links or reveals a document of another workspace, nor an archived one', async () => {
      const meeting = await createMeeting()
      // A workspace of the same admin: the admin can read the document there, but not link it here.
      const created = await api(world.admin, 'POST', '/api/workspaces', {
        name: 'Annet forum',
        party: 'employees',
      })
      const { workspace } = await expectJson<{ workspace: { id: string } }>(created, 201)
      const foreign = await expectJson<{ document: { id: string } }>(
        await api(world.admin, 'POST', `/api/workspaces/${workspace.id}/documents`, {
          title: 'Hemmelig',
          kind: 'proposal',
        }),
        201,
      )
      const foreignId = foreign.document.id
      const missing = await api(world.admin, 'POST', `/api/meetings/${meeting.id}/items`, {
        title: 'X',
        party: 'employees',
        documentId: 'no-such-document',
      })
      await expectError(missing, 404, 'not_found')
      const cross = await api(world.admin, 'POST', `/api/meetings/${meeting.id}/items`, {
        title: 'X',
        party: 'employees',
        documentId: foreignId,
      })
      // The same answer as for a document that does not exist.
      await expectError(cross, 404, 'not_found')
      const item = await addItem(meeting.id, 'Lovlig')
      await expectError(
        await api(world.admin, 'PATCH', `/api/meetings/${meeting.id}/items/${item.id}`, {
          documentId: foreignId,
        }),
        404,
        'not_found',
      )
      // Archived in the same workspace: refused with its own id.
      const archived = await world.document('Arkivert')
      await expectJson(await api(world.admin, 'PATCH', `/api/documents/${archived}`, { archived: true }), 200)
      await expectError(
        await api(world.admin, 'PATCH', `/api/meetings/${meeting.id}/items/${item.id}`, {
          documentId: archived,
        }),
        400,
        'agenda.document_archived',
      )
      // A linked document that is archived later is no longer shown by the item.
      const linked = await world.document('Lenket')
      await expectJson(
        await api(world.admin, 'PATCH', `/api/meetings/${meeting.id}/items/${item.id}`, {
          documentId: linked,
        }),
        200,
      )
      expect((await getMeeting(meeting.id)).items[0]!.document).toMatchObject({ id: linked, title: 'Lenket' })
      await expectJson(await api(world.admin, 'PATCH', `/api/documents/${linked}`, { archived: true }), 200)
      expect((await getMeeting(meeting.id)).items[0]!.document).toBeNull()
      const rows = await s.db.query<{ id: string }>('select id from agenda_items where document_id = ?', [
        foreignId,
      ])
      expect(rows).toEqual([])
    })

    it('[M4] the chair, the secretary or an admin opens and closes; others 403; wrong status 409', async () => {
      const meeting = await createMeeting(world.admin, { ...planned(), chairId: editor.userId })
      const otherEditor = await world.member('editor', 'politicians')
      const open = (as: Actor) => api(as, 'POST', `/api/meetings/${meeting.id}/open`)
      await expectError(await open(otherEditor), 403, 'meeting.not_chair')
      await expectError(await open(viewer), 403, 'meeting.not_chair')
      await expectError(
        await api(viewer, 'POST', `/api/meetings/${meeting.id}/close`),
        403,
        'meeting.not_chair',
      )
      await expectError(
        await api(editor, 'POST', `/api/meetings/${meeting.id}/close`),
        409,
        'meeting.wrong_status',
      )
      // Two opens at once: exactly one opens it.
      const [x, y] = await Promise.all([open(editor), open(world.admin)])
      expect([x.status, y.status].sort()).toEqual([200, 409])
      const opened = await getMeeting(meeting.id)
      expect(opened.status).toBe('open')
      expect(opened.openedAt).not.toBeNull()
      await expectError(await open(editor), 409, 'meeting.wrong_status')
      const closed = await expectJson<{ meeting: Meeting }>(
        await api(editor, 'POST', `/api/meetings/${meeting.id}/close`),
        200,
      )
      expect(closed.meeting.status).toBe('closed')
      // Closing drafted the minutes.
      expect(closed.meeting.minutesDocumentId).toEqual(expect.any(String))
      // A closed meeting no longer changes.
      await expectError(
        await api(editor, 'PATCH', `/api/meetings/${meeting.id}`, { title: 'Nytt' }),
        409,
        'meeting.wrong_status',
      )
      await expectError(
        await api(editor, 'POST', `/api/meetings/${meeting.id}/items`, { title: 'Sent', party: 'employees' }),
        409,
        'meeting.wrong_status',
      )
      await expectError(await open(editor), 409, 'meeting.wrong_status')
    })

    it('[M5] the current item is set while open, only to an item of the meeting', async () => {
      const meeting = await createMeeting()
      const item = await addItem(meeting.id, 'Første')
      const other = await addItem((await createMeeting()).id, 'Annet møtes')
      const current = (as: Actor, itemId: string | null) =>
        api(as, 'POST', `/api/meetings/${meeting.id}/current`, { itemId })
      await expectError(await current(world.admin, item.id), 409, 'meeting.wrong_status')
      await expectJson(await api(world.admin, 'POST', `/api/meetings/${meeting.id}/open`), 200)
      await expectError(await current(editor, item.id), 403, 'meeting.not_chair')
      await expectError(await current(world.admin, other.id), 404, 'not_found')
      const set = await expectJson<{ meeting: Meeting }>(await current(world.admin, item.id), 200)
      expect(set.meeting.currentItemId).toBe(item.id)
      const cleared = await expectJson<{ meeting: Meeting }>(await current(world.admin, null), 200)
      expect(cleared.meeting.currentItemId).toBeNull()
    })

    it('[M6] outcomes: decided records the linked document’s round; sent_back needs a note', async () => {
      const meeting = await createMeeting()
      const docId = await writtenDocument(world, s.server.collabUrl, 'Vi vedtar ny turnus.')
      const withDoc = await addItem(meeting.id, 'Turnus', { documentId: docId })
      const plain = await addItem(meeting.id, 'Orientering')
      const outcome = (itemId: string, body: object, as: Actor = world.admin) =>
        api(as, 'PUT', `/api/meetings/${meeting.id}/items/${itemId}/outcome`, body)
      await expectError(await outcome(plain.id, { outcome: 'decided' }), 409, 'agenda.no_round')
      await expectError(await outcome(withDoc.id, { outcome: 'decided' }), 409, 'agenda.no_round')
      await expectError(await outcome(plain.id, { outcome: 'sent_back' }), 400, 'request.invalid')
      await expectError(await outcome(plain.id, { outcome: 'noted' }, editor), 403, 'meeting.not_chair')
      const sent = await expectJson<{ item: AgendaItem }>(
        await outcome(plain.id, { outcome: 'sent_back', note: 'Tilbake til administrasjonen' }),
        200,
      )
      expect(sent.item).toMatchObject({
        outcome: 'sent_back',
        outcomeNote: 'Tilbake til administrasjonen',
        outcomeBy: { id: world.admin.userId },
        decision: null,
      })

      // A round started at the table through the documents API, then recorded as decided.
      const { round } = await startRound(world, signers.politicians, docId)
      const pending = await expectJson<{ item: AgendaItem }>(
        await outcome(withDoc.id, { outcome: 'decided' }),
        200,
      )
      expect(pending.item.decision).toEqual({
        roundId: round.id,
        outcome: null,
        contentHash: round.contentHash,
      })
      expect(pending.item.document?.awaitingParties).toEqual(['politicians', 'administration', 'employees'])
      await approveAll(world, signers, docId, round.contentHash)
      const after = (await getMeeting(meeting.id)).items.find((i) => i.id === withDoc.id)!
      expect(after.decision).toEqual({
        roundId: round.id,
        outcome: 'approved',
        contentHash: round.contentHash,
      })
      expect(after.document).toMatchObject({ status: 'final', awaitingParties: [] })

      const cleared = await expectJson<{ item: AgendaItem }>(await outcome(plain.id, { outcome: null }), 200)
      expect(cleared.item).toMatchObject({
        outcome: null,
        outcomeNote: null,
        outcomeBy: null,
        outcomeAt: null,
      })
    })

    it('[M7][M8] attendance from the meeting stream while open, corrected by hand; events reach both streams', async () => {
      const meeting = await createMeeting(world.admin, {
        ...planned('Møte med oppmøte'),
        chairId: editor.userId,
      })
      const meetingStream = (as: Actor) =>
        readEventStream(`${world.baseUrl}/api/meetings/${meeting.id}/events`, { cookie: as.cookie })
      const viewerStream = await meetingStream(viewer)
      streams.push(viewerStream)
      const wsStream = await openStream(world, world.admin)
      streams.push(wsStream)
      const lastMeeting = (st: Stream) =>
        st.events.filter((e) => e.event === 'meeting').at(-1)?.data as Meeting | undefined
      await waitFor(() => lastMeeting(viewerStream)?.id === meeting.id)
      // Not yet open: holding the stream records nothing.
      expect(lastMeeting(viewerStream)!.attendance).toEqual([])

      // An absent-marked member stays absent whatever their stream says.
      const absent = signers.employees
      await expectJson(
        await api(editor, 'PUT', `/api/meetings/${meeting.id}/attendance/${absent.userId}`, {
          present: false,
        }),
        200,
      )
      const absentStream = await meetingStream(absent)
      streams.push(absentStream)

      await expectJson(await api(editor, 'POST', `/api/meetings/${meeting.id}/open`), 200)
      // Opening while they hold the stream records them present, from presence.
      await waitFor(() =>
        (lastMeeting(viewerStream)?.attendance ?? []).some((a) => a.user.id === viewer.userId && a.present),
      )
      const a1 = (await getMeeting(meeting.id)).attendance
      expect(a1.find((a) => a.user.id === viewer.userId)).toEqual({
        user: { id: viewer.userId, name: 'Vera Leser', party: 'politicians' },
        present: true,
        source: 'presence',
      })
      expect(a1.find((a) => a.user.id === absent.userId)).toMatchObject({ present: false, source: 'manual' })

      // Someone who opens the page of an open meeting is recorded at once.
      const late = await meetingStream(signers.administration)
      streams.push(late)
      await waitFor(async () =>
        (await getMeeting(meeting.id)).attendance.some((a) => a.user.id === signers.administration.userId),
      )

      // The secretary's correction stands over presence.
      const corrected = await expectJson<{ meeting: Meeting }>(
        await api(editor, 'PUT', `/api/meetings/${meeting.id}/attendance/${viewer.userId}`, {
          present: false,
        }),
        200,
      )
      expect(corrected.meeting.attendance.find((a) => a.user.id === viewer.userId)).toMatchObject({
        present: false,
        source: 'manual',
      })
      // Attendance is by party order then name.
      expect(corrected.meeting.attendance.map((a) => a.user.party)).toEqual(
        [...corrected.meeting.attendance.map((a) => a.user.party)].sort(
          (x, y) =>
            ['politicians', 'administration', 'employees'].indexOf(x) -
            ['politicians', 'administration', 'employees'].indexOf(y),
        ),
      )
      await expectError(
        await api(
          editor,
          'PUT',
          `/api/meetings/${meeting.id}/attendance/${(await world.outsider()).userId}`,
          {
            present: true,
          },
        ),
        404,
        'not_found',
      )

      // A change reaches the meeting's stream as the whole meeting, and the workspace's as its id.
      await addItem(meeting.id, 'Direkte sak')
      await waitFor(() => lastMeeting(viewerStream)?.items.some((i) => i.title === 'Direkte sak') === true)
      await waitFor(() =>
        wsStream.events.some(
          (e) => e.event === 'meeting' && (e.data as { meetingId: string }).meetingId === meeting.id,
        ),
      )

      // A member removed: their stream ends.
      const leaving = await world.member('viewer', 'employees')
      const leavingStream = await meetingStream(leaving)
      await waitFor(() => lastMeeting(leavingStream) !== undefined)
      const removed = await api(
        world.admin,
        'DELETE',
        `/api/workspaces/${world.workspaceId}/members/${leaving.userId}`,
      )
      expect(removed.status).toBeLessThan(300)
      await leavingStream.ended
      expect(leavingStream.events.at(-1)).toMatchObject({ event: 'ended' })
    })

    it('[M8] a meeting stream follows sign-off on linked documents, and ends when the session does', async () => {
      const meeting = await createMeeting()
      const docId = await writtenDocument(world, s.server.collabUrl, 'Til behandling.')
      await addItem(meeting.id, 'Med runde', { documentId: docId })
      const reader = await world.member('viewer', 'administration')
      const stream = await readEventStream(`${world.baseUrl}/api/meetings/${meeting.id}/events`, {
        cookie: reader.cookie,
      })
      streams.push(stream)
      const last = () =>
        stream.events.filter((e) => e.event === 'meeting').at(-1)?.data as Meeting | undefined
      await waitFor(() => last()?.items[0]?.document?.status === 'draft')
      // A round started through the documents API: the item shows whom it awaits, with no meeting write.
      const { round } = await startRound(world, signers.politicians, docId)
      await waitFor(() => last()?.items[0]?.document?.awaitingParties.length === 3)
      await approveAll(world, signers, docId, round.contentHash)
      // Status and awaiting parties are read apart (not in one snapshot): a refresh racing the last
      // decision's commit may show one before the other; the one after the commit shows both.
      await waitFor(
        () =>
          last()?.items[0]?.document?.status === 'final' &&
          last()?.items[0]?.document?.awaitingParties.length === 0,
      )
      expect(last()!.items[0]!.document!.awaitingParties).toEqual([])

      expect((await api(reader, 'POST', '/api/auth/logout')).status).toBe(204)
      await stream.ended
      expect(stream.events.at(-1)).toMatchObject({ event: 'ended', data: { reason: 'session.revoked' } })
    })

    it('[M9] the minutes are drafted from the agenda: attendees per party, outcomes, decisions with their hash', async () => {
      const meeting = await createMeeting(world.admin, {
        ...planned('Styringsgruppen desember'),
        place: 'Bystyresalen',
      })
      const docId = await writtenDocument(world, s.server.collabUrl, 'Ny arbeidstidsordning.')
      const decided = await addItem(meeting.id, 'Arbeidstid', { documentId: docId, party: 'employees' })
      const noted = await addItem(meeting.id, 'Budsjettorientering')
      await expectJson(await api(world.admin, 'POST', `/api/meetings/${meeting.id}/open`), 200)
      await expectJson(
        await api(
          world.admin,
          'PUT',
          `/api/meetings/${meeting.id}/attendance/${signers.politicians.userId}`,
          {
            present: true,
          },
        ),
        200,
      )
      await expectJson(
        await api(world.admin, 'PUT', `/api/meetings/${meeting.id}/attendance/${editor.userId}`, {
          present: true,
        }),
        200,
      )
      const { round } = await startRound(world, signers.politicians, docId)
      await approveAll(world, signers, docId, round.contentHash)
      await expectJson(
        await api(world.admin, 'PUT', `/api/meetings/${meeting.id}/items/${decided.id}/outcome`, {
          outcome: 'decided',
        }),
        200,
      )
      await expectJson(
        await api(world.admin, 'PUT', `/api/meetings/${meeting.id}/items/${noted.id}/outcome`, {
          outcome: 'noted',
          note: 'Tas opp igjen i januar',
        }),
        200,
      )
      await expectError(
        await api(editor, 'POST', `/api/meetings/${meeting.id}/minutes`),
        403,
        'meeting.not_chair',
      )
      const made = await expectJson<{ documentId: string }>(
        await api(world.admin, 'POST', `/api/meetings/${meeting.id}/minutes`),
        201,
      )
      // A second call answers the same document.
      const again = await expectJson<{ documentId: string }>(
        await api(world.admin, 'POST', `/api/meetings/${meeting.id}/minutes`),
        200,
      )
      expect(again.documentId).toBe(made.documentId)
      // Closing keeps those minutes.
      const closed = await expectJson<{ meeting: Meeting }>(
        await api(world.admin, 'POST', `/api/meetings/${meeting.id}/close`),
        200,
      )
      expect(closed.meeting.minutesDocumentId).toBe(made.documentId)

      const doc = await expectJson<{ document: { kind: string; title: string; status: string } }>(
        await api(viewer, 'GET', `/api/documents/${made.documentId}`),
        200,
      )
      expect(doc.document).toMatchObject({ kind: 'minutes', status: 'draft' })
      expect(doc.document.title).toContain('Styringsgruppen desember')
      const md = await api(viewer, 'GET', `/api/documents/${made.documentId}/export?format=md`)
      expect(md.status).toBe(200)
      const text = await md.text()
      expect(text).toContain('Styringsgruppen desember')
      expect(text).toContain('Bystyresalen')
      expect(text).toMatch(/Folkevalgte: [^\n]*Signe Politiker/)
      expect(text).toMatch(/Ansatte og tillitsvalgte: [^\n]*Eli Redaktør/)
      expect(text).toContain('Arbeidstid')
      expect(text).toContain('vedtatt')
      expect(text).toContain('tatt til orientering')
      expect(text).toContain('Tas opp igjen i januar')
      expect(text).toContain(round.contentHash)
    })

    it('[M1] the meeting cap holds', async () => {
      const { meetings } = await expectJson<{ meetings: MeetingSummary[] }>(
        await api(world.admin, 'GET', `/api/workspaces/${world.workspaceId}/meetings`),
        200,
      )
      for (let i = meetings.length; i < MAX_MEETINGS; i++) await createMeeting()
      await expectError(
        await api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, planned()),
        409,
        'meeting.too_many',
      )
    })
  })
}

describe('meeting writes are limited per user', () => {
  let s: ServerWithDb
  let world: World
  beforeAll(async () => {
    s = await startWithDb(all[0]!, { MEETING_WRITES_BURST: '3', MEETING_WRITES_PER_MINUTE: '1' })
    world = await createWorld(s.server.url)
  })
  afterAll(async () => s?.stop())

  it('[M1] answers 429 request.rate_limited with Retry-After past MEETING_WRITES_BURST', async () => {
    const body = {
      title: 'Møte',
      startsAt: new Date(Date.now() + 3_600_000).toISOString(),
      endsAt: new Date(Date.now() + 7_200_000).toISOString(),
    }
    const path = `/api/workspaces/${world.workspaceId}/meetings`
    for (let i = 0; i < 3; i++) await expectJson(await world.api(world.admin, 'POST', path, body), 201)
    const refused = await world.api(world.admin, 'POST', path, body)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    await expectError(refused, 429, 'request.rate_limited')
    // Reads are not limited.
    await expectJson(await world.api(world.admin, 'GET', path), 200)
  })
})
