/**
 * Hostile input against a real server on port 0: raw frames built by hand. Each closes only the
 * offending connection with a typed close code, and another room on the same server still syncs.
 */
import {
  createWorld,
  startTestServer,
  type TestServer,
  type World,
  waitFor,
} from '@trepart/server/test-support'
import { CloseCode, isPermanentClose } from '@trepart/shared'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createClient } from './support/clients.js'
import { openRaw, upgradeStatus } from './support/raw-socket.js'
import { documentsByName } from './support/world-docs.js'

const MAX_MESSAGE_BYTES = 64 * 1024
let server: TestServer
let world: World
let doc: (name: string) => Promise<string>

beforeAll(async () => {
  server = await startTestServer({
    MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES),
    MAX_DOCUMENT_BYTES: String(32 * 1024),
    MAX_CONNECTIONS_PER_ROOM: '3',
    ROOM_UNLOAD_DELAY_MS: '0',
  })
  world = await createWorld(server.url)
  doc = documentsByName(world)
})
const raw = async (name: string) => openRaw(`${server.collabUrl}/${await doc(name)}`, world.admin.headers)
const stock = async (name: string) => createClient(server.collabUrl, await doc(name), { actor: world.admin })
afterAll(async () => server?.stop())

/** Two fresh clients in a fresh room must still converge: the server is serving everyone else. */
async function anotherRoomStillSyncs(tag: string): Promise<void> {
  const a = await stock(`healthy-${tag}`)
  const b = await stock(`healthy-${tag}`)
  try {
    await waitFor(() => a.provider.synced && b.provider.synced)
    a.text.insert(0, tag)
    await waitFor(() => b.text.toString() === tag)
  } finally {
    a.destroy()
    b.destroy()
  }
}

function frame(...parts: Array<(e: encoding.Encoder) => void>): Uint8Array {
  const e = encoding.createEncoder()
  for (const p of parts) p(e)
  return encoding.toUint8Array(e)
}
const uint = (n: number) => (e: encoding.Encoder) => encoding.writeVarUint(e, n)
const bytes = (b: Uint8Array) => (e: encoding.Encoder) => encoding.writeVarUint8Array(e, b)

/** A varUint lib0 reads as Infinity: continuation bytes until the multiplier overflows, then 1. */
const infinite = (e: encoding.Encoder) => {
  for (let i = 0; i < 147; i++) encoding.writeUint8(e, 0x80)
  encoding.writeUint8(e, 0x01)
}
const hello = frame(uint(100), uint(1))
const text = (t: string) => (e: encoding.Encoder) => encoding.writeVarString(e, t)

// Numbers the server writes back (lib0's writeVarUint never ends on Infinity): each must be refused.
const endlessNumbers: Array<[string, Uint8Array[]]> = [
  ['a Flush whose number is no safe integer', [hello, frame(uint(101), infinite)]],
  ['a comment request whose id is no safe integer', [hello, frame(uint(104), infinite, text('{}'))]],
  ['a Hello whose version is no safe integer', [frame(uint(100), infinite)]],
  [
    'an awareness entry whose client id is no safe integer',
    [frame(uint(1), bytes(frame(uint(1), infinite, uint(1), text('{}'))))],
  ],
  [
    'an awareness entry whose clock is no safe integer',
    [frame(uint(1), bytes(frame(uint(1), uint(7), infinite, text('{}'))))],
  ],
]

const malformed: Array<[string, Uint8Array | string | Uint8Array[]]> = [
  ...endlessNumbers,
  ['random bytes', new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])],
  ['a text frame', 'hello'],
  ['a truncated varint', new Uint8Array([0x80])],
  ['a sync message cut short', new Uint8Array([0, 2, 0x85])],
  ['an unknown message type', frame(uint(77))],
  ['an unknown sync message type', frame(uint(0), uint(9), bytes(new Uint8Array([0, 0])))],
  ['an update that fails to decode', frame(uint(0), uint(2), bytes(new Uint8Array([5, 200, 1, 2, 3, 4, 5])))],
  [
    'trailing bytes after a message',
    new Uint8Array([...frame(uint(0), uint(0), bytes(new Uint8Array([0]))), 9, 9]),
  ],
  [
    'an awareness update with bad JSON',
    frame(uint(1), bytes(frame(uint(1), uint(5), uint(1), (e) => encoding.writeVarString(e, '{nope')))),
  ],
  ['an empty frame', new Uint8Array([])],
]

describe('malformed frames', () => {
  it.each(malformed)('[R3] %s closes only that connection with ProtocolError', async (name, payload) => {
    // Someone else is in the same room and must be unaffected.
    const bystander = await stock('attacked')
    try {
      await waitFor(() => bystander.provider.synced)
      const attacker = await raw('attacked')
      for (const part of Array.isArray(payload) ? payload : [payload]) attacker.ws.send(part)
      const { code } = await attacker.closed
      expect(code, name).toBe(CloseCode.ProtocolError)
      expect(bystander.provider.wsconnected).toBe(true)
      await anotherRoomStillSyncs(`after-${name.replace(/\W+/g, '-')}`)
    } finally {
      bystander.destroy()
    }
  })
})

