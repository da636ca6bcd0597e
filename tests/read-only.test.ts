/**
 * [R5] Read-only is enforced by the server: viewers' and commenters' sync step 2 and updates are
 * dropped silently — never applied, never relayed — and the connection stays open and keeps
 * receiving others' edits.
 */
import {
  type Actor,
  createWorld,
  startTestServer,
  type TestServer,
  type World,
  waitFor,
} from '@trepart/server/test-support'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createClient } from './support/clients.js'

let server: TestServer
let world: World
let editor: Actor
let other: Actor
beforeAll(async () => {
  server = await startTestServer()
  world = await createWorld(server.url)
  editor = await world.member('editor', 'politicians')
  other = await world.member('editor', 'employees')
})
afterAll(async () => server?.stop())

describe.each(['viewer', 'commenter'] as const)('a %s', (role) => {
  it('[R5] has its sync step 2 and raw updates dropped, stays connected and keeps receiving', async () => {
    const reader = await world.member(role, 'administration')
    const id = await world.document(`les ${role}`)
    const e = createClient(server.collabUrl, id, { actor: editor })
    const o = createClient(server.collabUrl, id, { actor: other })
    // The reader comes with content of its own: its sync step 2 on connect carries it.
    const readerDoc = new Y.Doc()
    readerDoc.getText('t').insert(0, 'reader content ')
    const r = createClient(server.collabUrl, id, { doc: readerDoc, trepart: true, actor: reader })
    try {
      await waitFor(() => e.provider.synced && o.provider.synced && r.provider.synced)
      const room = server.registry.rooms.get(id)!
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
      const stored = await server.store.load(id)
      expect(stored.updates.length + (stored.snapshot ? 1 : 0)).toBe(1)
    } finally {
      for (const c of [e, o, r]) c.destroy()
    }
  })
})
