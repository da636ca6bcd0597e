/**
 * One signed-in account cannot exhaust the server: event streams and websockets have an owner, a
 * cap and a clean-up on every way out; upgrades outside the collaboration route and non-websocket
 * upgrades are answered at once; presence frames cannot make the server loop; websockets end with
 * their session; no secret reaches a log line. Each test fails on the code before the hardening
 * issue; the ids are packages/server/SPEC.md's rules.
 */
import { Writable } from 'node:stream'
import {
  type Actor,
  createWorld,
  startTestServer,
  type TestServer,
  type World,
  waitFor,
} from '@trepart/server/test-support'
import { CloseCode } from '@trepart/shared'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from './support/clients.js'
import { type RawHttp, rawRequest, websocketHandshake } from './support/raw-http.js'
import { openRaw } from './support/raw-socket.js'
import { useServerWithWorld } from './support/world-fixture.js'

const LIMITS = {
  MAX_CONNECTIONS_PER_ROOM: '8',
  MAX_CONNECTIONS_PER_USER_PER_DOCUMENT: '3',
  MAX_CONNECTIONS_PER_USER: '5',
  MAX_EVENT_STREAMS_PER_SESSION: '2',
  MAX_EVENT_STREAMS_PER_USER: '3',
  MAX_EVENT_STREAM_BUFFERED_BYTES: '65536',
  MAX_AWARENESS_ENTRIES_PER_MESSAGE: '100',
  UPGRADE_TIMEOUT_MS: '1000',
  ROOM_UNLOAD_DELAY_MS: '0',
}

const fx = useServerWithWorld(() => startTestServer(LIMITS))
let viewer: Actor
beforeAll(async () => {
  viewer = await fx.world.member('viewer', 'employees')
})

/** A raw websocket and the code it was closed with (null while open). */
async function openSocket(url: string, headers: Record<string, string>) {
  const raw = await openRaw(url, headers)
  const socket = { raw, code: null as number | null }
  void raw.closed.then(({ code }) => {
    socket.code = code
  })
  return socket
}

const eventsPath = (world: World) => `/api/workspaces/${world.workspaceId}/events`

/** Subscribers the server has with no event stream open (the collab layer's own). */
let baseSubscribers = 0
beforeAll(() => {
  baseSubscribers = fx.server.pubsub.subscriberCount
})

async function renameMany(world: World, id: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await world.api(world.admin, 'PATCH', `/api/documents/${id}`, { title: `Tittel ${i}` })
    expect(res.status).toBe(200)
  }
}

describe('[W5] upgrade requests outside /collab/', () => {
  it('are answered at once and leave no subscription behind while titles change', async () => {
    const id = await fx.world.document('Omdøpes ofte')
    const paths = [
      eventsPath(fx.world),
      // The URL parser folds these into the events route: the gate must see what the router sees.
      `/collab/..${eventsPath(fx.world)}`,
      `/collab/%2e%2e${eventsPath(fx.world)}`,
    ]
    const sockets: RawHttp[] = []
    try {
      for (let i = 0; i < 60; i++) {
        sockets.push(
          await rawRequest(fx.server.url, `GET ${paths[i % paths.length]} HTTP/1.1`, {
            ...websocketHandshake,
            Cookie: viewer.cookie,
            Origin: new URL(fx.server.url).origin,
          }),
        )
      }
      await waitFor(() => sockets.every((s) => s.isClosed()), {
        message: () => `${sockets.filter((s) => !s.isClosed()).length} upgrade sockets still open`,
      })
      for (const s of sockets) expect(s.received()).toMatch(/^HTTP\/1\.1 404 /)
      await renameMany(fx.world, id, 5)
      expect(fx.server.services.eventStreams.size).toBe(0)
      expect(fx.server.pubsub.subscriberCount).toBe(baseSubscribers)
    } finally {
      for (const s of sockets) s.close()
    }
  })
})

