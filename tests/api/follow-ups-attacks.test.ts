/**
 * Follow-up items under attack, over the real API on SQLite and PostgreSQL (SPEC F1, F3): two
 * changes to one item at once never leave it assigned to someone outside its responsible party
 * (the assignee is checked where the change is written, not before); nothing of another workspace
 * is reachable through an item id, a document filter or an assignee id, and "my follow-ups" lists
 * a workspace's items only while I am a member of it.
 */
import { type Actor, backends, createWorld, type World } from '@trepart/server/test-support'
import type { FollowUp, MyFollowUp } from '@trepart/shared'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { finalDocument, signatories } from '../support/sign-off.js'
import { expectError, expectJson, type ServerWithDb, startWithDb } from './support.js'

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
      // Open sign-up: a second world (another workspace, its own admin) on the same server.
      s = await startWithDb(backend, {
        SIGNUP: 'open',
        FOLLOW_UP_WRITES_BURST: '1000',
        FOLLOW_UP_WRITES_PER_MINUTE: '6000',
      })
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

    it('F1, F3: another workspace’s items, decisions and people are out of reach; my follow-ups follow my memberships', async () => {
      const other = await createWorld(s.server.url)
      await signatories(other)
      const otherDecision = (await finalDocument(other, s.server.collabUrl)).id
      // The employee editor joins the other workspace too, in the same party.
      const invitation = await expectJson<{ token: string }>(
        await other.api(other.admin, 'POST', `/api/workspaces/${other.workspaceId}/invitations`, {
          party: 'employees',
          role: 'editor',
          signatory: false,
        }),
        201,
      )
      await expectJson(
        await world.api(employeeEditor, 'POST', `/api/invitations/${invitation.token}/accept`),
        200,
      )
      const here = await create({ title: 'Her', party: 'employees', dueDate: '2027-02-01' })
      const there = (
        await expectJson<{ followUp: FollowUp }>(
          await other.api(other.admin, 'POST', `/api/documents/${otherDecision}/follow-ups`, {
            title: 'Der',
            party: 'employees',
            dueDate: '2027-02-01',
          }),
          201,
        )
      ).followUp
      const mine = async () =>
        (
          await expectJson<{ followUps: MyFollowUp[] }>(
            await world.api(employeeEditor, 'GET', '/api/me/follow-ups'),
            200,
          )
        ).followUps.map((f) => f.id)
      expect(await mine()).toEqual(expect.arrayContaining([here.id, there.id]))

      // Someone of this workspace only: the other's item is not found, read or changed.
      await expectError(
        await world.api(politicianEditor, 'GET', `/api/follow-ups/${there.id}`),
        404,
        'not_found',
      )
      await expectError(
        await world.api(politicianEditor, 'PATCH', `/api/follow-ups/${there.id}`, { status: 'done' }),
        404,
        'not_found',
      )
      const filtered = await expectJson<{ followUps: FollowUp[] }>(
        await world.api(
          politicianEditor,
          'GET',
          `/api/workspaces/${world.workspaceId}/follow-ups?documentId=${otherDecision}&open=false`,
        ),
        200,
      )
      expect(filtered.followUps).toEqual([])
      // The other workspace's admin is no member here: never an assignee here.
      await expectError(
        await world.api(employeeEditor, 'PATCH', `/api/follow-ups/${here.id}`, {
          assigneeId: other.admin.userId,
        }),
        400,
        'followup.invalid_assignee',
      )

      // Removed from the other workspace: its items leave my list.
      const removed = await other.api(
        other.admin,
        'DELETE',
        `/api/workspaces/${other.workspaceId}/members/${employeeEditor.userId}`,
      )
      expect(removed.status).toBe(204)
      const after = await mine()
      expect(after).toContain(here.id)
      expect(after).not.toContain(there.id)
    })
  })
}
