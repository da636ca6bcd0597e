/**
 * Participation beyond the dialogue, over the real API and real y-websocket clients, on SQLite and
 * PostgreSQL (SPEC F7, F8): edits are counted by the server for the party the writing connection
 * was admitted with — a client that claims another party (in its presence, in a header) changes
 * nothing, a read-only connection counts nothing — and stored in batches; a document's figures add
 * edits and sign-off decisions; a workspace's over a period add documents initiated, meetings
 * attended and decisions signed, and count only the threads and replies the caller may see.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  type Actor,
  backends,
  createWorld,
  startTestServer,
  type World,
  waitFor,
} from '@trepart/server/test-support'
import type { PartyKey, PartyParticipation, Thread, WorkspaceParticipation } from '@trepart/shared'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchoredText, insertParagraph } from '../support/anchors.js'
import { createClient } from '../support/clients.js'
import { finalDocument, signatories } from '../support/sign-off.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

const DAY_MS = 86_400_000
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10)

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`participation: edits and the workspace (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let employee: Actor
    let politician: Actor
    let employeeViewer: Actor
    let politicianViewer: Actor

    beforeAll(async () => {
      s = await startWithDb(backend, { EDIT_COUNTS_FLUSH_MS: '50' })
      world = await createWorld(s.server.url)
      employee = await world.member('editor', 'employees')
      politician = await world.member('editor', 'politicians')
      employeeViewer = await world.member('viewer', 'employees')
      politicianViewer = await world.member('viewer', 'politicians')
    })
    afterAll(async () => s?.stop())

    const documentFigures = async (as: Actor, id: string) =>
      Object.fromEntries(
        (
          await expectJson<{ parties: PartyParticipation[] }>(
            await world.api(as, 'GET', `/api/documents/${id}/participation`),
            200,
          )
        ).parties.map(({ party, ...rest }) => [party, rest]),
      ) as Record<PartyKey, Omit<PartyParticipation, 'party'>>
    const workspaceFigures = async (as: Actor, query = '') => {
      const res = await world.api(as, 'GET', `/api/workspaces/${world.workspaceId}/participation${query}`)
      const body = await expectJson<WorkspaceParticipation>(res, 200)
      return {
        ...body,
        byParty: Object.fromEntries(body.parties.map(({ party, ...rest }) => [party, rest])) as Record<
          PartyKey,
          Omit<WorkspaceParticipation['parties'][number], 'party'>
        >,
      }
    }
    const editsOf = async (id: string) =>
      Object.fromEntries(
        (
          await s.db.query<{ party: string; n: number | string }>(
            'select party, sum(edits) as n from edit_counts where document_id = ? group by party',
            [id],
          )
        ).map((r) => [r.party, Number(r.n)]),
      )

    /** Writes `times` paragraphs as `actor` through a real client, each committed before the next. */
    async function write(actor: Actor, id: string, times: number, claim?: PartyKey) {
      const client = createClient(s.server.collabUrl, id, {
        actor,
        trepart: true,
        // Whatever a client says of itself: a party in its presence and a header on the upgrade.
        ...(claim ? { wsOptions: { headers: { 'x-trepart-party': claim } } } : {}),
      })
      try {
        if (claim)
          client.provider.awareness.setLocalStateField('user', {
            name: 'Falsk',
            party: claim,
            color: '#8E4472',
          })
        await waitFor(() => client.provider.synced)
        for (let i = 0; i < times; i++) {
          insertParagraph(client, `Avsnitt ${i}`)
          await client.flush()
        }
      } finally {
        client.destroy()
      }
    }

    it('F7: counts each committed write for the writing connection’s party, whatever the client claims', async () => {
      const id = await world.document('Arbeidstid', 'proposal', employee)
      await write(employee, id, 3, 'politicians')
      await write(politician, id, 2)
      await write(employee, id, 1, 'administration')
      await waitFor(async () => (await documentFigures(employeeViewer, id)).employees.edits === 4)
      const figures = await documentFigures(politicianViewer, id)
      expect(figures.employees.edits).toBe(4)
      expect(figures.politicians.edits).toBe(2)
      expect(figures.administration.edits).toBe(0)
      expect(await editsOf(id)).toEqual({ employees: 4, politicians: 2 })
    })

    it('F7: a read-only connection’s writes count for nobody', async () => {
      const id = await world.document('Lesesak', 'proposal', employee)
      await write(employee, id, 1)
      await waitFor(async () => (await editsOf(id)).employees === 1)
      const reader = createClient(s.server.collabUrl, id, { actor: employeeViewer, trepart: true })
      try {
        await waitFor(() => reader.provider.synced)
        reader.provider.awareness.setLocalStateField('user', { name: 'x', party: 'politicians' })
        insertParagraph(reader, 'Ulovlig')
        await reader.flush()
      } finally {
        reader.destroy()
      }
      // A write that arrives after the refused one is counted: by then the refused one would have been.
      await write(politician, id, 1)
      await waitFor(async () => (await editsOf(id)).politicians === 1)
      expect(await editsOf(id)).toEqual({ employees: 1, politicians: 1 })
    })

    it('F7: a write that changes nothing counts nothing, however often it is sent', async () => {
      // Made by the admin: the workspace figures below count the documents each party initiated.
      const id = await world.document('Tomgang')
      const client = createClient(s.server.collabUrl, id, { actor: employee, trepart: true })
      try {
        await waitFor(() => client.provider.synced)
        insertParagraph(client, 'Ekte')
        await client.flush()
        await waitFor(async () => (await editsOf(id)).employees === 1)
        // Deletes a range of the writer's own client past what the server has: Yjs keeps it
        // pending and the document does not change, so `addsNothing` cannot see it is nothing.
        const update = encoding.createEncoder()
        encoding.writeVarUint(update, 0) // no structs
        encoding.writeVarUint(update, 1) // delete set: one client
        encoding.writeVarUint(update, client.doc.clientID)
        encoding.writeVarUint(update, 1) // one range
        encoding.writeVarUint(update, 100_000)
        encoding.writeVarUint(update, 5)
        const frame = encoding.createEncoder()
        encoding.writeVarUint(frame, 0) // sync
        encoding.writeVarUint(frame, 2) // update
        encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
        for (let i = 0; i < 20; i++) client.provider.ws?.send(encoding.toUint8Array(frame))
        await client.flush()
      } finally {
        client.destroy()
      }
      // A write that arrives after the empty ones is counted: by then they would have been.
      await write(politician, id, 1)
      await waitFor(async () => (await editsOf(id)).politicians === 1)
      expect(await editsOf(id)).toEqual({ employees: 1, politicians: 1 })
    })

    it.skipIf(backend.name !== 'sqlite')('F7: edits counted before a shutdown are stored by it', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-edits-'))
      const env = { EDIT_COUNTS_FLUSH_MS: '3600000' }
      try {
        const first = await startTestServer(env, { dataDir })
        const w = await createWorld(first.url)
        const id = await w.document('Før stopp')
        await anchoredText(first.collabUrl, w.admin, id, 'Skrevet før stopp', 3)
        // Counted in memory: no timer stores it within the hour.
        const stored = await first.db
          .selectFrom('edit_counts')
          .selectAll()
          .where('document_id', '=', id)
          .execute()
        expect(stored).toEqual([])
        await first.stop()
        const again = await startTestServer(env, { dataDir })
        try {
          const rows = await again.db
            .selectFrom('edit_counts')
            .select(['party', 'edits'])
            .where('document_id', '=', id)
            .execute()
          expect(rows.map((r) => [r.party, Number(r.edits)])).toEqual([['administration', 1]])
        } finally {
          await again.stop()
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true })
      }
    })

    it('F8: a document’s decisions count per party; the workspace’s figures count decisions, documents, edits and meetings in the period', async () => {
      await signatories(world)
      const final = await finalDocument(world, s.server.collabUrl)
      const figures = await documentFigures(employeeViewer, final.id)
      expect([
        figures.politicians.decisions,
        figures.administration.decisions,
        figures.employees.decisions,
      ]).toEqual([1, 1, 1])
      // A meeting today at which an employee was present (set by the chair, the world's admin).
      const meeting = await expectJson<{ meeting: { id: string } }>(
        await world.api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/meetings`, {
          title: 'Styringsgruppemøte',
          startsAt: new Date().toISOString(),
          endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
        201,
      )
      for (const [who, present] of [
        [employee, true],
        [employeeViewer, true],
        [politician, false],
      ] as const)
        await expectJson(
          await world.api(
            world.admin,
            'PUT',
            `/api/meetings/${meeting.meeting.id}/attendance/${who.userId}`,
            {
              present,
            },
          ),
          200,
        )
      await waitFor(async () => (await editsOf(final.id)).administration === 1)
      const seen = await workspaceFigures(politicianViewer)
      expect(seen.to).toBe(day(0))
      expect(seen.from).toBe(day(-89))
      expect(seen.parties.map((p) => p.party)).toEqual(['politicians', 'administration', 'employees'])
      expect(seen.byParty.employees.meetingsAttended).toBe(1)
      expect(seen.byParty.politicians.meetingsAttended).toBe(0)
      expect([seen.byParty.politicians.decisionsSigned, seen.byParty.administration.decisionsSigned]).toEqual(
        [1, 1],
      )
      expect(seen.byParty.employees.decisionsSigned).toBe(1)
      // The employee made two documents, the admin (administration) the rest.
      expect(seen.byParty.employees.documentsInitiated).toBe(2)
      expect(seen.byParty.politicians.documentsInitiated).toBe(0)
      expect(seen.byParty.employees.edits).toBeGreaterThanOrEqual(5)
      expect(seen.byParty.administration.edits).toBeGreaterThanOrEqual(1)
      // A period long before any of it: nothing.
      const past = await workspaceFigures(politicianViewer, '?from=2020-01-01&to=2020-12-31')
      expect(past.parties.every((p) => Object.values(p).every((v) => v === 0 || typeof v === 'string'))).toBe(
        true,
      )
    })

    it('F8: threads and replies count only what the caller may see: another party’s internal ones never', async () => {
      const before = {
        employees: (await workspaceFigures(employeeViewer)).byParty.employees,
        politicians: (await workspaceFigures(politicianViewer)).byParty.employees,
      }
      const id = await world.document('Innspill')
      const anchor = await anchoredText(s.server.collabUrl, world.admin, id, 'Noe å kommentere', 3)
      const start = async (visibility: 'shared' | 'party') =>
        (
          await expectJson<{ thread: Thread }>(
            await world.api(employee, 'POST', `/api/documents/${id}/threads`, {
              anchor,
              visibility,
              body: 'Start',
            }),
            201,
          )
        ).thread
      const shared = await start('shared')
      const internal = await start('party')
      for (const thread of [shared, internal, internal])
        expect(
          (await world.api(employee, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Svar' })).status,
        ).toBe(201)
      const employees = (await workspaceFigures(employeeViewer)).byParty.employees
      const politicians = (await workspaceFigures(politicianViewer)).byParty.employees
      expect([
        employees.threads - before.employees.threads,
        employees.replies - before.employees.replies,
      ]).toEqual([2, 3])
      expect([
        politicians.threads - before.politicians.threads,
        politicians.replies - before.politicians.replies,
      ]).toEqual([1, 1])
    })

    it('F8: a period is at most 366 days and never backwards (400); from and to are days', async () => {
      const path = `/api/workspaces/${world.workspaceId}/participation`
      await expectError(
        await world.api(employeeViewer, 'GET', `${path}?from=2025-01-01&to=2026-01-02`),
        400,
        'participation.invalid_period',
      )
      await expectError(
        await world.api(employeeViewer, 'GET', `${path}?from=2026-02-01&to=2026-01-31`),
        400,
        'participation.invalid_period',
      )
      await expectError(await world.api(employeeViewer, 'GET', `${path}?from=igår`), 400, 'request.invalid')
      const leap = await workspaceFigures(employeeViewer, '?from=2024-01-01&to=2024-12-31')
      expect([leap.from, leap.to]).toEqual(['2024-01-01', '2024-12-31'])
      const oneDay = await workspaceFigures(employeeViewer, `?from=${day(0)}&to=${day(0)}`)
      expect(oneDay.byParty.employees.edits).toBeGreaterThan(0)
    })
  })
}
