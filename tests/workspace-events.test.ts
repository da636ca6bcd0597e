/**
 * Live workspace lists: documents created, renamed and edited arrive as server-sent events; the
 * stream ends when the member is removed. Against SQLite and PostgreSQL.
 */
import { backends, waitFor } from '@trepart/server/test-support'
import { describe, expect, it } from 'vitest'
import { createClient } from './support/clients.js'
import { openStream } from './support/event-stream.js'
import { useServerWithWorld } from './support/world-fixture.js'

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`workspace events (${backend.name})`, () => {
    const fx = useServerWithWorld(() => backend.start())

    it('sends documents as they are created, renamed and edited', async () => {
      const viewer = await fx.world.member('viewer', 'politicians')
      const stream = await openStream(fx.world, viewer)
      try {
        const id = await fx.world.document('Levende liste')
        const docEvent = (pred: (d: { id: string; title: string; updatedAt: string }) => boolean) =>
          stream.events.some(
            (e) => e.event === 'document' && pred(e.data as { id: string; title: string; updatedAt: string }),
          )
        await waitFor(() => docEvent((d) => d.id === id && d.title === 'Levende liste'))
        await fx.world.api(fx.world.admin, 'PATCH', `/api/documents/${id}`, { title: 'Nytt navn' })
        await waitFor(() => docEvent((d) => d.id === id && d.title === 'Nytt navn'))
        const editor = createClient(fx.server.collabUrl, id, { actor: fx.world.admin, trepart: true })
        try {
          await waitFor(() => editor.provider.synced)
          const before = stream.events.length
          editor.text.insert(0, 'innhold')
          await editor.flush()
          await waitFor(() => stream.events.slice(before).some((e) => e.event === 'document'))
        } finally {
          editor.destroy()
        }
      } finally {
        stream.close()
      }
    })

    it('ends the stream of a session replaced by a password change', async () => {
      const user = await fx.world.member('viewer', 'employees')
      const stream = await openStream(fx.world, user)
      const res = await fx.world.api(user, 'POST', '/api/auth/password', {
        currentPassword: user.password,
        newPassword: 'another long passphrase',
      })
      expect(res.status).toBe(204)
      await stream.ended
      expect(stream.events.at(-1)).toEqual({ event: 'ended', data: { reason: 'session.revoked' } })
    })

    it('ends the stream when the member is removed', async () => {
      const leaving = await fx.world.member('viewer', 'employees')
      const stream = await openStream(fx.world, leaving)
      await fx.world.api(
        fx.world.admin,
        'DELETE',
        `/api/workspaces/${fx.world.workspaceId}/members/${leaving.userId}`,
      )
      await stream.ended
      expect(stream.events.at(-1)).toEqual({ event: 'ended', data: { reason: 'member.removed' } })
      const other = await fx.world.document('Etter fjerning')
      // Nothing more arrives for the removed member.
      expect(stream.events.some((e) => (e.data as { id?: string }).id === other)).toBe(false)
    })

    it('sends member changes and the workspace name to everyone, and my own changes as `me`', async () => {
      const watcher = await fx.world.member('viewer', 'politicians')
      const changed = await fx.world.member('editor', 'employees')
      const stream = await openStream(fx.world, watcher)
      const theirs = await openStream(fx.world, changed)
      try {
        const base = `/api/workspaces/${fx.world.workspaceId}`
        await fx.world.api(fx.world.admin, 'PATCH', `${base}/members/${changed.userId}`, {
          role: 'commenter',
        })
        await waitFor(() =>
          stream.events.some(
            (e) => e.event === 'member' && (e.data as { userId: string; role: string }).role === 'commenter',
          ),
        )
        await waitFor(() =>
          theirs.events.some((e) => e.event === 'me' && (e.data as { role: string }).role === 'commenter'),
        )
        await fx.world.api(fx.world.admin, 'PATCH', base, { name: 'Omdøpt forum' })
        await waitFor(() =>
          stream.events.some(
            (e) => e.event === 'workspace' && (e.data as { name: string }).name === 'Omdøpt forum',
          ),
        )
      } finally {
        stream.close()
        theirs.close()
      }
    })
  })
}
