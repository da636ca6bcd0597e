/**
 * Raw HTTP over a TCP socket, for requests no HTTP client sends (upgrade headers on plain routes,
 * `Upgrade: h2c`) and for readers that never read. Everything opened here is destroyed by `close`.
 */
import net from 'node:net'

export interface RawHttp {
  socket: net.Socket
  /** Everything received so far, as text. */
  received(): string
  /** Resolves when the server closed (or reset) the connection. */
  closed: Promise<void>
  isClosed(): boolean
  close(): void
}

/** Sends `GET|… path` with `headers` and whatever `body` on a fresh socket to the server of `baseUrl`. */
export async function rawRequest(
  baseUrl: string,
  requestLine: string,
  headers: Record<string, string>,
  options: { read?: boolean; halfOpen?: boolean; host?: string } = {},
): Promise<RawHttp> {
  const url = new URL(baseUrl)
  // halfOpen: keep our side open after the server ended its side, as a hostile peer would.
  const socket = net.connect({
    port: Number(url.port),
    host: url.hostname,
    allowHalfOpen: options.halfOpen ?? false,
  })
  let text = ''
  let closed = false
  socket.on('error', () => {})
  if (options.read === false) socket.pause()
  else socket.on('data', (chunk) => (text += chunk.toString('latin1')))
  const closedPromise = new Promise<void>((resolve) =>
    socket.once('close', () => {
      closed = true
      resolve()
    }),
  )
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  const head = [
    requestLine,
    `Host: ${options.host ?? url.host}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ]
  // Latin-1, as Node reads header bytes: a test can send a byte-exact non-ASCII header.
  socket.write(Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'))
  return {
    socket,
    received: () => text,
    closed: closedPromise,
    isClosed: () => closed,
    close: () => socket.destroy(),
  }
}

/** The headers of a websocket handshake, for requests that present one where none belongs. */
export const websocketHandshake = {
  Connection: 'Upgrade',
  Upgrade: 'websocket',
  'Sec-WebSocket-Version': '13',
  'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
}
