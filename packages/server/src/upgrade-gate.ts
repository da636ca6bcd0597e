/**
 * The one listener for HTTP upgrades. Node hands every request that carries an `Upgrade` header to
 * the `upgrade` listeners instead of the request handler, and `@hono/node-server` passes each
 * websocket one through the whole app (`app.fetch`) without ever reading the response: a streaming
 * route reached that way (the workspace's event stream) would never see an abort and live until
 * restart. Other `Upgrade` values (`h2c`) it ignores, leaving the socket held open past every HTTP
 * timeout. So this gate takes the upgrade event over: only `Upgrade: websocket` to a `/collab/`
 * path is handed on; everything else is answered and its socket destroyed at once. Every upgrade
 * socket also has a deadline by which it must be an open websocket, so a refused handshake whose
 * peer never closes its side (or trickles bytes to look busy) does not linger.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'

/** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port: ASCII only. */
const PLAIN_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void

export interface UpgradeGateOptions {
  /** Paths that may be upgraded to a websocket (the collaboration route). */
  pathPrefix: string
  /** How long an upgrade socket may take to become a websocket. */
  timeoutMs: number
  /** Whether the socket became an open websocket (then its own keep-alive takes over). */
  isWebSocket(socket: Duplex): boolean
}

/** Answers `status` on a raw socket and destroys it once the answer is written. */
function refuse(socket: Duplex, status: 400 | 404): void {
  if (socket.destroyed) return
  const text = status === 404 ? 'Not Found' : 'Bad Request'
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
    socket.destroy(),
  )
}

/**
 * Replaces the `upgrade` listeners installed so far (the websocket adapter's) with one that
 * filters first. Call after the server was created and before it listens.
 */
export function gateUpgrades(server: Server, options: UpgradeGateOptions): void {
  const handlers = server.listeners('upgrade') as UpgradeListener[]
  server.removeAllListeners('upgrade')
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Errors on a socket nobody took yet must not become an uncaught exception.
    socket.on('error', () => socket.destroy())
    const deadline = setTimeout(() => {
      if (!options.isWebSocket(socket)) socket.destroy()
    }, options.timeoutMs)
    deadline.unref()
    socket.once('close', () => clearTimeout(deadline))
    const isWebsocket = request.headers.upgrade?.toLowerCase() === 'websocket'
    if (!isWebsocket) return refuse(socket, 400)
    // The URL the app routes on is built from the Host header and the request target
    // (@hono/node-server's buildUrl): a Host such as `ä.ä/api/…` smuggles a path into it. Only a
    // plain host[:port] is accepted, and the path is checked as the URL parser resolves it
    // (`/collab/../api/…` and `%2e%2e` fold into `/api/…`).
    const host = request.headers.host ?? ''
    if (!PLAIN_HOST.test(host)) return refuse(socket, 400)
    const target = request.url ?? ''
    if (!target.startsWith('/') || !URL.canParse(`http://${host}${target}`)) return refuse(socket, 400)
    const { pathname } = new URL(`http://${host}${target}`)
    if (!pathname.startsWith(options.pathPrefix)) return refuse(socket, 404)
    for (const handler of handlers) handler(request, socket, head)
  })
}
