/**
 * [R5] Read-only is enforced by the server: a connection admitted with canWrite=false has its sync
 * step 2 and updates dropped silently, stays open, and keeps receiving others' edits.
 */
import { startTestServer, type TestServer, waitFor } from '@trepart/server/test-support'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createClient } from './support/clients.js'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer(
    {},
    {
      // A stand-in for membership until accounts exist: a header decides who is a viewer.
      authorizeUpgrade: async ({ headers }) => ({
        principal: { id: headers.get('x-test-user') ?? 'anon' },
        canWrite: headers.get('x-test-role') !== 'viewer',
      }),
    },
  )
})
afterAll(async () => server?.stop())

it('[R5] drops a viewer’s sync step 2 and raw updates, keeps it connected and fed', async () => {
  const editor = createClient(server.collabUrl, 'ro', { wsOptions: { headers: { 'x-test-user': 'e' } } })
  const other = createClient(server.collabUrl, 'ro', { wsOptions: { headers: { 'x-test-user': 'o' } } })
  // The viewer comes with content of its own: its sync step 2 on connect carries it.
  const viewerDoc = new Y.Doc()
  viewerDoc.getText('t').insert(0, 'viewer content ')
  const viewer = createClient(server.collabUrl, 'ro', {
    doc: viewerDoc,
    trepart: true,
    wsOptions: { headers: { 'x-test-user': 'v', 'x-test-role': 'viewer' } },
  })
  try {
    await waitFor(() => editor.provider.synced && other.provider.synced && viewer.provider.synced)
    const room = server.registry.rooms.get('ro')!
    const stateBefore = Y.encodeStateVector(room.doc)
    let otherReceived = 0
    other.provider.ws!.addEventListener('message', (event) => {
      const b = new Uint8Array(event.data as ArrayBuffer)
      if (b[0] === 0 && b[1] !== 0) otherReceived++
    })
    // A raw update from the viewer, as a modified client would send it.
    viewer.text.insert(0, 'more viewer text ')
    const raw = Y.encodeStateAsUpdate(viewerDoc)
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    encoding.writeVarUint(e, 2)
    encoding.writeVarUint8Array(e, raw)
    viewer.provider.ws!.send(encoding.toUint8Array(e))
    // Everything the viewer sent has been processed once its Flush is answered.
    await viewer.flush()
    expect(Y.encodeStateVector(room.doc)).toEqual(stateBefore)
    expect(room.doc.getText('t').toString()).toBe('')
    expect(otherReceived).toBe(0)
    expect(viewer.provider.wsconnected).toBe(true)
    // And the viewer still receives the editor's edits.
    editor.text.insert(0, 'fra redaktøren ')
    await waitFor(() => viewer.text.toString().includes('fra redaktøren'))
    await waitFor(() => other.text.toString() === 'fra redaktøren ')
    expect(await server.store.load('ro').then((s) => s.updates.length + (s.snapshot ? 1 : 0))).toBe(1)
  } finally {
    for (const c of [editor, other, viewer]) c.destroy()
  }
})