describe('limits', () => {
  it('[W4] closes a frame over MAX_MESSAGE_BYTES with 1009', async () => {
    const attacker = await raw('oversize')
    attacker.ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 1))
    expect((await attacker.closed).code).toBe(CloseCode.MessageTooBig)
    await anotherRoomStillSyncs('after-oversize')
  })

  it('[W4] refuses growth past MAX_DOCUMENT_BYTES with a non-reconnecting close code', async () => {
    const a = await stock('too-large')
    const closed: number[] = []
    a.provider.on('connection-close', (event) => closed.push(event?.code ?? 0))
    try {
      await waitFor(() => a.provider.synced)
      for (let i = 0; i < 10; i++) a.text.insert(a.text.length, 'x'.repeat(5000))
      await waitFor(() => closed.includes(CloseCode.DocumentTooLarge))
      expect(a.provider.shouldConnect).toBe(false)
      expect(server.registry.rooms.get(await doc('too-large'))?.storedBytes ?? 0).toBeLessThanOrEqual(
        32 * 1024,
      )
    } finally {
      a.destroy()
    }
    await anotherRoomStillSyncs('after-too-large')
  })

  it('[W4] refuses connections past MAX_CONNECTIONS_PER_ROOM with RoomFull', async () => {
    const crowded = await doc('crowded')
    const sockets = await Promise.all([1, 2, 3].map(() => raw('crowded')))
    await waitFor(() => server.registry.rooms.get(crowded)?.connections.size === 3)
    const fourth = await raw('crowded')
    expect((await fourth.closed).code).toBe(CloseCode.RoomFull)
    for (const s of sockets) s.ws.close()
  })

  it('[R2] drops awareness updates over the rate limit', async () => {
    const chatty = await raw('chatty')
    const ydoc = new Y.Doc()
    const state = (n: number) =>
      frame(
        uint(1),
        bytes(frame(uint(1), uint(ydoc.clientID), uint(n), (e) => encoding.writeVarString(e, `{"n":${n}}`))),
      )
    for (let n = 1; n <= 200; n++) chatty.ws.send(state(n))
    const watcher = await stock('chatty')
    try {
      await waitFor(() => watcher.provider.synced)
      const room = server.registry.rooms.get(await doc('chatty'))!
      await waitFor(() => room.awareness.getStates().has(ydoc.clientID))
      // The burst (40) went through; the rest of the 200 were dropped.
      const n = (room.awareness.getStates().get(ydoc.clientID) as { n: number }).n
      expect(n).toBeLessThan(200)
      expect(n).toBeGreaterThanOrEqual(40)
    } finally {
      watcher.destroy()
      chatty.ws.close()
    }
  })
})

describe('upgrade checks', () => {
  it('[W2] answers 403 to a foreign Origin before upgrading', async () => {
    const id = await doc('origin')
    expect(
      await upgradeStatus(`${server.collabUrl}/${id}`, {
        ...world.admin.headers,
        origin: 'https://evil.example',
      }),
    ).toBe(403)
    expect(server.registry.rooms.has(id)).toBe(false)
    await anotherRoomStillSyncs('after-origin')
  })

  it('[W2] accepts the allowed Origin and a request without Origin', async () => {
    const url = `${server.collabUrl}/${await doc('origin-ok')}`
    const localhost = server.url.replace('127.0.0.1', 'localhost')
    expect(await upgradeStatus(url, { cookie: world.admin.cookie, origin: localhost })).toBe(101)
    expect(await upgradeStatus(url, { cookie: world.admin.cookie })).toBe(101)
  })

  it('survives a client that vanishes mid-handshake', async () => {
    const net = await import('node:net')
    const url = new URL(server.url)
    await new Promise<void>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write('GET /collab/half HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n')
        socket.destroy()
        resolve()
      })
      socket.on('error', () => {})
    })
    await anotherRoomStillSyncs('after-half-handshake')
  })
})

describe('a client that asks for a lot and reads nothing', () => {
  it('[R6] is closed (retryable) instead of making the server queue copies of the document', async () => {
    const id = await doc('hoarder')
    const writer = await stock('hoarder')
    try {
      await waitFor(() => writer.provider.synced)
      writer.text.insert(0, 'x'.repeat(10_000))
      await waitFor(() => (server.registry.rooms.get(id)?.doc.getText('t').length ?? 0) === 10_000)
    } finally {
      writer.destroy()
    }
    const hoarder = await raw('hoarder')
    hoarder.ws.pause()
    // Sync step 1 with a non-empty state vector, over and over: each asks for an encoding.
    const ask = frame(uint(0), uint(0), bytes(new Uint8Array([1, 1, 1, 0])))
    for (let i = 0; i < 200; i++) hoarder.ws.send(ask)
    hoarder.ws.resume()
    expect((await hoarder.closed).code).toBe(CloseCode.TooSlow)
    expect(isPermanentClose(CloseCode.TooSlow)).toBe(false)
    await anotherRoomStillSyncs('after-hoarder')
  })
})
