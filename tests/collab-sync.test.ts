/** The standard y-websocket protocol against a real server on port 0, with stock clients. */
import crypto from 'node:crypto'
import net from 'node:net'
import { type Actor, startTestServer, waitFor } from '@trepart/server/test-support'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { type ClientOptions, createClient, type TestClient } from './support/clients.js'
import { documentsByName } from './support/world-docs.js'
import { useServerWithWorld } from './support/world-fixture.js'

const fx = useServerWithWorld(() => startTestServer({ ROOM_UNLOAD_DELAY_MS: '50' }))
let bjorn: Actor
let doc: (name: string) => Promise<string>
const clients: TestClient[] = []
const client = (_url: string, documentId: string, options: ClientOptions = {}) => {
  const c = createClient(fx.server.collabUrl, documentId, { actor: fx.world.admin, ...options })
  clients.push(c)
  return c
}

beforeAll(async () => {
  bjorn = await fx.world.member('editor', 'politicians', { name: 'Bjørn' })
  doc = documentsByName(fx.world)
})
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
})

describe('sync', () => {
  it('[W1] two clients converge', async () => {
    const a = client(fx.server.collabUrl, await doc('converge'))
    const b = client(fx.server.collabUrl, await doc('converge'))
    await waitFor(() => a.provider.synced && b.provider.synced)
    a.text.insert(0, 'Hei fra A. ')
    b.text.insert(0, 'Hallo fra B. ')
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length > 20)
    expect(a.text.toString()).toContain('Hei fra A.')
    expect(a.text.toString()).toContain('Hallo fra B.')
  })

  it('[W1] reads a frame that arrives in the same TCP write as the upgrade request', async () => {
    // Frames are read from the socket itself, attached when the upgrade completes: one sent at once
    // with the request (a client that does not wait for the 101) must still be answered.
    const url = new URL(`${fx.server.collabUrl}/${await doc('same-write')}`)
    const headers = fx.world.admin.headers
    const request = [
      `GET ${url.pathname} HTTP/1.1`,
      `Host: ${url.host}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      `Cookie: ${headers.cookie}`,
      `Origin: ${headers.origin}`,
      '',
      '',
    ].join('\r\n')
    // Sync step 1 with an empty state vector, as a masked client frame.
    const payload = Buffer.from([0, 0, 1, 0])
    const mask = crypto.randomBytes(4)
    const frame = Buffer.concat([
      Buffer.from([0x82, 0x80 | payload.length]),
      mask,
      payload.map((b, i) => b ^ mask[i % 4]!),
    ])
    const socket = net.connect(Number(url.port), url.hostname)
    let received = Buffer.alloc(0)
    socket.on('data', (chunk) => {
      received = Buffer.concat([received, chunk])
    })
    socket.write(Buffer.concat([Buffer.from(request), frame]))
    try {
      // The server's frames after the 101: a sync step 2 (0, 1, …) can only answer ours.
      const syncStep2 = () => {
        const at = received.indexOf('\r\n\r\n')
        if (at === -1) return false
        let i = at + 4
        while (i + 2 <= received.length) {
          const len = received[i + 1]! & 0x7f
          if (len > 125) return false
          if (received[i + 2] === 0 && received[i + 3] === 1) return true
          i += 2 + len
        }
        return false
      }
      await waitFor(syncStep2, { message: () => received.toString('latin1') })
      expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 101/)
    } finally {
      socket.destroy()
    }
  })

  it('[W1] a late joiner receives the full document', async () => {
    const a = client(fx.server.collabUrl, await doc('late-joiner'))
    await waitFor(() => a.provider.synced)
    a.text.insert(0, 'Forslag til vedtak: ')
    a.text.insert(a.text.length, 'alle parter er enige.')
    const c = client(fx.server.collabUrl, await doc('late-joiner'), { trepart: true })
    await waitFor(() => c.provider.synced)
    await waitFor(() => c.text.toString() === a.text.toString())
    expect(c.text.toString()).toBe('Forslag til vedtak: alle parter er enige.')
  })

  it('[R1] never echoes a document update to its sender', async () => {
    const a = client(fx.server.collabUrl, await doc('no-echo'))
    const b = client(fx.server.collabUrl, await doc('no-echo'))
    await waitFor(() => a.provider.synced && b.provider.synced)
    const received: number[] = []
    a.provider.ws!.addEventListener('message', (event) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer)
      // sync (0) / update (2) frames
      if (bytes[0] === 0 && bytes[1] === 2) received.push(bytes.length)
    })
    a.text.insert(0, 'only once')
    await waitFor(() => b.text.toString() === 'only once')
    b.text.insert(0, '>')
    await waitFor(() => a.text.toString() === '>only once')
    // A got exactly one update frame: B's, not its own.
    expect(received).toHaveLength(1)
  })

  it('[P7] stores nothing when a client reconnects with nothing new (its delete set alone)', async () => {
    const id = await doc('reconnect-no-op')
    const a = client(fx.server.collabUrl, id, { trepart: true })
    await waitFor(() => a.provider.synced)
    a.text.insert(0, 'abcdef')
    a.text.delete(1, 3)
    await a.flush()
    const before = await fx.server.store.load(id)
    a.provider.disconnect()
    a.provider.connect()
    await waitFor(() => a.provider.synced)
    await a.flush()
    const after = await fx.server.store.load(id)
    expect(after.seqs).toEqual(before.seqs)
    expect(a.text.toString()).toBe('aef')
  })

  it('[W3] tells a Trepart client when its updates are committed', async () => {
    const a = client(fx.server.collabUrl, await doc('committed'), { trepart: true })
    await waitFor(() => a.provider.synced)
    a.text.insert(0, 'lagret?')
    await a.flush()
    const stored = await fx.server.store.load(await doc('committed'))
    expect(stored.updates.length + (stored.snapshot ? 1 : 0)).toBeGreaterThan(0)
  })
})

describe('awareness', () => {
  it('[R2] arrives at others and is removed on disconnect', async () => {
    const a = client(fx.server.collabUrl, await doc('presence'), { name: 'Anne' })
    const b = client(fx.server.collabUrl, await doc('presence'), { name: 'Bjørn', actor: bjorn })
    // The server stamps the user from the session: the admin's name, not what the client said.
    await waitFor(
      () => b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name === fx.world.admin.name,
    )
    a.provider.disconnect()
    await waitFor(() => !b.provider.awareness.getStates().has(a.doc.clientID))
    const room = fx.server.registry.rooms.get(await doc('presence'))
    expect(room && [...room.awareness.getStates().keys()]).toEqual([b.doc.clientID])
  })

  it('[R2] a connection cannot set or remove another connection’s awareness', async () => {
    const a = client(fx.server.collabUrl, await doc('spoof'), { name: 'Anne' })
    const b = client(fx.server.collabUrl, await doc('spoof'), { name: 'Bjørn', actor: bjorn })
    await waitFor(
      () => a.provider.awareness.getStates().size === 2 && b.provider.awareness.getStates().size === 2,
    )
    // B claims A's client id: the server drops it.
    const { encodeAwarenessUpdate, Awareness } = await import('y-protocols/awareness')
    const { Doc } = await import('yjs')
    const fakeDoc = new Doc()
    fakeDoc.clientID = a.doc.clientID
    const fake = new Awareness(fakeDoc)
    fake.setLocalState({ user: { name: 'Not Anne' } })
    ;(fake as unknown as { meta: Map<number, { clock: number }> }).meta.get(fakeDoc.clientID)!.clock = 10_000
    const frame = new Uint8Array([1, ...lengthPrefixed(encodeAwarenessUpdate(fake, [fakeDoc.clientID]))])
    b.provider.ws!.send(frame)
    // A round trip through the server proves the spoof was processed before we look.
    b.provider.awareness.setLocalStateField('probe', 1)
    await waitFor(() => a.provider.awareness.getStates().get(b.doc.clientID)?.probe === 1)
    expect(b.provider.awareness.getStates().get(a.doc.clientID)?.user?.name).toBe(fx.world.admin.name)
    const room = fx.server.registry.rooms.get(await doc('spoof'))!
    expect(room.awareness.getStates().get(a.doc.clientID)?.user?.name).toBe(fx.world.admin.name)
    fake.destroy()
  })

  it('[R1] a lone client stays connected for over a minute', { timeout: 120_000 }, async () => {
    const a = client(fx.server.collabUrl, await doc('lonely'), { name: 'Ensom' })
    await waitFor(() => a.provider.synced)
    let closes = 0
    a.provider.on('connection-close', () => closes++)
    const started = Date.now()
    await waitFor(() => Date.now() - started > 65_000, { timeoutMs: 70_000, intervalMs: 1000 })
    expect(closes).toBe(0)
    expect(a.provider.wsconnected).toBe(true)
  })
})

describe('http', () => {
  it('[W2] answers 426 to a plain GET on /collab', async () => {
    const res = await fetch(`${fx.server.url}/collab/some-doc`)
    expect(res.status).toBe(426)
    expect(await res.json()).toMatchObject({ error: { id: 'collab.upgrade_required' } })
  })

  it.each(['bad.id', 'a'.repeat(65), 'a%20b', '%C3%A6'])(
    '[W2] refuses document id %j before upgrade',
    async (id) => {
      const status = await new Promise<number>((resolve) => {
        const ws = new WebSocket(`${fx.server.collabUrl}/${id}`, { headers: fx.world.admin.headers })
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
        ws.on('error', () => {})
      })
      expect(status).toBe(400)
      expect(fx.server.registry.loadingCount).toBe(0)
      expect([...fx.server.registry.rooms.keys()].some((k) => !/^[A-Za-z0-9_-]+$/.test(k))).toBe(false)
    },
  )

  it('answers /healthz and /readyz', async () => {
    expect((await fetch(`${fx.server.url}/healthz`)).status).toBe(200)
    expect(await (await fetch(`${fx.server.url}/readyz`)).json()).toEqual({
      status: 'ready',
      checks: { database: 'ok' },
    })
  })
})

function lengthPrefixed(bytes: Uint8Array): number[] {
  const out: number[] = []
  let n = bytes.length
  while (n > 127) {
    out.push((n & 127) | 128)
    n >>>= 7
  }
  out.push(n)
  return [...out, ...bytes]
}
