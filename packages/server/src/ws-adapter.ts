/**
 * The only file that imports `ws`. It owns the websocket server (and so `maxPayload`), checks each
 * upgrade — document id, Origin, then `authorizeUpgrade` — before any room loads, adapts each `ws`
 * socket to the transport-free {@link CollabSocket}, and pings every socket on one shared interval,
 * terminating the ones that did not answer the previous ping.
 */
import { upgradeWebSocket } from '@hono/node-server'
import { CloseCode, isDocumentId } from '@trepart/shared'
import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'
import { WebSocket, WebSocketServer } from 'ws'
import { type AuthorizeUpgrade, isRefusal } from './auth/authorize-upgrade.js'
import type { RoomRegistry } from './collab/room-registry.js'
import type { Admission, CollabSocket } from './collab/socket.js'
import { errorBody, errors } from './http/errors.js'
import { isAllowedOrigin } from './http/origin.js'

export interface CollabWebSocketOptions {
  registry: RoomRegistry
  authorizeUpgrade: AuthorizeUpgrade
  allowedOrigins: readonly string[]
  maxMessageBytes: number
  pingIntervalMs: number
  log: Logger
}

export interface CollabWebSocket {
  wss: WebSocketServer
  /** Hono handlers for `GET /collab/:documentId`. */
  handlers: MiddlewareHandler[]
  /** Live sockets, for tests and shutdown. */
  readonly socketCount: number
  close(): void
}

function adapt(ws: WebSocket): CollabSocket {
  return {
    send(data) {
      if (ws.readyState === WebSocket.OPEN) ws.send(data)
    },
    close(code, reason) {
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
    const result = await options.authorizeUpgrade({ documentId, headers: c.req.raw.headers })
    if (isRefusal(result)) {
      const r = result.refusal
      return c.json(errorBody(r.id, r.message), r.status)
    }
    c.set('admission' as never, result as never)
    await next()
  }

  const upgrade = upgradeWebSocket((c) => {
    const documentId = c.req.param('documentId') as string
    const admission = c.get('admission' as never) as Admission
    let conn: ReturnType<RoomRegistry['connect']> | null = null
    return {
      onOpen(_event, ctx) {
        const ws = ctx.raw as WebSocket
        alive.set(ws, true)
        ws.on('pong', () => alive.set(ws, true))
        conn = registry.connect(documentId, adapt(ws), admission)
      },
      onMessage(event) {
        if (!conn) return
        const data = event.data
        if (typeof data === 'string') {
          conn.protocolError(CloseCode.ProtocolError, 'text frames are not part of the protocol')
          return
        }
        conn.receive(new Uint8Array(data as ArrayBuffer))
      },
      onClose(_event, ctx) {
        alive.delete(ctx.raw as WebSocket)
        conn?.transportClosed()
      },
      onError(event, ctx) {
        // Every socket has an error listener: an error ends this connection only.
        log.debug({ err: (event as Event & { error?: unknown }).error, documentId }, 'websocket error')
        alive.delete(ctx.raw as WebSocket)
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
    close() {
      clearInterval(pinger)
      for (const ws of alive.keys()) ws.terminate()
      alive.clear()
      wss.close()
    },
  }
}
