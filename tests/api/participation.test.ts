/**
 * Participation figures and the document list's open-thread counts over the real API, on SQLite
 * and PostgreSQL: per party, threads started, replies (deleted ones not counted) and distinct
 * people; per document, the open threads the viewer may see. The leakage half of issue 12's suite
 * for numbers: an employees-only thread, its replies and the people who wrote only there never
 * show in what politicians or the administration read (every role, the workspace admin included),
 * and do in what employees read; a member who changes party sees the new party's figures at once.
 */
import { type Actor, backends, createWorld, type World } from '@trepart/server/test-support'
import type { DocumentListItem, PartyKey, PartyParticipation, Thread } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchoredText } from '../support/anchors.js'
import { expectJson, type ServerWithDb, startWithDb } from './support.js'

const ROLES = ['viewer', 'commenter', 'editor', 'admin'] as const

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`participation and open-thread counts (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World

    beforeAll(async () => {
      s = await startWithDb(backend)
      world = await createWorld(s.server.url)
    })
    afterAll(async () => s?.stop())

    /** A document with one committed paragraph; `anchor` covers its first five characters. */
    async function documentWithText(): Promise<{ id: string; anchor: { start: string; end: string } }> {
      const id = await world.document('Arbeidstid')
      return {
        id,
        anchor: await anchoredText(s.server.collabUrl, world.admin, id, 'Arbeidstiden blir 37,5 timer.', 5),
      }
    }

    async function start(as: Actor, doc: { id: string; anchor: object }, visibility: 'shared' | 'party') {
      const res = await world.api(as, 'POST', `/api/documents/${doc.id}/threads`, {
        anchor: doc.anchor,
        visibility,
        body: visibility === 'party' ? 'Internt' : 'Til alle',
      })
      return (await expectJson<{ thread: Thread }>(res, 201)).thread
    }
    async function reply(as: Actor, thread: Thread): Promise<string> {
      const res = await world.api(as, 'POST', `/api/threads/${thread.id}/comments`, { body: 'Svar' })
      return (await expectJson<{ comment: { id: string } }>(res, 201)).comment.id
    }
    const participationAs = async (as: Actor, documentId: string) =>
      (
        await expectJson<{ parties: PartyParticipation[] }>(
          await world.api(as, 'GET', `/api/documents/${documentId}/participation`),
          200,
        )
      ).parties
    const openThreadsAs = async (as: Actor) => {
      const { documents } = await expectJson<{ documents: DocumentListItem[] }>(
        await world.api(as, 'GET', `/api/workspaces/${world.workspaceId}/documents`),
        200,
      )
      return new Map(documents.map((d) => [d.id, d.openThreads]))
    }
    const figures = (threads: number, replies: number, people: number) => ({ threads, replies, people })
    /** The dialogue's figures by party (edits and decisions are this file's second half's). */
    const byParty = (parties: PartyParticipation[]) =>
      Object.fromEntries(
        parties.map(({ party, threads, replies, people }) => [party, { threads, replies, people }]),
      ) as Record<PartyKey, ReturnType<typeof figures>>

    describe('an employees-only thread beside shared ones', () => {
      /** The dialogue; `onlyInternal` is a document whose one thread is employees-only. */
      let doc: { id: string; anchor: { start: string; end: string } }
      let onlyInternal: { id: string; anchor: { start: string; end: string } }
      const outside: Array<[string, Actor]> = []
      const employees: Array<[string, Actor]> = []
      let administrationCommenter: Actor

      beforeAll(async () => {
        doc = await documentWithText()
        onlyInternal = await documentWithText()
        const politician = await world.member('editor', 'politicians')
        const politician2 = await world.member('commenter', 'politicians')
        const employee = await world.member('editor', 'employees')
        // Writes only in the employees' internal thread: must not be one of the "people" to others.
        const employeeInternalOnly = await world.member('commenter', 'employees')
        administrationCommenter = await world.member('commenter', 'administration')

        const shared = await start(politician, doc, 'shared')
        await reply(employee, shared)
        await reply(world.admin, shared)
        await reply(politician2, shared)
        await reply(employee, shared)
        // A deleted reply counts for nobody.
        const deleted = await reply(politician, shared)
        expect((await world.api(politician, 'DELETE', `/api/comments/${deleted}`)).status).toBe(204)
        // A resolved shared thread: started (participation), not open (the list).
        const resolved = await start(politician, doc, 'shared')
        expect((await world.api(politician, 'POST', `/api/threads/${resolved.id}/resolve`)).status).toBe(200)

        const internal = await start(employee, doc, 'party')
        await reply(employeeInternalOnly, internal)
        await reply(employee, internal)
        await start(administrationCommenter, doc, 'party')
        await start(employeeInternalOnly, onlyInternal, 'party')

        for (const party of ['politicians', 'administration'] as const) {
          for (const role of ROLES) outside.push([`${role} of ${party}`, await world.member(role, party)])
        }
        outside.push(['the workspace admin (administration)', world.admin])
        for (const role of ROLES)
          employees.push([`${role} of employees`, await world.member(role, 'employees')])
      })

      it('counts, for employees (every role), their internal thread, its replies and its people', async () => {
        for (const [who, actor] of employees) {
          expect(byParty(await participationAs(actor, doc.id)), who).toEqual({
            politicians: figures(2, 1, 2),
            administration: figures(0, 1, 1),
            employees: figures(1, 4, 2),
          })
          expect(byParty(await participationAs(actor, onlyInternal.id)).employees, who).toEqual(
            figures(1, 0, 1),
          )
        }
      })

      it('never counts it for politicians or the administration (every role, the workspace admin included)', async () => {
        for (const [who, actor] of outside) {
          const parties = await participationAs(actor, doc.id)
          // Every party, in order, whatever the caller sees.
          expect(
            parties.map((p) => p.party),
            who,
          ).toEqual(['politicians', 'administration', 'employees'])
          const seen = byParty(parties)
          // Only the two replies on the shared thread; the thread, its replies and the member who
          // wrote only there are absent.
          expect(seen.employees, who).toEqual(figures(0, 2, 1))
          expect(seen.politicians, who).toEqual(figures(2, 1, 2))
          expect(byParty(await participationAs(actor, onlyInternal.id)).employees, who).toEqual(
            figures(0, 0, 0),
          )
        }
        // The administration sees its own internal thread, the politicians do not.
        const administration = byParty(await participationAs(administrationCommenter, doc.id)).administration
        expect(administration).toEqual(figures(1, 1, 2))
        const politicians = byParty(await participationAs(outside[0]![1], doc.id)).administration
        expect(politicians).toEqual(figures(0, 1, 1))
      })

      it('gives the document list open shared threads plus the viewer’s own party’s open internal ones', async () => {
        for (const [who, actor] of employees) {
          const open = await openThreadsAs(actor)
          expect(open.get(doc.id), who).toBe(2)
          expect(open.get(onlyInternal.id), who).toBe(1)
        }
        for (const [who, actor] of outside) {
          const open = await openThreadsAs(actor)
          const administration = who.includes('administration')
          // The shared open thread, and the administration's own internal one for its members.
          expect(open.get(doc.id), who).toBe(administration ? 2 : 1)
          expect(open.get(onlyInternal.id), who).toBe(0)
        }
      })

      it('moves with a member whose party changes', async () => {
        const mover = await world.member('viewer', 'employees')
        expect((await openThreadsAs(mover)).get(onlyInternal.id)).toBe(1)
        const moved = await world.api(
          world.admin,
          'PATCH',
          `/api/workspaces/${world.workspaceId}/members/${mover.userId}`,
          { party: 'politicians' },
        )
        expect(moved.status).toBe(200)
        expect((await openThreadsAs(mover)).get(onlyInternal.id)).toBe(0)
        expect(byParty(await participationAs(mover, doc.id)).employees).toEqual(figures(0, 2, 1))
      })
    })

    it('answers a document without threads with every party at zero', async () => {
      const id = await world.document('Tomt')
      const none = { ...figures(0, 0, 0), edits: 0, decisions: 0 }
      expect(await participationAs(world.admin, id)).toEqual([
        { party: 'politicians', ...none },
        { party: 'administration', ...none },
        { party: 'employees', ...none },
      ])
      expect((await openThreadsAs(world.admin)).get(id)).toBe(0)
    })
  })
}
