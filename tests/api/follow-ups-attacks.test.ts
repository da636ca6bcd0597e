/**
 * Follow-up items under attack, over the real API on SQLite and PostgreSQL (SPEC F1, F2, F6):
 * two changes to one item at once never leave it assigned to someone outside its responsible
 * party (the assignee is checked where the change is written, not before), and a hostile title
 * reaches the public page escaped, with nothing personal beside it.
 */
import { type Actor, backends, createWorld, type World } from '@trepart/server/test-support'
import type { FollowUp } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finalDocument, signatories } from '../support/sign-off.js'
import { expectJson, type ServerWithDb, startWithDb } from './support.js'

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`follow-up items under attack (${backend.name})`, () => {
    let s: ServerWithDb
    let world: World
    let employeeEditor: Actor
    let politicianEditor: Actor
    let employeeViewer: Actor
    let decisionId: string

    beforeAll(async () => {
      s = await startWithDb(backend, { FOLLOW_UP_WRITES_BURST: '1000', FOLLOW_UP_WRITES_PER_MINUTE: '6000' })
      world = await createWorld(s.server.url)
      employeeEditor = await world.member('editor', 'employees')
      politicianEditor = await world.member('editor', 'politicians')
      employeeViewer = await world.member('viewer', 'employees', { name: 'Tildelt Ansatt' })
      await signatories(world)
      decisionId = (await finalDocument(world, s.server.collabUrl)).id
    })
    afterAll(async () => s?.stop())

    const create = async (body: object) =>
      (
        await expectJson<{ followUp: FollowUp }>(
          await world.api(employeeEditor, 'POST', `/api/documents/${decisionId}/follow-ups`, body),
          201,
        )
      ).followUp

    it('F1: handing an item to another party while someone assigns it never leaves another party’s member responsible', async () => {
      const items = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          create({ title: `Sak ${i}`, party: 'employees', dueDate: '2027-01-01' }),
        ),
      )
      await Promise.all(
        items.flatMap((item) => [
          world.api(politicianEditor, 'PATCH', `/api/follow-ups/${item.id}`, { party: 'politicians' }),
          world.api(employeeEditor, 'PATCH', `/api/follow-ups/${item.id}`, {
            assigneeId: employeeViewer.userId,
          }),
        ]),
      )
      for (const item of items) {
        const { followUp } = await expectJson<{ followUp: FollowUp }>(
          await world.api(employeeEditor, 'GET', `/api/follow-ups/${item.id}`),
          200,
        )
        expect(followUp.party).toBe('politicians')
        // The employee may have been assigned first (and then let go with the hand-over), or refused.
        expect(followUp.assignee).toBeNull()
      }
    })
  })
}
