/**
 * Workspace membership and documents over the real API: a workspace never loses its last admin,
 * members leave, admins change and remove members, emails are for admins' eyes, non-members see
 * nothing (404), and documents are started, filtered, renamed and archived by the right roles.
 * Runs against SQLite and PostgreSQL.
 */
import { type Actor, backends } from '@trepart/server/test-support'
import type { DocumentInfo, Member, PartyKey, Role } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import { useServerWithWorld } from '../support/world-fixture.js'
import { expectError, expectJson } from './support.js'

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`members and documents (${backend.name})`, () => {
    const fx = useServerWithWorld(() => backend.start())

    const api = (actor: Actor | null, method: string, path: string, body?: unknown) =>
      fx.world.api(actor, method, path, body)

    /** A new workspace whose only member (and admin) is `owner`. */
    async function newWorkspace(owner: Actor, name = 'Eget arbeidsrom'): Promise<string> {
      const res = await api(owner, 'POST', '/api/workspaces', { name, party: 'administration' })
      return (await expectJson<{ workspace: { id: string } }>(res, 201)).workspace.id
    }

    /** A new user who joins workspace `wid` through an invitation from its admin `by`. */
    async function join(by: Actor, wid: string, role: Role, party: PartyKey = 'employees'): Promise<Actor> {
      const user = await fx.world.outsider(`${role} i ${party}`)
      const inv = await api(by, 'POST', `/api/workspaces/${wid}/invitations`, { party, role })
      const { token } = await expectJson<{ token: string }>(inv, 201)
      await expectJson(await api(user, 'POST', `/api/invitations/${token}/accept`), 200)
      return user
    }

    async function members(actor: Actor, wid = fx.world.workspaceId): Promise<Member[]> {
      const res = await api(actor, 'GET', `/api/workspaces/${wid}/members`)
      return (await expectJson<{ members: Member[] }>(res, 200)).members
    }

    const memberPath = (wid: string, uid: string) => `/api/workspaces/${wid}/members/${uid}`

    describe('the last admin', () => {
      it('cannot leave, be removed or be demoted', async () => {
        const owner = await fx.world.outsider('Eneste Admin')
        const wid = await newWorkspace(owner)
        const viewer = await join(owner, wid, 'viewer')
        await expectError(await api(owner, 'DELETE', memberPath(wid, 'me')), 409, 'member.last_admin')
        await expectError(await api(owner, 'DELETE', memberPath(wid, owner.userId)), 409, 'member.last_admin')
        for (const role of ['editor', 'commenter', 'viewer'] as const) {
          await expectError(
            await api(owner, 'PATCH', memberPath(wid, owner.userId), { role }),
            409,
            'member.last_admin',
          )
        }
        // Changes that keep the admin an admin are fine.
        const kept = await expectJson<{ member: Member }>(
          await api(owner, 'PATCH', memberPath(wid, owner.userId), { role: 'admin', party: 'politicians' }),
          200,
        )
        expect(kept.member).toMatchObject({ role: 'admin', party: 'politicians' })
        // A viewer cannot remove the admin either.
        await expectError(await api(viewer, 'DELETE', memberPath(wid, owner.userId)), 403, 'access.forbidden')
        const ws = await expectJson<{ me: { role: string } }>(
          await api(owner, 'GET', `/api/workspaces/${wid}`),
          200,
        )
        expect(ws.me.role).toBe('admin')
      })

      it('with two admins, one may leave; the other is then the last', async () => {
        const owner = await fx.world.outsider('Første Admin')
        const wid = await newWorkspace(owner)
        const second = await join(owner, wid, 'admin', 'politicians')
        expect((await api(owner, 'DELETE', memberPath(wid, 'me'))).status).toBe(204)
        await expectError(await api(owner, 'GET', `/api/workspaces/${wid}`), 404, 'not_found')
        await expectError(await api(second, 'DELETE', memberPath(wid, 'me')), 409, 'member.last_admin')
        await expectError(
          await api(second, 'PATCH', memberPath(wid, second.userId), { role: 'editor' }),
          409,
          'member.last_admin',
        )
        expect((await members(second, wid)).map((m) => [m.user.id, m.role])).toEqual([
          [second.userId, 'admin'],
        ])
      })

      it('with two admins, one may demote or remove the other', async () => {
        const owner = await fx.world.outsider('Admin En')
        const wid = await newWorkspace(owner)
        const second = await join(owner, wid, 'admin')
        const demoted = await expectJson<{ member: Member }>(
          await api(second, 'PATCH', memberPath(wid, owner.userId), { role: 'editor' }),
          200,
        )
        expect(demoted.member.role).toBe('editor')
        await expectError(
          await api(owner, 'PATCH', memberPath(wid, second.userId), { role: 'viewer' }),
          403,
          'access.forbidden',
        )
        const third = await join(second, wid, 'admin')
        expect((await api(third, 'DELETE', memberPath(wid, second.userId))).status).toBe(204)
        await expectError(await api(second, 'GET', `/api/workspaces/${wid}`), 404, 'not_found')
      })
    })

    it('a member leaves with DELETE …/members/me and then gets 404 on the workspace', async () => {
      const member = await fx.world.member('editor')
      const wid = fx.world.workspaceId
      expect((await api(member, 'DELETE', memberPath(wid, 'me'))).status).toBe(204)
      await expectError(await api(member, 'GET', `/api/workspaces/${wid}`), 404, 'not_found')
      await expectError(await api(member, 'GET', `/api/workspaces/${wid}/documents`), 404, 'not_found')
      await expectError(await api(member, 'DELETE', memberPath(wid, 'me')), 404, 'not_found')
      const me = await expectJson<{ workspaces: Array<{ id: string }> }>(
        await api(member, 'GET', '/api/me'),
        200,
      )
      expect(me.workspaces.map((w) => w.id)).not.toContain(wid)
      expect((await members(fx.world.admin)).map((m) => m.user.id)).not.toContain(member.userId)
    })

    it('admins change role, party and signatory flag; the list and the member see it', async () => {
      const member = await fx.world.member('viewer', 'employees')
      const res = await api(fx.world.admin, 'PATCH', memberPath(fx.world.workspaceId, member.userId), {
        role: 'editor',
        party: 'politicians',
        signatory: true,
      })
      const { member: changed } = await expectJson<{ member: Member }>(res, 200)
      expect(changed).toEqual({
        user: { id: member.userId, name: member.name, email: member.email },
        party: 'politicians',
        role: 'editor',
        signatory: true,
        joinedAt: expect.any(String),
      })
      expect((await members(fx.world.admin)).find((m) => m.user.id === member.userId)).toEqual(changed)
      const ws = await expectJson<{ me: unknown }>(
        await api(member, 'GET', `/api/workspaces/${fx.world.workspaceId}`),
        200,
      )
      expect(ws.me).toEqual({ party: 'politicians', role: 'editor', signatory: true })
      // The new role counts at once: now an editor, the member starts a document for the new party.
      const doc = await expectJson<{ document: DocumentInfo }>(
        await api(member, 'POST', `/api/workspaces/${fx.world.workspaceId}/documents`, {
          title: 'Etter rolleskifte',
          kind: 'proposal',
        }),
        201,
      )
      expect(doc.document.initiatingParty).toBe('politicians')

      // Only one field at a time, and nothing at all, work too.
      const unsigned = await expectJson<{ member: Member }>(
        await api(fx.world.admin, 'PATCH', memberPath(fx.world.workspaceId, member.userId), {
          signatory: false,
        }),
        200,
      )
      expect(unsigned.member).toMatchObject({ party: 'politicians', role: 'editor', signatory: false })
      const same = await expectJson<{ member: Member }>(
        await api(fx.world.admin, 'PATCH', memberPath(fx.world.workspaceId, member.userId), {}),
        200,
      )
      expect(same.member).toEqual(unsigned.member)
    })

    it('only admins change or remove others; unknown members are 404', async () => {
      const target = await fx.world.member('viewer')
      const editor = await fx.world.member('editor')
      const path = memberPath(fx.world.workspaceId, target.userId)
      await expectError(await api(editor, 'PATCH', path, { role: 'admin' }), 403, 'access.forbidden')
      await expectError(
        await api(editor, 'PATCH', memberPath(fx.world.workspaceId, editor.userId), { role: 'admin' }),
        403,
        'access.forbidden',
      )
      await expectError(await api(editor, 'DELETE', path), 403, 'access.forbidden')
      await expectError(await api(target, 'PATCH', path, { signatory: true }), 403, 'access.forbidden')
      const outsider = await fx.world.outsider()
      await expectError(
        await api(fx.world.admin, 'PATCH', memberPath(fx.world.workspaceId, outsider.userId), {
          role: 'viewer',
        }),
        404,
        'not_found',
      )
      await expectError(
        await api(fx.world.admin, 'DELETE', memberPath(fx.world.workspaceId, outsider.userId)),
        404,
        'not_found',
      )
      await expectError(await api(fx.world.admin, 'PATCH', path, { role: 'owner' }), 400, 'request.invalid')

      expect((await api(fx.world.admin, 'DELETE', path)).status).toBe(204)
      await expectError(await api(target, 'GET', `/api/workspaces/${fx.world.workspaceId}`), 404, 'not_found')
      expect((await members(fx.world.admin)).map((m) => m.user.id)).not.toContain(target.userId)
    })

    it('shows members’ emails to admins only', async () => {
      const editor = await fx.world.member('editor')
      const viewer = await fx.world.member('viewer', 'politicians')
      const asAdmin = await members(fx.world.admin)
      expect(asAdmin.length).toBeGreaterThanOrEqual(3)
      for (const m of asAdmin) expect(m.user.email).toMatch(/@trepart\.test$/)
      expect(asAdmin.find((m) => m.user.id === editor.userId)?.user.email).toBe(editor.email)
      for (const actor of [editor, viewer]) {
        const res = await api(actor, 'GET', `/api/workspaces/${fx.world.workspaceId}/members`)
        const text = await res.clone().text()
        const listed = (await expectJson<{ members: Member[] }>(res, 200)).members
        expect(listed.map((m) => m.user.id).sort()).toEqual(asAdmin.map((m) => m.user.id).sort())
        for (const m of listed) expect(Object.keys(m.user).sort()).toEqual(['id', 'name'])
        expect(text).not.toContain('@trepart.test')
      }
    })

    it('a non-member gets 404 on the workspace and everything in it; anonymous gets 401', async () => {
      const outsider = await fx.world.outsider()
      const wid = fx.world.workspaceId
      const doc = await fx.world.document('Hemmelig')
      for (const [method, path, body] of [
        ['GET', `/api/workspaces/${wid}`],
        ['PATCH', `/api/workspaces/${wid}`, { name: 'Kapret' }],
        ['GET', `/api/workspaces/${wid}/members`],
        ['DELETE', memberPath(wid, fx.world.admin.userId)],
        ['GET', `/api/workspaces/${wid}/documents`],
        ['POST', `/api/workspaces/${wid}/documents`, { title: 'Inntrenger', kind: 'proposal' }],
        ['GET', `/api/documents/${doc}`],
        ['PATCH', `/api/documents/${doc}`, { archived: true }],
      ] as Array<[string, string, unknown?]>) {
        await expectError(await api(outsider, method, path, body), 404, 'not_found')
        await expectError(await api(null, method, path, body), 401, 'auth.unauthenticated')
      }
      await expectError(await api(outsider, 'GET', '/api/workspaces/nosuchworkspace'), 404, 'not_found')
    })

    it('admins rename the workspace; editors and viewers get 403', async () => {
      const wid = fx.world.workspaceId
      const before = await expectJson<{ workspace: { name: string; updatedAt: string } }>(
        await api(fx.world.admin, 'GET', `/api/workspaces/${wid}`),
        200,
      )
      for (const role of ['editor', 'commenter', 'viewer'] as const) {
        await expectError(
          await api(await fx.world.member(role), 'PATCH', `/api/workspaces/${wid}`, { name: 'Ikke lov' }),
          403,
          'access.forbidden',
        )
      }
      const renamed = await expectJson<{ workspace: { name: string } }>(
        await api(fx.world.admin, 'PATCH', `/api/workspaces/${wid}`, { name: '  Samarbeidsforum Vest  ' }),
        200,
      )
      expect(renamed.workspace.name).toBe('Samarbeidsforum Vest')
      const viewer = await fx.world.member('viewer')
      const read = await expectJson<{ workspace: { name: string; updatedAt: string }; parties: unknown[] }>(
        await api(viewer, 'GET', `/api/workspaces/${wid}`),
        200,
      )
      expect(read.workspace.name).toBe('Samarbeidsforum Vest')
      expect(Date.parse(read.workspace.updatedAt)).toBeGreaterThanOrEqual(
        Date.parse(before.workspace.updatedAt),
      )
      expect(read.parties).toHaveLength(3)
    })

    describe('documents', () => {
      const create = (actor: Actor, title: string, kind = 'proposal', wid = fx.world.workspaceId) =>
        api(actor, 'POST', `/api/workspaces/${wid}/documents`, { title, kind })

      it('an editor starts one for their own party; viewers and commenters get 403', async () => {
        const editor = await fx.world.member('editor', 'employees', { name: 'Edith Editor' })
        const res = await create(editor, '  Forslag om hjemmekontor  ', 'proposal')
        const { document } = await expectJson<{ document: DocumentInfo }>(res, 201)
        expect(document).toEqual({
          id: expect.stringMatching(/^[a-z2-7]+$/),
          workspaceId: fx.world.workspaceId,
          title: 'Forslag om hjemmekontor',
          kind: 'proposal',
          status: 'draft',
          initiatingParty: 'employees',
          createdBy: { id: editor.userId, name: 'Edith Editor' },
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          archived: false,
          amendsId: null,
        })
        const politician = await fx.world.member('editor', 'politicians')
        const other = await expectJson<{ document: DocumentInfo }>(
          await create(politician, 'Vedtak', 'decision'),
          201,
        )
        expect(other.document.initiatingParty).toBe('politicians')

        await expectError(await create(await fx.world.member('viewer'), 'Nei'), 403, 'access.forbidden')
        await expectError(await create(await fx.world.member('commenter'), 'Nei'), 403, 'access.forbidden')
        await expectError(await create(editor, 'Ukjent type', 'memo'), 400, 'request.invalid')
        // Any member reads it.
        const read = await expectJson<{ document: DocumentInfo }>(
          await api(await fx.world.member('viewer'), 'GET', `/api/documents/${document.id}`),
          200,
        )
        expect(read.document).toEqual(document)
      })

      it('filters by status, kind, initiating party and archived — exactly', async () => {
        const owner = await fx.world.outsider('Filtereier')
        const wid = await newWorkspace(owner)
        const employees = await join(owner, wid, 'editor', 'employees')
        const politicians = await join(owner, wid, 'editor', 'politicians')
        const id = async (res: Response) =>
          (await expectJson<{ document: DocumentInfo }>(res, 201)).document.id
        const d = {
          employeesProposal: await id(await create(employees, 'A', 'proposal', wid)),
          employeesDecision: await id(await create(employees, 'B', 'decision', wid)),
          politiciansProposal: await id(await create(politicians, 'C', 'proposal', wid)),
          employeesArchived: await id(await create(employees, 'D', 'proposal', wid)),
          adminMinutes: await id(await create(owner, 'E', 'minutes', wid)),
        }
        await expectJson(
          await api(employees, 'PATCH', `/api/documents/${d.employeesArchived}`, { archived: true }),
          200,
        )

        const list = async (query: string) => {
          const res = await api(employees, 'GET', `/api/workspaces/${wid}/documents${query}`)
          return (await expectJson<{ documents: DocumentInfo[] }>(res, 200)).documents.map((x) => x.id).sort()
        }
        const ids = (...xs: string[]) => xs.sort()
        expect(await list('?status=draft&kind=proposal&party=employees&archived=false')).toEqual([
          d.employeesProposal,
        ])
        expect(await list('')).toEqual(ids(...Object.values(d)))
        expect(await list('?status=draft')).toEqual(ids(...Object.values(d)))
        expect(await list('?status=final')).toEqual([])
        expect(await list('?status=in_review')).toEqual([])
        expect(await list('?kind=proposal')).toEqual(
          ids(d.employeesProposal, d.politiciansProposal, d.employeesArchived),
        )
        expect(await list('?kind=minutes')).toEqual([d.adminMinutes])
        expect(await list('?party=employees')).toEqual(
          ids(d.employeesProposal, d.employeesDecision, d.employeesArchived),
        )
        expect(await list('?party=administration')).toEqual([d.adminMinutes])
        expect(await list('?archived=true')).toEqual([d.employeesArchived])
        expect(await list('?archived=false')).toEqual(
          ids(d.employeesProposal, d.employeesDecision, d.politiciansProposal, d.adminMinutes),
        )
        expect(await list('?kind=proposal&party=politicians')).toEqual([d.politiciansProposal])
        // Documents of other workspaces never show up.
        expect(await list('')).not.toContain(await fx.world.document('Annet rom'))

        for (const bad of ['?status=bogus', '?kind=memo', '?party=mayors', '?archived=yes', '?archived=1']) {
          await expectError(
            await api(employees, 'GET', `/api/workspaces/${wid}/documents${bad}`),
            400,
            'request.invalid',
          )
        }
      })

      it('editors rename and archive; viewers and commenters get 403; outsiders 404', async () => {
        const author = await fx.world.member('editor', 'employees')
        const id = (await expectJson<{ document: DocumentInfo }>(await create(author, 'Utkast'), 201))
          .document.id
        const path = `/api/documents/${id}`
        // Any editor may, not only the author or their party.
        const otherEditor = await fx.world.member('editor', 'politicians')
        const renamed = await expectJson<{ document: DocumentInfo }>(
          await api(otherEditor, 'PATCH', path, { title: 'Nytt navn', archived: true }),
          200,
        )
        expect(renamed.document).toMatchObject({
          id,
          title: 'Nytt navn',
          archived: true,
          initiatingParty: 'employees',
        })
        const restored = await expectJson<{ document: DocumentInfo }>(
          await api(author, 'PATCH', path, { archived: false }),
          200,
        )
        expect(restored.document).toMatchObject({ title: 'Nytt navn', archived: false })

        await expectError(
          await api(await fx.world.member('viewer'), 'PATCH', path, { title: 'Nei' }),
          403,
          'access.forbidden',
        )
        await expectError(
          await api(await fx.world.member('commenter'), 'PATCH', path, { archived: true }),
          403,
          'access.forbidden',
        )
        await expectError(
          await api(await fx.world.outsider(), 'PATCH', path, { title: 'Nei' }),
          404,
          'not_found',
        )
        await expectError(
          await api(author, 'PATCH', '/api/documents/nosuchdocument', { title: 'Nei' }),
          404,
          'not_found',
        )
        await expectError(await api(author, 'PATCH', path, { title: '' }), 400, 'request.invalid')
        const read = await expectJson<{ document: DocumentInfo }>(await api(author, 'GET', path), 200)
        expect(read.document).toMatchObject({ title: 'Nytt navn', archived: false })
      })
    })
  })
}
