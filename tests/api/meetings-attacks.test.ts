/**
 * Meetings under attack, on SQLite and PostgreSQL (issue 16, SPEC M1, M4, M6, M9): an editor who
 * does not run a meeting making themselves its chair; concurrent changes of a meeting's facts that
 * undo each other or end it before it starts; a `decided` item relinked to another document (one
 * by one and racing) so that it shows a round of a document it no longer links; the meeting cap
 * under concurrent creates; minutes drafted at once by several requests; and hostile titles and
 * notes, which stay text in the minutes and their exports, with a title cut that never splits a
 * character.
 */
import { type Actor, backends, createWorld, type World } from '@trepart/server/test-support'
import type { AgendaItem, Meeting } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Signatories, signatories, startRound, writtenDocument } from '../support/sign-off.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const MAX_MEETINGS = 8
const hour = 3_600_000

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`meeting attacks (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let chair: Actor
    let otherEditor: Actor
    let signers: Signatories

    beforeAll(async () => {
      s = await startWithDb(backend, {
        MAX_MEETINGS_PER_WORKSPACE: String(MAX_MEETINGS),
        // The suite writes fast as few people; the rate is not what it tests.
        MEETING_WRITES_BURST: '10000',
      })
      world = await createWorld(s.server.url)
      chair = await world.member('editor', 'employees', { name: 'Cora Leder' })
      otherEditor = await world.member('editor', 'politicians', { name: 'Ola Annen' })
      signers = await signatories(world)
    })
    afterAll(async () => {
      await s?.stop()
    })

    const api = (as: Actor, method: string, path: string, body?: unknown) => world.api(as, method, path, body)
    const planned = (title = 'Møte', extra: object = {}) => ({
      title,
      startsAt: new Date(Date.now() + hour).toISOString(),
      endsAt: new Date(Date.now() + 3 * hour).toISOString(),
      ...extra,
    })
    async function createMeeting(body: object = planned()): Promise<Meeting> {
      const res = await api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, body)
      return (await expectJson<{ meeting: Meeting }>(res, 201)).meeting
    }
    async function getMeeting(id: string): Promise<Meeting> {
      return (
        await expectJson<{ meeting: Meeting }>(await api(world.admin, 'GET', `/api/meetings/${id}`), 200)
      ).meeting
    }
    async function addItem(meetingId: string, title: string, extra: object = {}) {
      const res = await api(world.admin, 'POST', `/api/meetings/${meetingId}/items`, {
        title,
        party: 'administration',
        ...extra,
      })
      return (await expectJson<{ item: AgendaItem }>(res, 201)).item
    }

    it('[M4] an editor who does not run the meeting cannot make themselves its chair or secretary', async () => {
      const meeting = await createMeeting(
        planned('Møte', { chairId: chair.userId, secretaryId: chair.userId }),
      )
      const patch = (as: Actor, body: object) => api(as, 'PATCH', `/api/meetings/${meeting.id}`, body)
      await expectError(await patch(otherEditor, { chairId: otherEditor.userId }), 403, 'meeting.not_chair')
      await expectError(
        await patch(otherEditor, { secretaryId: otherEditor.userId }),
        403,
        'meeting.not_chair',
      )
      // Nothing changed, and the seized chair would have run it.
      const after = await getMeeting(meeting.id)
      expect([after.chair?.id, after.secretary?.id]).toEqual([chair.userId, chair.userId])
      await expectError(
        await api(otherEditor, 'POST', `/api/meetings/${meeting.id}/open`),
        403,
        'meeting.not_chair',
      )
      // Editors still change the facts, and may name the people as they are.
      await expectJson(await patch(otherEditor, { title: 'Nytt navn', chairId: chair.userId }), 200)
      // The chair hands the secretary's role over; an admin may too.
      await expectJson(await patch(chair, { secretaryId: otherEditor.userId }), 200)
      await expectJson(await patch(world.admin, { chairId: otherEditor.userId }), 200)
      expect((await getMeeting(meeting.id)).chair?.id).toBe(otherEditor.userId)
    })

    it('[M4] a chair demoted to viewer no longer runs the meeting, nor names who does', async () => {
      const demoted = await world.member('editor', 'administration', { name: 'Dag Degradert' })
      const meeting = await createMeeting(
        planned('Møte', { chairId: demoted.userId, secretaryId: demoted.userId }),
      )
      await expectJson(
        await api(world.admin, 'PATCH', `/api/workspaces/${world.workspaceId}/members/${demoted.userId}`, {
          role: 'viewer',
        }),
        200,
      )
      await expectError(
        await api(demoted, 'POST', `/api/meetings/${meeting.id}/open`),
        403,
        'meeting.not_chair',
      )
      await expectError(
        await api(demoted, 'PATCH', `/api/meetings/${meeting.id}`, { chairId: chair.userId }),
        403,
        'access.forbidden',
      )
      // An admin still runs it.
      await expectJson(await api(world.admin, 'POST', `/api/meetings/${meeting.id}/open`), 200)
    })

    it('[M1] concurrent changes of a meeting’s facts neither undo each other nor end it before it starts', async () => {
      const meeting = await createMeeting()
      const base = Date.parse(meeting.startsAt)
      for (let round = 0; round < 6; round++) {
        const startsAt = new Date(base + (round + 1) * 60_000).toISOString()
        // One changes the title, the other the start: both stand.
        const [a, b] = await Promise.all([
          api(chair, 'PATCH', `/api/meetings/${meeting.id}`, { title: `Tittel ${round}` }),
          api(otherEditor, 'PATCH', `/api/meetings/${meeting.id}`, { startsAt }),
        ])
        expect([a.status, b.status]).toEqual([200, 200])
        const now = await getMeeting(meeting.id)
        expect({ title: now.title, startsAt: now.startsAt }).toEqual({ title: `Tittel ${round}`, startsAt })
      }
      for (let round = 0; round < 6; round++) {
        const m = await getMeeting(meeting.id)
        const start = Date.parse(m.startsAt)
        // Each alone is fine; together the meeting would end two hours before it starts.
        await Promise.all([
          api(chair, 'PATCH', `/api/meetings/${meeting.id}`, {
            startsAt: new Date(start + 2 * hour).toISOString(),
          }),
          api(otherEditor, 'PATCH', `/api/meetings/${meeting.id}`, {
            endsAt: new Date(start + 60_000).toISOString(),
          }),
        ])
        const after = await getMeeting(meeting.id)
        expect(Date.parse(after.endsAt)).toBeGreaterThanOrEqual(Date.parse(after.startsAt))
        // Back to a long meeting for the next round.
        await expectJson(
          await api(chair, 'PATCH', `/api/meetings/${meeting.id}`, {
            startsAt: new Date(start).toISOString(),
            endsAt: new Date(start + 5 * hour).toISOString(),
          }),
          200,
        )
      }
    })

    it('[M6] a decided item keeps its document: relinking is refused, also when racing the outcome', async () => {
      const meeting = await createMeeting()
      const docA = await writtenDocument(world, s.server.collabUrl, 'Vedtak A.')
      const docB = await world.document('Annet forslag')
      const item = await addItem(meeting.id, 'Sak', { documentId: docA })
      const { round } = await startRound(world, signers.politicians, docA)
      const outcome = (body: object) =>
        api(world.admin, 'PUT', `/api/meetings/${meeting.id}/items/${item.id}/outcome`, body)
      const relink = (documentId: string | null) =>
        api(chair, 'PATCH', `/api/meetings/${meeting.id}/items/${item.id}`, { documentId })
      await expectJson(await outcome({ outcome: 'decided' }), 200)
      // The decision is about document A: the item cannot come to show it under B, nor under none.
      await expectError(await relink(docB), 409, 'agenda.no_round')
      await expectError(await relink(null), 409, 'agenda.no_round')
      await expectJson(await relink(docA), 200)
      const kept = (await getMeeting(meeting.id)).items[0]!
      expect(kept.document?.id).toBe(docA)
      expect(kept.decision).toMatchObject({ roundId: round.id, contentHash: round.contentHash })
      // Cleared first, it may be relinked.
      await expectJson(await outcome({ outcome: null }), 200)
      await expectJson(await relink(docB), 200)
      await expectJson(await relink(docA), 200)

      // Racing: whatever wins, a recorded round is always one of the document the item links.
      for (let n = 0; n < 6; n++) {
        await Promise.all([outcome({ outcome: 'decided' }), relink(docB)])
        const rows = await s.db.query<{ document_id: string | null; round_document: string | null }>(
          `select i.document_id, r.document_id as round_document from agenda_items i
             left join sign_off_rounds r on r.id = i.decision_round_id where i.id = ?`,
          [item.id],
        )
        const row = rows[0]!
        if (row.round_document !== null) expect(row.round_document).toBe(row.document_id)
        await expectJson(await outcome({ outcome: null }), 200)
        await expectJson(await relink(docA), 200)
      }

      // And the agenda never shows a round of another document than the one linked, whatever is stored.
      await expectJson(await outcome({ outcome: 'decided' }), 200)
      await s.db.query('update agenda_items set document_id = ? where id = ?', [docB, item.id])
      const shown = (await getMeeting(meeting.id)).items[0]!
      expect(shown.document?.id).toBe(docB)
      expect(shown.decision).toBeNull()
    })

    it('[M9] minutes drafted by several requests at once make one document', async () => {
      const meeting = await createMeeting(planned('Samtidig referat'))
      await addItem(meeting.id, 'Sak')
      await expectJson(await api(world.admin, 'POST', `/api/meetings/${meeting.id}/open`), 200)
      const minutes = () => api(world.admin, 'POST', `/api/meetings/${meeting.id}/minutes`)
      const [x, y, closed] = await Promise.all([
        minutes(),
        minutes(),
        api(world.admin, 'POST', `/api/meetings/${meeting.id}/close`),
      ])
      // At most one of them made it (closing may have); each answers the one the meeting has.
      expect([x.status, y.status].filter((st) => st === 201).length).toBeLessThanOrEqual(1)
      const ids = await Promise.all(
        [x, y].map(
          async (r) => (await expectJson<{ documentId: string }>(r, r.status === 201 ? 201 : 200)).documentId,
        ),
      )
      const after = (await expectJson<{ meeting: Meeting }>(closed, 200)).meeting
      expect(ids).toEqual([after.minutesDocumentId, after.minutesDocumentId])
      const docs = await s.db.query<{ id: string }>(
        "select id from documents where workspace_id = ? and kind = 'minutes' and title like ?",
        [world.workspaceId, '%Samtidig referat%'],
      )
      expect(docs.map((d) => d.id)).toEqual([after.minutesDocumentId])
    })

    it('[M9] hostile titles and notes stay text in the minutes and their exports; the title cut splits no character', async () => {
      // 200 UTF-16 units: "Referat: " before it pushes the cut into the middle of an emoji.
      const longTitle = `${'a'.repeat(190)}${'😀'.repeat(5)}`
      const meeting = await createMeeting(planned(longTitle))
      const item = await addItem(meeting.id, '<script>alert(1)</script> [lenke](javascript:alert(2))')
      await expectJson(
        await api(world.admin, 'PUT', `/api/meetings/${meeting.id}/items/${item.id}/outcome`, {
          outcome: 'noted',
          note: '<img src=x onerror=alert(3)>\n\n# Overskrift\n[x](javascript:alert(4))',
        }),
        200,
      )
      const { documentId } = await expectJson<{ documentId: string }>(
        await api(world.admin, 'POST', `/api/meetings/${meeting.id}/minutes`),
        201,
      )
      const { document } = await expectJson<{ document: { title: string } }>(
        await api(world.admin, 'GET', `/api/documents/${documentId}`),
        200,
      )
      expect(document.title.isWellFormed()).toBe(true)
      expect(document.title).not.toContain('\uFFFD')
      // Cut before the emoji that would have been halved, not into it.
      expect(document.title).toBe(`Referat: ${'a'.repeat(190)}`)

      const html = await (
        await api(world.admin, 'GET', `/api/documents/${documentId}/export?format=html`)
      ).text()
      expect(html).not.toMatch(/<script>alert|<img src=x|href="javascript:/i)
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      const md = await (await api(world.admin, 'GET', `/api/documents/${documentId}/export?format=md`)).text()
      // Escaped: no unescaped `<`, no link syntax, no heading of the note's own.
      expect(md).not.toMatch(/(?<!\\)<(script|img)|(?<!\\)\]\(javascript:|^#+ Overskrift/m)
      const json = await (
        await api(world.admin, 'GET', `/api/documents/${documentId}/export?format=json`)
      ).text()
      // Text nodes only: nothing became a link, an image or a heading of its own.
      expect(json).not.toMatch(/"type":"(link|image)"/)
      expect(json).not.toContain('"text":"Overskrift"')
      // The note's lines are hard breaks in one paragraph, not new lines inside a text node.
      expect(json).not.toMatch(/"text":"[^"]*\\n/)
      expect(json).toContain('"hardBreak"')
    })

    it('[M1] the meeting cap holds under concurrent creates', async () => {
      // A workspace of its own, so the meetings made above do not count.
      const { workspace } = await expectJson<{ workspace: { id: string } }>(
        await api(world.admin, 'POST', '/api/workspaces', { name: 'Tak', party: 'employees' }),
        201,
      )
      const results = await Promise.all(
        Array.from({ length: MAX_MEETINGS + 4 }, () =>
          api(world.admin, 'POST', `/api/workspaces/${workspace.id}/meetings`, planned()),
        ),
      )
      expect(results.filter((r) => r.status === 201)).toHaveLength(MAX_MEETINGS)
      for (const r of results.filter((r) => r.status !== 201)) await expectError(r, 409, 'meeting.too_many')
      const rows = await s.db.query<{ n: number | string }>(
        'select count(*) as n from meetings where workspace_id = ?',
        [workspace.id],
      )
      expect(Number(rows[0]!.n)).toBe(MAX_MEETINGS)
    })
  })
}
