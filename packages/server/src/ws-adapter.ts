/**
 * The only file that imports `ws`. It owns the websocket server (and so `maxPayload`), checks each
 * upgrade — document id, Origin, then `authorizeUpgrade` — before any room loads, adapts each `ws`
 * socket to the transport-free {@link CollabSocket}, and pings every socket on one shared interval,
 * terminating the ones that did not answer the previous ping.
 */
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { upgradeWebSocket } from '@hono/node-server'
import { CloseCode, closeCodeId, isDocumentId } from '@trepart/shared'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import { WebSocket, WebSocketServer } from 'ws'
import { type AuthorizeUpgrade, isRefusal } from './auth/authorize-upgrade.js'
import { BoundedRunner } from './bounded-runner.js'
import type { Connection } from './collab/connection.js'
import type { RoomRegistry } from './collab/room-registry.js'
import type { Admission, CollabSocket } from './collab/socket.js'
import { errorBody, errors } from './http/errors.js'
import { isAllowedOrigin } from './http/origin.js'
import { SoonWrites } from './soon-writes.js'

/** Reads of a re-check that access events may overtake before the connection is closed to start over. */
const MAX_RECHECKS = 5

export interface CollabWebSocketOptions {
  registry: RoomRegistry
  authorizeUpgrade: AuthorizeUpgrade
  allowedOrigins: readonly string[]
  maxMessageBytes: number
  /** Bytes queued for a socket before it is closed as too slow. */
  maxBufferedBytes: number
  pingIntervalMs: number
  /** How long a server event may wait for the next frame to its socket (`SoonWrites`); 0: none. */
  eventDelayMs: number
  /** Connections `recheckAll` authorizes again at once (each is a session and membership read). */
  rechecksAtOnce: number
  log: Logger
}

export interface CollabWebSocket {
  wss: WebSocketServer
  /** Hono handlers for `GET /collab/:documentId`. */
  handlers: MiddlewareHandler[]
  /** Live sockets, for tests and shutdown. */
  readonly socketCount: number
  /** Whether a raw upgrade socket became one of our websockets. */
  isWebSocket(socket: Duplex): boolean
  /**
   * Authorizes every open connection again from the database (shared mode, after the bus lost
   * access events in an outage): revoked sessions and removed members are closed, changed roles
   * and parties applied.
   */
  recheckAll(): void
  close(): void
}

/**
 * A frame as bytes. Usually a view of the chunk the socket read, with no copy; copied when that
 * chunk is much larger than the frame, since parts of an update (binary content) may be kept as
 * views for as long as the document lives and would pin the whole chunk.
 */
function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return data.buffer.byteLength > 2 * data.byteLength + 1024 ? new Uint8Array(data) : data
}

/** The longest delay setTimeout keeps (2^31-1 ms); longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * `raw` is the TCP socket under `ws`, which `soon` holds and releases; `ws` keeps its frames in
 * order in that one socket's queue either way.
 */
function adapt(ws: WebSocket, raw: Duplex, maxBufferedBytes: number, soon: SoonWrites): CollabSocket {
  // A client that does not read must not make the server hold its backlog until memory runs out:
  // past the limit it is told to reconnect (it resyncs from its state vector).
  const capBacklog = () => {
    if (ws.bufferedAmount <= maxBufferedBytes) return
    soon.release(raw)
    ws.close(CloseCode.TooSlow, closeCodeId[CloseCode.TooSlow])
  }
  return {
    send(data) {
      if (ws.readyState !== WebSocket.OPEN) return
      ws.send(data)
      // Whatever waited goes out with this frame, in the same write.
      soon.release(raw)
      capBacklog()
    },
    sendSoon(data) {
      if (ws.readyState !== WebSocket.OPEN) return
      soon.hold(raw)
      ws.send(data)
      capBacklog()
    },
    close(code, reason) {
      // The close frame must not wait behind held ones.
      soon.release(raw)
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason)
    },
  }
}

