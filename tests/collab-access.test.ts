/**
 * Access control on the collaboration websocket, against SQLite and PostgreSQL: refused upgrades
 * never load a room; presence is stamped by the server; removing a member, logging out and changing
 * a password close the affected sockets; a demotion drops writes from that moment; every role change
 * is told with the new role (also commenter ↔ viewer, where writing stays as it was); a party change
 * re-stamps presence; a title change reaches Trepart clients as a server event.
 */
import { type Actor, backends, waitFor } from '@trepart/server/test-support'
import { CloseCode, isPermanentClose, MessageType, readServerEvent, type ServerEvent } from '@trepart/shared'
import type * as decoding from 'lib0/decoding'
import { afterEach, describe, expect, it } from 'vitest'
import { createClient, type TestClient } from './support/clients.js'
import { upgradeStatus } from './support/raw-socket.js'
import { useServerWithWorld } from './support/world-fixture.js'

const all = await backends()

for (const backend of all) {
  describe.skipIf(!backend.available)(`collab access (${backend.name})`, () => {
    const fx = useServerWithWorld(() => backend.start())
    const clients: TestClient[] = []
    const client = (
      id: string,
      actor: Pick<Actor, 'headers'>,
      options: Parameters<typeof createClient>[2] = {},
    ) => {
      const c = createClient(fx.server.collabUrl, id, { actor, ...options })
      clients.push(c)
      return c
    }
    /** Close codes a client received, in order. */
    const closes = (c: TestClient) => {
      const codes: number[] = []
      c.provider.on('connection-close', (event) => codes.push(event?.code ?? 0))
      return codes
    }
    afterEach(() => {
      for (const c of clients.splice(0)) c.destroy()
    })
    /** Logs `user` in again: the cookie of a second session (another device). */
    const secondSession = async (user: Actor) => {
      const login = await fx.world.api(null, 'POST', '/api/auth/login', {
        email: user.email,
        password: user.password,
      })
      return login.headers.getSetCookie()[0]!.split(';')[0]!
    }

    describe('refused upgrades, before any room loads', () => {
      const refused = async (id: string, headers: Record<string, string>) => {
        const status = await upgradeStatus(`${fx.server.collabUrl}/${id}`, headers)
        expect(fx.server.registry.rooms.has(id)).toBe(false)
        expect(fx.server.registry.loadingCount).toBe(0)
        return status
      }
      it('[A1] no cookie → 401', async () => {
        const id = await fx.world.document()
        expect(await refused(id, { origin: new URL(fx.server.url).origin })).toBe(401)
      })
      it('[A1] an expired session → 401', async () => {
        const id = await fx.world.document()
        const someone = await fx.world.member('editor')
        await fx.server.db
          .updateTable('sessions')
          .set({ expires_at: Date.now() - 1 })
          .where('user_id', '=', someone.userId)
          .execute()
        expect(await refused(id, someone.headers)).toBe(401)
      })
      it('[A1][A3] a logged-out session → 401', async () => {
        const id = await fx.world.document()
        const someone = await fx.world.member('editor')
        expect((await fx.world.api(someone, 'POST', '/api/auth/logout')).status).toBe(204)
        expect(await refused(id, someone.headers)).toBe(401)
      })
      it('[A1] a non-member → 404, and a document that does not exist → 404', async () => {
        const id = await fx.world.document()
        const outsider = await fx.world.outsider()
        expect(await refused(id, outsider.headers)).toBe(404)
        expect(await refused('doesnotexist', fx.world.admin.headers)).toBe(404)
      })
      it('[A1] a foreign Origin → 403, even with a valid session', async () => {
        const id = await fx.world.document()
        expect(await refused(id, { ...fx.world.admin.headers, origin: 'https://evil.example' })).toBe(403)
      })
    })

    it('[A2] stamps presence from the session: a spoofed name or party is corrected; viewers are marked', async () => {
      const id = await fx.world.document()
      const mallory = await fx.world.member('editor', 'employees', { name: 'Mallory' })
      const viewer = await fx.world.member('viewer', 'politicians', { name: 'Vera' })
      // A client's first awareness state has clock 0, which y-protocols does not apply; setting a
      // field (as Tiptap's caret does) makes it 1.
      const m = client(id, mallory)
      const v = client(id, viewer, { name: 'whatever the client says' })
      const a = client(id, fx.world.admin, { name: 'Admin' })
      m.provider.awareness.setLocalStateField('user', {
        id: fx.world.admin.userId,
        name: fx.world.admin.name,
        party: 'politicians',
        color: '#000000',
      })
      await waitFor(
        () =>
          a.provider.awareness.getStates().has(m.doc.clientID) &&
          a.provider.awareness.getStates().has(v.doc.clientID),
      )
      const seen = a.provider.awareness.getStates().get(m.doc.clientID)!.user
      expect(seen).toEqual({
        id: mallory.userId,
        name: 'Mallory',
        party: 'employees',
        role: 'editor',
        color: '#B24E00',
      })
      expect(a.provider.awareness.getStates().get(v.doc.clientID)!.user).toMatchObject({
        name: 'Vera',
        role: 'viewer',
        party: 'politicians',
      })
    })

    it('[A3] removing a member closes their sockets with Removed within 5 s; others stay', async () => {
      const id = await fx.world.document()
      const leaving = await fx.world.member('editor')
      const gone = client(id, leaving)
      const stays = client(id, fx.world.admin)
      const codes = closes(gone)
      await waitFor(() => gone.provider.synced && stays.provider.synced)
      expect(
        (
          await fx.world.api(
            fx.world.admin,
            'DELETE',
            `/api/workspaces/${fx.world.workspaceId}/members/${leaving.userId}`,
          )
        ).status,
      ).toBe(204)
      await waitFor(() => codes.includes(CloseCode.Removed), { timeoutMs: 5000 })
      expect(gone.provider.shouldConnect).toBe(false)
      expect(stays.provider.wsconnected).toBe(true)
    })

    it('[A3] logging out closes that session’s sockets with Unauthorized within 5 s, not other sessions’', async () => {
      const id = await fx.world.document()
      const user = await fx.world.member('editor')
      const otherCookie = await secondSession(user)
      const laptop = client(id, user)
      const tablet = client(id, { headers: { ...user.headers, cookie: otherCookie } })
      const codes = closes(laptop)
      await waitFor(() => laptop.provider.synced && tablet.provider.synced)
      expect((await fx.world.api(user, 'POST', '/api/auth/logout')).status).toBe(204)
      await waitFor(() => codes.includes(CloseCode.Unauthorized), { timeoutMs: 5000 })
      expect(tablet.provider.wsconnected).toBe(true)
    })

    it('[A3] changing the password closes the user’s other sessions’ sockets within 5 s', async () => {
      const id = await fx.world.document()
      const user = await fx.world.member('editor')
      const otherCookie = await secondSession(user)
      const here = client(id, user)
      const elsewhere = client(id, { headers: { ...user.headers, cookie: otherCookie } })
      const elsewhereCodes = closes(elsewhere)
      const hereCodes = closes(here)
      await waitFor(() => here.provider.synced && elsewhere.provider.synced)
      const res = await fx.world.api(user, 'POST', '/api/auth/password', {
        currentPassword: user.password,
        newPassword: 'a new and long passphrase',
      })
      expect(res.status).toBe(204)
      await waitFor(() => elsewhereCodes.includes(CloseCode.Unauthorized), { timeoutMs: 5000 })
      // This browser's session got a new token: its sockets are told to reconnect (retryable), which
      // a browser does with the new cookie; the old token no longer opens anything.
      await waitFor(() => hereCodes.includes(CloseCode.SessionReplaced), { timeoutMs: 5000 })
      expect(isPermanentClose(CloseCode.SessionReplaced)).toBe(false)
      expect(await upgradeStatus(`${fx.server.collabUrl}/${id}`, user.headers)).toBe(401)
      const newCookie = res.headers.getSetCookie()[0]!.split(';')[0]!
      const again = client(id, { headers: { ...user.headers, cookie: newCookie } })
      await waitFor(() => again.provider.synced)
    })

    it('[A4] a demoted editor’s writes are dropped from that moment; a promoted one writes again', async () => {
      const id = await fx.world.document()
      const user = await fx.world.member('editor')
      const e = client(id, user, { trepart: true })
      const watcher = client(id, fx.world.admin)
      await waitFor(() => e.provider.synced && watcher.provider.synced)
      e.text.insert(0, 'før ')
      await waitFor(() => watcher.text.toString() === 'før ')
      const path = `/api/workspaces/${fx.world.workspaceId}/members/${user.userId}`
      expect((await fx.world.api(fx.world.admin, 'PATCH', path, { role: 'viewer' })).status).toBe(200)
      e.text.insert(e.text.length, 'etter ')
      await e.flush()
      const room = fx.server.registry.rooms.get(id)!
      expect(room.doc.getText('t').toString()).toBe('før ')
      expect(watcher.text.toString()).toBe('før ')
      expect(e.provider.wsconnected).toBe(true)
      expect((await fx.world.api(fx.world.admin, 'PATCH', path, { role: 'editor' })).status).toBe(200)
      e.text.insert(e.text.length, 'igjen')
      await waitFor(() => watcher.text.toString().endsWith('igjen'))
    })

    it('[A4] a role change is told with the new role, also when writing stays as it was (commenter ↔ viewer)', async () => {
      const id = await fx.world.document()
      const user = await fx.world.member('commenter')
      const c = client(id, user, { trepart: true })
      await waitFor(() => c.events.some((ev) => ev.type === 'welcome'))
      expect(c.events.find((ev) => ev.type === 'welcome')).toMatchObject({
        canWrite: false,
        role: 'commenter',
      })
      const path = `/api/workspaces/${fx.world.workspaceId}/members/${user.userId}`
      const changes = () => c.events.filter((ev) => ev.type === 'access.changed')
      for (const [role, canWrite] of [
        ['viewer', false],
        ['commenter', false],
        ['editor', true],
        ['viewer', false],
      ] as const) {
        const before = changes().length
        expect((await fx.world.api(fx.world.admin, 'PATCH', path, { role })).status).toBe(200)
        await waitFor(() => changes().length > before)
        expect(changes().slice(before)).toEqual([{ type: 'access.changed', canWrite, role }])
      }
      // A change of something else (the party) is no access change.
      expect((await fx.world.api(fx.world.admin, 'PATCH', path, { party: 'politicians' })).status).toBe(200)
      await waitFor(() => c.events.some((ev) => ev.type === 'threads.reset'))
      expect(changes()).toHaveLength(4)
    })

    it('[A8] a role or party change never makes a final document writable (one write rule for role and status)', async () => {
      const id = await fx.world.document()
      // The sign-off flow will set it; the rule is about what a final status means, however set.
      await fx.server.db.updateTable('documents').set({ status: 'final' }).where('id', '=', id).execute()
      const user = await fx.world.member('editor')
      const e = client(id, user, { trepart: true })
      await waitFor(() => e.provider.synced && e.events.some((ev) => ev.type === 'welcome'))
      expect(e.events.find((ev) => ev.type === 'welcome')).toMatchObject({ canWrite: false })
      const path = `/api/workspaces/${fx.world.workspaceId}/members/${user.userId}`
      for (const role of ['viewer', 'editor', 'admin'] as const) {
        expect((await fx.world.api(fx.world.admin, 'PATCH', path, { role })).status).toBe(200)
        await waitFor(
          () => fx.server.registry.connectionsWhere((c) => c.admission.access?.role === role).length === 1,
        )
      }
      // Nor a party change (with the highest role).
      expect((await fx.world.api(fx.world.admin, 'PATCH', path, { party: 'politicians' })).status).toBe(200)
      await waitFor(() => e.events.some((ev) => ev.type === 'threads.reset' && ev.party === 'politicians'))
      e.text.insert(0, 'skal ikke inn')
      await e.flush()
      expect(fx.server.registry.rooms.get(id)!.doc.getText('t').toString()).toBe('')
      // Each role change was told (with the role), never as a right to write.
      expect(e.events.filter((ev) => ev.type === 'access.changed')).toEqual(
        ['viewer', 'editor', 'admin'].map((role) => ({ type: 'access.changed', canWrite: false, role })),
      )
    })

    it('[A5] a party change re-stamps presence at once', async () => {
      const id = await fx.world.document()
      const user = await fx.world.member('editor', 'employees', { name: 'Petter' })
      const p = client(id, user, { name: 'Petter' })
      const watcher = client(id, fx.world.admin)
      await waitFor(
        () => watcher.provider.awareness.getStates().get(p.doc.clientID)?.user?.party === 'employees',
      )
      const path = `/api/workspaces/${fx.world.workspaceId}/members/${user.userId}`
      expect((await fx.world.api(fx.world.admin, 'PATCH', path, { party: 'politicians' })).status).toBe(200)
      await waitFor(
        () => watcher.provider.awareness.getStates().get(p.doc.clientID)?.user?.party === 'politicians',
        { timeoutMs: 5000 },
      )
      expect(watcher.provider.awareness.getStates().get(p.doc.clientID)!.user.color).toBe('#8E4472')
    })

    it('a title change reaches Trepart clients as a server event', async () => {
      const id = await fx.world.document('Gammel tittel')
      const c = client(id, fx.world.admin, { trepart: true })
      const events: ServerEvent[] = []
      c.provider.messageHandlers[MessageType.ServerEvent] = (_e, decoder) =>
        events.push(readServerEvent(decoder as decoding.Decoder))
      await waitFor(() => c.provider.synced && events.some((e) => e.type === 'welcome'))
      expect(
        (await fx.world.api(fx.world.admin, 'PATCH', `/api/documents/${id}`, { title: 'Ny tittel' })).status,
      ).toBe(200)
      await waitFor(() => events.some((e) => e.type === 'document.updated' && e.title === 'Ny tittel'))
    })

    it('content edits move the document’s updatedAt', async () => {
      const id = await fx.world.document()
      const before = (
        (await (await fx.world.api(fx.world.admin, 'GET', `/api/documents/${id}`)).json()) as {
          document: { updatedAt: string }
        }
      ).document.updatedAt
      const c = client(id, fx.world.admin, { trepart: true })
      await waitFor(() => c.provider.synced)
      c.text.insert(0, 'endring')
      await c.flush()
      await waitFor(async () => {
        const res = await fx.world.api(fx.world.admin, 'GET', `/api/documents/${id}`)
        return ((await res.json()) as { document: { updatedAt: string } }).document.updatedAt > before
      })
    })
  })
}