describe('[W5] a path smuggled into the Host header of an upgrade', () => {
  it('is refused before routing, and the app would refuse it again on the URL it routes', async () => {
    // @hono/node-server builds the routed URL as `http://${host}${target}` and only checks that
    // the parsed hostname is as long as Host: IDN labels (ä → xn--4ca) grow by 6 characters each,
    // which pays for a path and its padding.
    const path = `${eventsPath(fx.world)}?`
    const labels = Math.ceil(path.length / 6)
    const host = `${Array(labels).fill('ä').join('.')}${path}${'x'.repeat(6 * labels - path.length)}`
    const routed = new URL(`http://${host}/collab/abc`)
    // The precondition of the attack: the length check passes and the router would see /api/….
    expect(routed.hostname.length).toBe(host.length)
    expect(routed.pathname.startsWith('/api/workspaces/')).toBe(true)
    const smuggled = await rawRequest(
      fx.server.url,
      'GET /collab/abc HTTP/1.1',
      {
        ...websocketHandshake,
        Cookie: viewer.cookie,
        Origin: new URL(fx.server.url).origin,
      },
      { host },
    )
    try {
      await waitFor(() => smuggled.isClosed())
      expect(smuggled.received()).toMatch(/^HTTP\/1\.1 400 /)
      expect(fx.server.services.eventStreams.size).toBe(0)
      expect(fx.server.pubsub.subscriberCount).toBe(baseSubscribers)
    } finally {
      smuggled.close()
    }
  })
})

describe('[A7] a reader that does not read', () => {
  it('has its event stream cut once what waits for it passes the bound', async () => {
    const slow = await rawRequest(
      fx.server.url,
      `GET ${eventsPath(fx.world)} HTTP/1.1`,
      { Cookie: viewer.cookie },
      { read: false },
    )
    try {
      await waitFor(() => fx.server.services.eventStreams.size === 1)
      const big = 'x'.repeat(4000)
      // Events as a busy workspace would publish them, faster than any socket buffer holds.
      for (let round = 0; round < 400 && fx.server.services.eventStreams.size > 0; round++) {
        for (let i = 0; i < 50; i++) {
          fx.server.pubsub.access.publish({
            type: 'workspace.renamed',
            workspaceId: fx.world.workspaceId,
            name: `${big}${round}-${i}`,
          })
        }
        await new Promise((r) => setImmediate(r))
      }
      await waitFor(() => fx.server.services.eventStreams.size === 0, {
        message: () => `${fx.server.services.eventStreams.size} streams still open`,
      })
      expect(fx.server.pubsub.subscriberCount).toBe(baseSubscribers)
    } finally {
      slow.close()
    }
  })
})

describe('[R7][A7] caps per user', () => {
  it('keeps a document open to others when one viewer floods it with sockets', async () => {
    const id = await fx.world.document('Oversvømt')
    const url = `${fx.server.collabUrl}/${id}`
    const flood = await Promise.all(Array.from({ length: 8 }, () => openSocket(url, viewer.headers)))
    try {
      await waitFor(() => flood.filter((s) => s.code !== null).length === 5)
      expect(flood.map((s) => s.code).filter((c) => c !== null)).toEqual(
        Array(5).fill(CloseCode.TooManyConnections),
      )
      const other = await fx.world.member('editor', 'politicians')
      const client = createClient(fx.server.collabUrl, id, { actor: other })
      try {
        await waitFor(() => client.provider.synced)
      } finally {
        client.destroy()
      }
      // The overall cap: five across documents, whatever the documents.
      const second = await fx.world.document('Andre')
      const more = await Promise.all(
        Array.from({ length: 3 }, () => openSocket(`${fx.server.collabUrl}/${second}`, viewer.headers)),
      )
      try {
        await waitFor(() => more.some((s) => s.code !== null))
        expect(more.map((s) => s.code).filter((c) => c !== null)).toEqual([CloseCode.TooManyConnections])
        expect(fx.server.registry.rooms.get(second)?.connections.size).toBe(2)
      } finally {
        for (const s of more) s.raw.ws.terminate()
      }
      expect(flood.filter((s) => s.code === null)).toHaveLength(3)
    } finally {
      for (const s of flood) s.raw.ws.terminate()
    }
    await waitFor(() => fx.server.registry.connectionCount === 0)
    expect(fx.server.registry.capCounts).toEqual({ documents: 0, users: 0 })
  })

  it('refuses event streams past the caps per session and per user, and counts them back down', async () => {
    const streams: RawHttp[] = []
    const open = (cookie: string) =>
      rawRequest(fx.server.url, `GET ${eventsPath(fx.world)} HTTP/1.1`, { Cookie: cookie })
    try {
      streams.push(await open(viewer.cookie), await open(viewer.cookie))
      await waitFor(() => streams.every((s) => s.received().includes('event: ready')))
      const third = await open(viewer.cookie)
      streams.push(third)
      await waitFor(() => third.received().includes('request.too_many_streams'))
      expect(third.received()).toMatch(/^HTTP\/1\.1 429 /)
      // Another session of the same user: one more stream for the user, then the user's cap.
      const login = await fx.world.api(null, 'POST', '/api/auth/login', {
        email: viewer.email,
        password: viewer.password,
      })
      const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!
      const fourth = await open(cookie)
      const fifth = await open(cookie)
      streams.push(fourth, fifth)
      await waitFor(() => fourth.received().includes('event: ready'))
      await waitFor(() => fifth.received().includes('request.too_many_streams'))
      expect(fifth.received()).toMatch(/^HTTP\/1\.1 429 /)
    } finally {
      for (const s of streams) s.close()
    }
    await waitFor(() => fx.server.services.eventStreams.size === 0)
    expect(fx.server.pubsub.subscriberCount).toBe(baseSubscribers)
  })
})