export function createCollabWebSocket(options: CollabWebSocketOptions): CollabWebSocket {
  const { registry, log } = options
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxMessageBytes,
    perMessageDeflate: false,
  })
  const alive = new Map<WebSocket, boolean>()
  /** What `recheckAll` needs of each open connection: its document and the upgrade's headers. */
  const opens = new Map<Connection, { documentId: string; headers: Headers }>()
  const upgraded = new WeakSet<Duplex>()
  /** The TCP socket under each websocket, as `handleUpgrade` was given it (ws keeps its own private). */
  const rawOf = new WeakMap<WebSocket, Duplex>()
  const soon = new SoonWrites(options.eventDelayMs)
  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    upgraded.add(request.socket)
    rawOf.set(ws, request.socket)
  })

  const forget = (ws: WebSocket) => {
    alive.delete(ws)
    const raw = rawOf.get(ws)
    if (raw) soon.release(raw)
  }

  const pinger = setInterval(() => {
    for (const [ws, answered] of alive) {
      if (!answered) {
        // No pong since the last ping: a dead peer. terminate() fires 'close', which cleans up.
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      try {
        ws.ping()
      } catch {
        ws.terminate()
      }
    }
  }, options.pingIntervalMs)
  pinger.unref()

  const check: MiddlewareHandler = async (c, next) => {
    const documentId = c.req.param('documentId') ?? ''
    if (!isDocumentId(documentId)) {
      const e = errors.invalidDocumentId()
      return c.json(errorBody(e.id, e.message), e.status)
    }
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      const e = errors.upgradeRequired()
      return c.json(errorBody(e.id, e.message), e.status)
    }
    if (!isAllowedOrigin(c.req.header('origin'), options.allowedOrigins)) {
      log.info({ origin: c.req.header('origin'), documentId }, 'websocket upgrade refused: origin')
      const e = errors.forbiddenOrigin()
      return c.json(errorBody(e.id, e.message), e.status)
    }
    // Access events published while this check awaits the database would find no connection yet:
    // note where the event count stood, and check again once the connection exists.
    c.set('accessEpoch' as never, registry.accessEpoch as never)
    const result = await options.authorizeUpgrade({ documentId, headers: c.req.raw.headers })
    if (isRefusal(result)) {
      const r = result.refusal
      return c.json(errorBody(r.id, r.message), r.status)
    }
    c.set('admission' as never, result as never)
    await next()
  }

  /**
   * Authorizes an open connection again after access changed during its upgrade (or its session
   * expired). An access event landing while this reads the database may be newer than what it
   * read: then it reads again, rather than putting an older party or role over the newer one.
   */
  const recheck = async (conn: Connection, documentId: string, headers: Headers) => {
    try {
      for (let attempt = 0; attempt < MAX_RECHECKS; attempt++) {
        const epoch = registry.accessEpoch
        const result = await options.authorizeUpgrade({ documentId, headers })
        if (conn.closed) return
        if (registry.accessEpoch !== epoch) continue
        if (isRefusal(result)) {
          const code = result.refusal.status === 401 ? CloseCode.Unauthorized : CloseCode.NotFound
          conn.close(code, closeCodeId[code])
          return
        }
        const { principal, access } = result
        registry.updateAdmission(conn, {
          ...(principal.name !== undefined ? { name: principal.name } : {}),
          ...(principal.party !== undefined ? { party: principal.party } : {}),
          ...(access ? { role: access.role, documentStatus: access.documentStatus } : {}),
        })
        return
      }
      // Access kept changing under every read: let the client come back and be admitted afresh.
      conn.close(CloseCode.InternalError, closeCodeId[CloseCode.InternalError])
    } catch (error) {
      log.warn({ err: error, documentId }, 'access re-check failed; closing')
      conn.close(CloseCode.InternalError, closeCodeId[CloseCode.InternalError])
    }
  }

  // Every connection is rechecked after a bus outage; a few at a time, so thousands of reads do not
  // queue the database and every request behind them. A later outage's set replaces what waits.
  const rechecks = new BoundedRunner<[Connection, { documentId: string; headers: Headers }]>(
    options.rechecksAtOnce,
    async ([conn, { documentId, headers }]) => {
      if (!conn.closed) await recheck(conn, documentId, headers)
    },
    (error) => log.warn({ err: error }, 'access re-check failed'),
  )

  /**
   * Checks the connection again when its session expires: closed (4401) unless the session was
   * renewed meanwhile (by the same browser's API calls), in which case it waits for the new expiry.
   */
  const watchExpiry = (conn: Connection, documentId: string, headers: Headers): (() => void) => {
    let timer: NodeJS.Timeout | undefined
    const arm = () => {
      const at = conn.admission.principal.sessionExpiresAt
      if (at === undefined || conn.closed) return
      // setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days; sessions last 30).
      const delay = Math.min(Math.max(at - Date.now(), 0) + 1, MAX_TIMER_MS)
      timer = setTimeout(async () => {
        if (Date.now() >= at) await recheck(conn, documentId, headers)
        arm()
      }, delay)
      timer.unref()
    }
    arm()
    return () => clearTimeout(timer)
  }

  const upgrade = upgradeWebSocket((c) => {
    const documentId = c.req.param('documentId') as string
    const admission = c.get('admission' as never) as Admission
    const epoch = c.get('accessEpoch' as never) as number
    const headers = c.req.raw.headers
    let conn: Connection | null = null
    let stopWatching = () => {}
    return {
      onOpen(_event, ctx) {
        const ws = ctx.raw as WebSocket
        alive.set(ws, true)
        ws.on('pong', () => alive.set(ws, true))
        const raw = rawOf.get(ws)
        // ws emits 'connection' (which records it) before Hono's onOpen, always; should that ever
        // change, refuse the socket rather than run it without its TCP socket.
        if (!raw) {
          log.error({ documentId }, 'websocket opened without its upgrade socket; closing')
          ws.terminate()
          return
        }
        const opened = registry.connect(documentId, adapt(ws, raw, options.maxBufferedBytes, soon), admission)
        conn = opened
        // Frames are read from `ws` itself rather than through an `onMessage` handler, which would
        // copy each frame into a fresh ArrayBuffer and wrap it in a MessageEvent on every edit's path.
        // Hono calls `onOpen` as soon as it holds the socket, in the same turn, and frames are only
        // read in later I/O callbacks: this listener sees every frame.
        ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
          if (!isBinary) {
            opened.protocolError(CloseCode.ProtocolError, 'text frames are not part of the protocol')
            return
          }
          opened.receive(toBytes(data))
        })
        // A connection the registry refused (caps, shutdown) is closed already: nothing to re-check.
        if (registry.accessEpoch !== epoch && !opened.closed) void recheck(opened, documentId, headers)
        stopWatching = watchExpiry(opened, documentId, headers)
        opens.set(opened, { documentId, headers })
        opened.onClose(() => {
          stopWatching()
          opens.delete(opened)
        })
      },
      onClose(_event, ctx) {
        forget(ctx.raw as WebSocket)
        conn?.transportClosed()
      },
      onError(event, ctx) {
        // Every socket has an error listener: an error ends this connection only.
        log.debug({ err: (event as Event & { error?: unknown }).error, documentId }, 'websocket error')
        forget(ctx.raw as WebSocket)
        conn?.transportClosed()
      },
    }
  })

  return {
    wss,
    handlers: [check, upgrade],
    get socketCount() {
      return alive.size
    },
    isWebSocket: (socket) => upgraded.has(socket),
    recheckAll() {
      registry.accessEpoch++
      rechecks.replace(opens)
    },
    close() {
      rechecks.clear()
      clearInterval(pinger)
      soon.releaseAll()
      for (const ws of alive.keys()) ws.terminate()
      alive.clear()
      wss.close()
    },
  }
}
