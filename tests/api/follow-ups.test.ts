/**
 * Follow-up items over the real API, on SQLite and PostgreSQL (SPEC F1–F6): added only to a final
 * decision, an assignee only from the responsible party, status changes and notes kept as history
 * whose author and party the server stamps, the overview overdue first with its filters, "my
 * follow-ups", events on the workspace stream, the caps and the write limit, and the decision's
 * public page (by share link and on the workspace index) showing the items and nothing personal.
 */
import { type Actor, backends, createWorld, type World, waitFor } from '@trepart/server/test-support'
import type { FollowUp, MyFollowUp } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStream } from '../support/event-stream.js'
import { finalDocument, signatories } from '../support/sign-off.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const DAY_MS = 86_400_000
/** The day `offset` days from today, `YYYY-MM-DD` (UTC), as the server counts days. */
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10)

const MAX_ITEMS = 6
const MAX_NOTES = 3
const NOTES_LISTED = 2

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`follow-up items (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let employeeEditor: Actor
    let employeeViewer: Actor
    let politicianEditor: Actor
    let administrationEditor: Actor
    let commenter: Actor

    beforeAll(async () => {
      s = await startWithDb(backend, {
        MAX_FOLLOW_UPS_PER_DOCUMENT: String(MAX_ITEMS),
        MAX_NOTES_PER_FOLLOW_UP: String(MAX_NOTES),
        FOLLOW_UP_NOTES_LISTED: String(NOTES_LISTED),
        FOLLOW_UP_WRITES_BURST: '1000',
        FOLLOW_UP_WRITES_PER_MINUTE: '6000',
      })
      world = await createWorld(s.server.url)
      employeeEditor = await world.member('editor', 'employees', { name: 'Eva Ansatt' })
      employeeViewer = await world.member('viewer', 'employees', { name: 'Vera Leser' })
      politicianEditor = await world.member('editor', 'politicians', { name: 'Per Politiker' })
      administrationEditor = await world.member('editor', 'administration', { name: 'Anna Admin' })
      commenter = await world.member('commenter', 'employees')
      await signatories(world)
    })
    afterAll(async () => s?.stop())

    const decision = async () => (await finalDocument(world, s.server.collabUrl)).id
    async function create(as: Actor, documentId: string, body: object, status = 201) {
      const res = await world.api(as, 'POST', `/api/documents/${documentId}/follow-ups`, body)
      return (await expectJson<{ followUp: FollowUp }>(res, status)).followUp
    }
    async function patch(as: Actor, id: string, body: object) {
      const res = await world.api(as, 'PATCH', `/api/follow-ups/${id}`, body)
      return (await expectJson<{ followUp: FollowUp }>(res, 200)).followUp
    }
    async function overview(as: Actor, query = '') {
      const res = await world.api(as, 'GET', `/api/workspaces/${world.workspaceId}/follow-ups${query}`)
      return (await expectJson<{ followUps: FollowUp[] }>(res, 200)).followUps
    }
    async function ofDocument(as: Actor, id: string) {
      const res = await world.api(as, 'GET', `/api/documents/${id}/follow-ups`)
      return (await expectJson<{ followUps: FollowUp[] }>(res, 200)).followUps
    }

    it('F1: only a final decision carries items; any party’s editor adds one, every member reads it', async () => {
      const draft = await world.document('Utkast')
      await expectError(
        await world.api(employeeEditor, 'POST', `/api/documents/${draft}/follow-ups`, {
          title: 'Gjør noe',
          party: 'employees',
          dueDate: day(10),
        }),
        409,
        'document.not_final',
      )
      const id = await decision()
      const made = await create(politicianEditor, id, {
        title: 'Kartlegg arbeidstid',
        party: 'employees',
        dueDate: day(10),
      })
      expect(made).toMatchObject({
        workspaceId: world.workspaceId,
        document: { id, title: 'Til vedtak' },
        title: 'Kartlegg arbeidstid',
        party: 'employees',
        assignee: null,
        dueDate: day(10),
        status: 'not_started',
        overdue: false,
        createdBy: { id: politicianEditor.userId, name: 'Per Politiker' },
        notes: [],
      })
      expect((await ofDocument(employeeViewer, id)).map((f) => f.id)).toEqual([made.id])
      await expectError(
        await world.api(commenter, 'POST', `/api/documents/${id}/follow-ups`, {
          title: 'x',
          party: 'employees',
          dueDate: day(1),
        }),
        403,
        'access.forbidden',
      )
      const outsider = await world.outsider()
      await expectError(await world.api(outsider, 'GET', `/api/documents/${id}/follow-ups`), 404, 'not_found')
      await expectError(
        await world.api(outsider, 'PATCH', `/api/follow-ups/${made.id}`, { status: 'done' }),
        404,
        'not_found',
      )
      await expectError(
        await world.api(employeeEditor, 'PATCH', '/api/follow-ups/finnes-ikke', { status: 'done' }),
        404,
        'not_found',
      )
    })

    it('F1: an assignee must be a member of the responsible party', async () => {
      const id = await decision()
      for (const assigneeId of [politicianEditor.userId, (await world.outsider()).userId, 'finnes-ikke'])
        await expectError(
          await world.api(employeeEditor, 'POST', `/api/documents/${id}/follow-ups`, {
            title: 'Feil ansvarlig',
            party: 'employees',
            assigneeId,
            dueDate: day(3),
          }),
          400,
          'followup.invalid_assignee',
        )
      const made = await create(politicianEditor, id, {
        title: 'Rett ansvarlig',
        party: 'employees',
        assigneeId: employeeViewer.userId,
        dueDate: day(3),
      })
      expect(made.assignee).toEqual({ id: employeeViewer.userId, name: 'Vera Leser' })
      await expectError(
        await world.api(employeeEditor, 'PATCH', `/api/follow-ups/${made.id}`, {
          assigneeId: administrationEditor.userId,
        }),
        400,
        'followup.invalid_assignee',
      )
      // Handed to the administration: the employee is no longer the one responsible.
      const moved = await patch(employeeEditor, made.id, { party: 'administration' })
      expect(moved).toMatchObject({ party: 'administration', assignee: null, notes: [] })
      const assigned = await patch(employeeEditor, made.id, { assigneeId: administrationEditor.userId })
      expect(assigned.assignee).toEqual({ id: administrationEditor.userId, name: 'Anna Admin' })
    })

    it('F2: a status and/or a note adds one history entry, its author and party stamped from the session', async () => {
      const id = await decision()
      const made = await create(employeeEditor, id, {
        title: 'Rapport til styringsgruppa',
        party: 'employees',
        dueDate: day(5),
      })
      const started = await patch(politicianEditor, made.id, { status: 'in_progress', note: 'Vi har begynt' })
      expect(started.status).toBe('in_progress')
      expect(started.notes).toEqual([
        {
          id: expect.any(String),
          author: { id: politicianEditor.userId, name: 'Per Politiker', party: 'politicians' },
          status: 'in_progress',
          note: 'Vi har begynt',
          createdAt: expect.any(String),
        },
      ])
      const noted = await patch(employeeEditor, made.id, { note: 'Venter på tall' })
      expect(noted.notes.at(-1)).toMatchObject({
        author: { id: employeeEditor.userId, party: 'employees' },
        status: null,
        note: 'Venter på tall',
      })
      const blocked = await patch(administrationEditor, made.id, { status: 'blocked' })
      expect(blocked.notes.at(-1)).toMatchObject({
        author: { party: 'administration' },
        status: 'blocked',
        note: '',
      })
      // Other fields change without a history entry.
      const renamed = await patch(employeeEditor, made.id, { title: 'Rapport', dueDate: day(6) })
      expect(renamed).toMatchObject({ title: 'Rapport', dueDate: day(6), status: 'blocked' })
      expect(renamed.notes).toHaveLength(3)
      // A client cannot name the author or their party: the body is refused whole.
      for (const extra of [
        { authorParty: 'politicians' },
        { author: { party: 'politicians' } },
        { party: 'x' },
      ])
        await expectError(
          await world.api(employeeEditor, 'PATCH', `/api/follow-ups/${made.id}`, {
            note: 'Smuglet',
            ...extra,
          }),
          400,
          'request.invalid',
        )
      await expectError(
        await world.api(employeeEditor, 'PATCH', `/api/follow-ups/${made.id}`, {}),
        400,
        'request.invalid',
      )
      // A list carries the latest FOLLOW_UP_NOTES_LISTED notes and the count; the item all of them.
      const [listed] = await ofDocument(employeeViewer, id)
      expect(listed!.noteCount).toBe(3)
      expect(listed!.notes.map((n) => n.note)).toEqual(['Venter på tall', ''])
      const whole = await expectJson<{ followUp: FollowUp }>(
        await world.api(employeeViewer, 'GET', `/api/follow-ups/${made.id}`),
        200,
      )
      expect(whole.followUp.noteCount).toBe(3)
      expect(whole.followUp.notes.map((n) => [n.author.party, n.status, n.note])).toEqual([
        ['politicians', 'in_progress', 'Vi har begynt'],
        ['employees', null, 'Venter på tall'],
        ['administration', 'blocked', ''],
      ])
      await expectError(
        await world.api(await world.outsider(), 'GET', `/api/follow-ups/${made.id}`),
        404,
        'not_found',
      )
      const stored = await s.db.query<{ author_party: string }>(
        'select author_party from follow_up_notes where item_id = ? order by created_at, id',
        [made.id],
      )
      expect(stored.map((r) => r.author_party).sort()).toEqual(['administration', 'employees', 'politicians'])
      // Viewers and commenters read, never write.
      for (const as of [employeeViewer, commenter])
        await expectError(
          await world.api(as, 'PATCH', `/api/follow-ups/${made.id}`, { status: 'done' }),
          403,
          'access.forbidden',
        )
    })

    it('F3: the overview lists open items overdue first, then by due date, and filters by party, status and decision', async () => {
      const id = await decision()
      const later = await create(employeeEditor, id, {
        title: 'Senere',
        party: 'employees',
        dueDate: day(20),
      })
      const overdue = await create(employeeEditor, id, {
        title: 'Forsinket',
        party: 'politicians',
        dueDate: day(-3),
      })
      const soon = await create(employeeEditor, id, {
        title: 'Snart',
        party: 'administration',
        dueDate: day(2),
      })
      const doneLate = await create(employeeEditor, id, {
        title: 'Ferdig',
        party: 'employees',
        dueDate: day(-10),
      })
      await patch(employeeEditor, doneLate.id, { status: 'done' })
      const veryLate = await create(employeeEditor, id, {
        title: 'Svært sen',
        party: 'employees',
        dueDate: day(-30),
      })

      const open = await overview(employeeViewer, `?documentId=${id}`)
      expect(open.map((f) => f.title)).toEqual(['Svært sen', 'Forsinket', 'Snart', 'Senere'])
      expect(open.map((f) => f.overdue)).toEqual([true, true, false, false])
      // Done is not overdue, whatever its date: it sorts by date among the rest.
      const everything = await overview(employeeViewer, `?documentId=${id}&open=false`)
      expect(everything.map((f) => f.title)).toEqual(['Svært sen', 'Forsinket', 'Ferdig', 'Snart', 'Senere'])
      expect(everything.find((f) => f.id === doneLate.id)?.overdue).toBe(false)
      expect((await overview(employeeViewer, `?documentId=${id}&party=employees`)).map((f) => f.id)).toEqual([
        veryLate.id,
        later.id,
      ])
      expect(
        (await overview(employeeViewer, `?documentId=${id}&status=done&open=false`)).map((f) => f.id),
      ).toEqual([doneLate.id])
      await patch(employeeEditor, soon.id, { status: 'in_progress' })
      expect(
        (await overview(employeeViewer, `?documentId=${id}&status=in_progress`)).map((f) => f.id),
      ).toEqual([soon.id])
      // The workspace's overview holds other decisions' items too, still overdue first.
      const whole = await overview(employeeViewer)
      expect(whole.map((f) => f.id)).toEqual(expect.arrayContaining([overdue.id, later.id]))
      const firstNotOverdue = whole.findIndex((f) => !f.overdue)
      expect(whole.slice(firstNotOverdue).some((f) => f.overdue)).toBe(false)
      await expectError(
        await world.api(
          employeeViewer,
          'GET',
          `/api/workspaces/${world.workspaceId}/follow-ups?status=finished`,
        ),
        400,
        'request.invalid',
      )
    })

    it('F3: my follow-ups are the open items of my party in each of my workspaces, this week’s marked', async () => {
      const id = await decision()
      const today = await create(politicianEditor, id, {
        title: 'I dag',
        party: 'employees',
        dueDate: day(0),
      })
      const nextWeek = await create(politicianEditor, id, {
        title: 'Om åtte dager',
        party: 'employees',
        dueDate: day(8),
      })
      const late = await create(politicianEditor, id, {
        title: 'For sent',
        party: 'employees',
        dueDate: day(-1),
      })
      const theirs = await create(politicianEditor, id, {
        title: 'Ikke vårt',
        party: 'politicians',
        dueDate: day(0),
      })
      const done = await create(politicianEditor, id, { title: 'Gjort', party: 'employees', dueDate: day(0) })
      await patch(politicianEditor, done.id, { status: 'done' })

      const res = await world.api(employeeViewer, 'GET', '/api/me/follow-ups')
      const mine = (await expectJson<{ followUps: MyFollowUp[] }>(res, 200)).followUps.filter(
        (f) => f.document.id === id,
      )
      expect(mine.map((f) => [f.title, f.overdue, f.dueThisWeek])).toEqual([
        ['For sent', true, false],
        ['I dag', false, true],
        ['Om åtte dager', false, false],
      ])
      expect(mine.every((f) => f.workspaceId === world.workspaceId)).toBe(true)
      expect(mine.map((f) => f.id)).not.toContain(theirs.id)
      const politicians = (
        await expectJson<{ followUps: MyFollowUp[] }>(
          await world.api(politicianEditor, 'GET', '/api/me/follow-ups'),
          200,
        )
      ).followUps.map((f) => f.id)
      expect(politicians).toContain(theirs.id)
      expect(politicians).not.toContain(today.id)
      expect(politicians).not.toContain(nextWeek.id)
      expect(politicians).not.toContain(late.id)
      // Someone in no workspace has none; nobody signed in gets 401.
      expect(
        (
          await expectJson<{ followUps: MyFollowUp[] }>(
            await world.api(await world.outsider(), 'GET', '/api/me/follow-ups'),
            200,
          )
        ).followUps,
      ).toEqual([])
      await expectError(await world.api(null, 'GET', '/api/me/follow-ups'), 401, 'auth.unauthenticated')
    })

    it('F5: every change reaches the workspace event stream as `followup`', async () => {
      const id = await decision()
      const stream = await openStream(world, employeeViewer)
      try {
        const made = await create(politicianEditor, id, {
          title: 'Varslet',
          party: 'employees',
          dueDate: day(4),
        })
        await waitFor(() =>
          stream.events.some(
            (e) =>
              e.event === 'followup' &&
              (e.data as { followUpId: string }).followUpId === made.id &&
              (e.data as { documentId: string }).documentId === id,
          ),
        )
        const before = stream.events.filter((e) => e.event === 'followup').length
        await patch(employeeEditor, made.id, { status: 'in_progress' })
        await waitFor(() => stream.events.filter((e) => e.event === 'followup').length === before + 1)
        expect(stream.events.filter((e) => e.event === 'followup').at(-1)?.data).toEqual({
          documentId: id,
          followUpId: made.id,
        })
      } finally {
        stream.close()
      }
    })

    it('F4: a decision carries at most MAX_FOLLOW_UPS_PER_DOCUMENT items, an item at most MAX_NOTES_PER_FOLLOW_UP notes', async () => {
      const id = await decision()
      const made: FollowUp[] = []
      for (let i = 0; i < MAX_ITEMS; i++)
        made.push(
          await create(employeeEditor, id, { title: `Punkt ${i}`, party: 'employees', dueDate: day(i) }),
        )
      await expectError(
        await world.api(employeeEditor, 'POST', `/api/documents/${id}/follow-ups`, {
          title: 'Ett for mye',
          party: 'employees',
          dueDate: day(1),
        }),
        409,
        'followup.too_many',
      )
      const item = made[0]!
      for (let i = 0; i < MAX_NOTES; i++) await patch(employeeEditor, item.id, { note: `Notat ${i}` })
      await expectError(
        await world.api(employeeEditor, 'PATCH', `/api/follow-ups/${item.id}`, { status: 'done' }),
        409,
        'followup.too_many_notes',
      )
      // Fields without a note still change; the refused status did not.
      const after = await patch(employeeEditor, item.id, { title: 'Omdøpt' })
      expect(after).toMatchObject({ title: 'Omdøpt', status: 'not_started' })
      expect(after.notes).toHaveLength(MAX_NOTES)
      await expectError(
        await world.api(employeeEditor, 'POST', `/api/documents/${id}/follow-ups`, {
          title: 'x'.repeat(501),
          party: 'employees',
          dueDate: day(1),
        }),
        400,
        'request.invalid',
      )
      await expectError(
        await world.api(employeeEditor, 'POST', `/api/documents/${id}/follow-ups`, {
          title: 'Dato',
          party: 'employees',
          dueDate: '2026-13-40',
        }),
        400,
        'request.invalid',
      )
    })

    describe('F6: the decision’s public page', () => {
      const ASSIGNEE_NAME = 'Hemmelig Ansvarligsen'
      const NOTE_MARKER = 'INTERN-NOTAT-7f3a'
      let id: string
      let token: string
      let slug: string
      let item: FollowUp

      beforeAll(async () => {
        id = await decision()
        const assignee = await world.member('viewer', 'employees', { name: ASSIGNEE_NAME })
        item = await create(politicianEditor, id, {
          title: 'Innføre ny turnus',
          party: 'employees',
          assigneeId: assignee.userId,
          dueDate: '2027-03-01',
        })
        await patch(employeeEditor, item.id, { status: 'in_progress', note: NOTE_MARKER })
        await create(politicianEditor, id, {
          title: 'Evaluere tiltaket',
          party: 'politicians',
          dueDate: day(-2),
        })
        const link = await expectJson<{ link: { url: string } }>(
          await world.api(world.admin, 'POST', `/api/documents/${id}/share-links`, {}),
          201,
        )
        token = new URL(link.link.url).pathname.split('/').at(-1)!
        const ws = await expectJson<{ workspace: { slug: string } }>(
          await world.api(world.admin, 'PATCH', `/api/workspaces/${world.workspaceId}`, {
            publicIndex: true,
          }),
          200,
        )
        slug = ws.workspace.slug
      })

      const get = (p: string, headers: Record<string, string> = {}) =>
        fetch(`${s.server.url}${p}`, { headers })
      function expectItemsAndNothingPersonal(html: string) {
        expect(html).toContain('Innføre ny turnus')
        expect(html).toContain('Evaluere tiltaket')
        expect(html).not.toContain(ASSIGNEE_NAME)
        expect(html).not.toContain(NOTE_MARKER)
        expect(html).not.toContain(item.id)
      }

      it('F6: shows each item’s title, party by name, due date and status in nb, nn and en; no person, no note', async () => {
        const nb = await (await get(`/p/${token}?lang=nb`)).text()
        expectItemsAndNothingPersonal(nb)
        expect(nb).toContain('Oppfølging')
        expect(nb).toContain('<span class="party employees">Ansatte og tillitsvalgte</span>')
        expect(nb).toContain('<span class="party politicians">Folkevalgte</span>')
        expect(nb).toContain('1. mars 2027')
        expect(nb).toContain('Pågår')
        expect(nb).toContain('Forsinket')
        const nn = await (await get(`/p/${token}?lang=nn`)).text()
        expectItemsAndNothingPersonal(nn)
        expect(nn).toContain('Tilsette og tillitsvalde')
        expect(nn).toContain('Forseinka')
        const en = await (await get(`/p/${token}?lang=en`)).text()
        expectItemsAndNothingPersonal(en)
        expect(en).toContain('Follow-up')
        expect(en).toContain('Employees and unions')
        expect(en).toContain('1 March 2027')
        expect(en).toContain('In progress')
      })

      it('F6: shows them on the workspace index’s page of the decision too', async () => {
        const index = await (await get(`/p/w/${slug}?lang=en`)).text()
        const publicId = [
          ...index.matchAll(/<a href="\/p\/w\/[a-z0-9-]+\/([^"?]+)\?lang=en">Til vedtak<\/a>/g),
        ]
          .map((m) => m[1]!)
          .at(-1)
        expect(publicId).toBeDefined()
        // Several decisions share the title here: the one with items is the one shown with them.
        const pages = await Promise.all(
          [...index.matchAll(/<a href="\/p\/w\/[a-z0-9-]+\/([^"?]+)\?lang=en">Til vedtak<\/a>/g)].map(
            async (m) => (await get(`/p/w/${slug}/${m[1]!}?lang=en`)).text(),
          ),
        )
        const page = pages.find((p) => p.includes('Innføre ny turnus'))
        expect(page).toBeDefined()
        expectItemsAndNothingPersonal(page!)
        expect(page).toContain('In progress')
      })

      it('F6: a change reaches the cached page at once (a new ETag)', async () => {
        const first = await get(`/p/${token}?lang=en`)
        const etag = first.headers.get('etag')!
        expect(await first.text()).toContain('In progress')
        expect((await get(`/p/${token}?lang=en`, { 'if-none-match': etag })).status).toBe(304)
        await patch(employeeEditor, item.id, { status: 'done' })
        const after = await get(`/p/${token}?lang=en`, { 'if-none-match': etag })
        expect(after.status).toBe(200)
        expect(after.headers.get('etag')).not.toBe(etag)
        const html = await after.text()
        expect(html).toMatch(/Innføre ny turnus<\/td><td>.*?<\/td><td>1 March 2027<\/td><td>Done<\/td>/)
        expectItemsAndNothingPersonal(html)
      })
    })
  })
}

describe('follow-up writes are limited per user (sqlite)', () => {
  let s: ServerWithDb
  let world: World
  beforeAll(async () => {
    const [sqlite] = await backends()
    s = await startWithDb(sqlite!, { FOLLOW_UP_WRITES_BURST: '2', FOLLOW_UP_WRITES_PER_MINUTE: '1' })
    world = await createWorld(s.server.url)
  })
  afterAll(async () => s?.stop())

  it('F4: past FOLLOW_UP_WRITES_BURST, 429 with Retry-After', async () => {
    const { id } = await finalDocument(world, s.server.collabUrl)
    const body = { title: 'Tiltak', party: 'employees', dueDate: day(3) }
    for (let i = 0; i < 2; i++)
      expect((await world.api(world.admin, 'POST', `/api/documents/${id}/follow-ups`, body)).status).toBe(201)
    const refused = await world.api(world.admin, 'POST', `/api/documents/${id}/follow-ups`, body)
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/)
    await expectError(refused, 429, 'request.rate_limited')
    // Another user's bucket is their own.
    const other = await world.member('editor', 'employees')
    expect((await world.api(other, 'POST', `/api/documents/${id}/follow-ups`, body)).status).toBe(201)
  })
})
