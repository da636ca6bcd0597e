/**
 * [R5] Read-only is enforced by the server: viewers' and commenters' sync step 2 and updates are
 * dropped silently — never applied, never relayed — and the connection stays open and keeps
 * receiving others' edits.
 */
import { type Actor, startTestServer, waitFor } from '@trepart/server/test-support'
import * as encoding from 'lib0/encoding'
import { beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createClient } from './support/clients.js'
import { useServerWithWorld } from './support/world-fixture.js'

const fx = useServerWithWorld(() => startTestServer())
let editor: Actor
let other: Actor
beforeAll(async () => {
  editor = await fx.world.member('editor', 'politicians')
  other = await fx.world.member('editor', 'employees')
})

describe.each(['viewer', 'commenter'] as const)('a %s', (role) => {
  it('[R5] has its sync step 2 and raw updates dropped, stays connected and keeps receiving', async () => {
    const reader = await fx.world.member(role, 'administration')
    const id = await fx.world.document(`les ${role}`)
    const e = createClient(fx.server.collabUrl, id, { actor: editor })
    const o = createClient(fx.server.collabUrl, id, { actor: other })
    // The reader comes with content of its own: its sync step 2 on connect carries it.
    const readerDoc = new Y.Doc()
    readerDoc.getText('t').insert(0, 'reader content ')
    const r = createClient(fx.server.collabUrl, id, { doc: readerDoc, trepart: true, actor: reader })
    try {
      await waitFor(() => e.provider.synced && o.provider.synced && r.provider.synced)
      const room = fx.server.registry.rooms.get(id)!
      const stateBefore = Y.encodeStateVector(room.doc)
      let otherReceived = 0
      o.provider.ws!.addEventListener('message', (event) => {
        const b = new Uint8Array(event.data as ArrayBuffer)
        if (b[0] === 0 && b[1] !== 0) otherReceived++
      })
      // A raw update, as a modified client would send it.
      r.text.insert(0, 'more reader text ')
      const frame = encoding.createEncoder()
      encoding.writeVarUint(frame, 0)
      encoding.writeVarUint(frame, 2)
      encoding.writeVarUint8Array(frame, Y.encodeStateAsUpdate(readerDoc))
      r.provider.ws!.send(encoding.toUint8Array(frame))
      // Everything the reader sent has been handled once its Flush is answered.
      await r.flush()
      expect(Y.encodeStateVector(room.doc)).toEqual(stateBefore)
      expect(room.doc.getText('t').toString()).toBe('')
      expect(otherReceived).toBe(0)
      expect(r.provider.wsconnected).toBe(true)
      // The reader still receives the editor's edits.
      e.text.insert(0, 'fra redaktøren ')
      await waitFor(() => r.text.toString().includes('fra redaktøren'))
      await waitFor(() => o.text.toString() === 'fra redaktøren ')
      const stored = await fx.server.store.load(id)
      expect(stored.updates.length + (stored.snapshot ? 1 : 0)).toBe(1)
    } finally {
      for (const c of [e, o, r]) c.destroy()
    }
  })
})