describe('[W5] sockets with another Upgrade than websocket', () => {
  it('are answered 400 and closed at once', async () => {
    const h2c = await rawRequest(fx.server.url, 'GET / HTTP/1.1', {
      Connection: 'Upgrade, HTTP2-Settings',
      Upgrade: 'h2c',
      'HTTP2-Settings': 'AAMAAABkAARAAAAAAAIAAAAA',
    })
    const other = await rawRequest(fx.server.url, `GET ${eventsPath(fx.world)} HTTP/1.1`, {
      Connection: 'Upgrade',
      Upgrade: 'TLS/1.0',
      Cookie: viewer.cookie,
    })
    try {
      await waitFor(() => h2c.isClosed() && other.isClosed())
      expect(h2c.received()).toMatch(/^HTTP\/1\.1 400 /)
      expect(other.received()).toMatch(/^HTTP\/1\.1 400 /)
    } finally {
      h2c.close()
      other.close()
    }
  })

  it('cuts a refused websocket handshake whose peer keeps its side of the socket open', async () => {
    // No session: refused 401. The peer never closes its side; the upgrade deadline does.
    const refused = await rawRequest(
      fx.server.url,
      `GET /collab/${'a'.repeat(24)} HTTP/1.1`,
      { ...websocketHandshake, Origin: new URL(fx.server.url).origin },
      { halfOpen: true },
    )
    try {
      await waitFor(() => refused.received().length > 0)
      expect(refused.received()).toMatch(/^HTTP\/1\.1 401 /)
      // Writing to a socket the server destroyed gets a reset; to one it still holds, nothing.
      await waitFor(
        () => {
          if (!refused.isClosed()) refused.socket.write('x')
          return refused.isClosed()
        },
        { timeoutMs: 5000, intervalMs: 100 },
      )
    } finally {
      refused.close()
    }
  })
})

describe('[R2] presence frames with thousands of entries', () => {
  it('are dropped whole before any entry is looked at', async () => {
    const id = await fx.world.document('Tilstedeværelse')
    const sock = await openRaw(`${fx.server.collabUrl}/${id}`, fx.world.admin.headers)
    try {
      await waitFor(() => fx.server.registry.rooms.get(id)?.connections.size === 1)
      const awarenessFrame = (entries: Array<[number, string]>) => {
        const inner = encoding.createEncoder()
        encoding.writeVarUint(inner, entries.length)
        for (const [clientId, state] of entries) {
          encoding.writeVarUint(inner, clientId)
          encoding.writeVarUint(inner, 1)
          encoding.writeVarString(inner, state)
        }
        const outer = encoding.createEncoder()
        encoding.writeVarUint(outer, 1)
        encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
        return encoding.toUint8Array(outer)
      }
      // 5,000 entries of a few bytes each: under the byte limit, far over the entry limit.
      sock.ws.send(awarenessFrame(Array.from({ length: 5000 }, (_, i) => [i + 1, '{}'] as [number, string])))
      sock.ws.send(awarenessFrame([[99_999, '{"ok":true}']]))
      const states = () => fx.server.registry.rooms.get(id)!.awareness.getStates()
      await waitFor(() => states().has(99_999))
      expect([...states().keys()]).toEqual([99_999])
    } finally {
      sock.ws.terminate()
    }
  })
})

describe('[A6] an open websocket and its session', () => {
  // Sessions of about 8.6 s, renewed once less than half is left.
  const TTL_MS = 0.0001 * 24 * 3_600_000

  it('is closed as signed out when the session expires', async () => {
    const server = await startTestServer({ SESSION_TTL_DAYS: '0.0001' })
    try {
      const world = await createWorld(server.url)
      const id = await world.document('Utløper')
      const user = await world.member('editor', 'employees')
      const sock = await openRaw(`${server.collabUrl}/${id}`, user.headers)
      let code: number | null = null
      void sock.closed.then((closed) => {
        code = closed.code
      })
      await waitFor(() => code !== null, { timeoutMs: 2 * TTL_MS })
      expect(code).toBe(CloseCode.Unauthorized)
    } finally {
      await server.stop()
    }
  })

  it('stays open when the session was renewed before it would have expired', async () => {
    const server = await startTestServer({ SESSION_TTL_DAYS: '0.0001' })
    try {
      const world = await createWorld(server.url)
      const id = await world.document('Fornyes')
      const user = await world.member('editor', 'employees')
      const signedInAt = Date.now()
      const sock = await openRaw(`${server.collabUrl}/${id}`, user.headers)
      let closedAt: number | null = null
      void sock.closed.then(() => {
        closedAt = Date.now()
      })
      // As the browser's next API call would, once past half the lifetime: the session slides on.
      await waitFor(() => Date.now() > signedInAt + TTL_MS / 2 + 200, { timeoutMs: TTL_MS })
      const me = await world.api(user, 'GET', '/api/me')
      expect(me.status).toBe(200)
      await waitFor(() => Date.now() > signedInAt + TTL_MS + 1000, { timeoutMs: 2 * TTL_MS })
      expect(closedAt).toBeNull()
      sock.ws.terminate()
    } finally {
      await server.stop()
    }
  })
})

describe('[L1] secrets in logs', () => {
  let server: TestServer
  let world: World
  const lines: string[] = []
  beforeAll(async () => {
    const capture = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    server = await startTestServer({ LOG_LEVEL: 'debug' }, { logDestination: capture })
    world = await createWorld(server.url)
  })
  afterAll(async () => server?.stop())

  it('never carries an invitation, reset or session token, wherever it appeared in a request', async () => {
    const inv = await world.api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/invitations`, {
      party: 'employees',
      role: 'viewer',
      signatory: false,
    })
    const { token: invitation } = (await inv.json()) as { token: string }
    const member = await world.member('viewer', 'politicians')
    const reset = await world.api(
      world.admin,
      'POST',
      `/api/workspaces/${world.workspaceId}/members/${member.userId}/password-reset`,
    )
    const resetToken = ((await reset.json()) as { url: string }).url.split('/').at(-1)!
    const session = member.cookie.split('=')[1]!
    const secrets = [invitation, resetToken, session]
    for (const secret of secrets) {
      await fetch(`${server.url}/api/invitations/${secret}`)
      await fetch(`${server.url}/invite/${secret}`)
      await fetch(`${server.url}/reset/${secret}?token=${secret}`)
      await fetch(`${server.url}/api/nothing/${secret}`)
      await fetch(`${server.url}/collab/${secret}`, { headers: { 'x-request-id': 'r1' } })
    }
    await waitFor(() => lines.some((l) => l.includes('/api/nothing/')))
    const all = lines.join('')
    for (const secret of secrets) expect(all).not.toContain(secret)
    expect(all).toContain('/invite/[secret]')
    expect(all).toContain('/api/invitations/[secret]')
  })
})
