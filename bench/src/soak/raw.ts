/**
 * Raw HTTP/1.1 exchanges over `net`, for requests no HTTP client sends as written (an `Upgrade`
 * header on an API route, `Upgrade: h2c`, a malformed Cookie) and for readers that never read:
 * after the first chunk (the status line, which is counted) the socket is paused and its data
 * left unread, so the server's writes back up as a slow client's would.
 */
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import type { OpenSockets } from './tally.js'

export function requestText(method: string, path: string, headers: Record<string, string>): string {
  const lines = [`${method} ${path} HTTP/1.1`]
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`)
  return `${lines.join('\r\n')}\r\n\r\n`
}

/** Headers that make a request a well-formed websocket handshake. */
export function websocketHandshake(): Record<string, string> {
  return {
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
  }
}

export interface RawExchange {
  socket: net.Socket
  /** `http <status>`, `reset`, `closed without answer` or `error <code>`; never rejects. */
  answer: Promise<string>
  /** Resolves when the socket closed (seen only while it is read: a paused socket never closes). */
  closed: Promise<void>
  /** Bytes received so far (only the first chunk while paused). */
  bytes(): number
}

export function rawExchange(port: number, request: string, sockets: OpenSockets): RawExchange {
  const socket = net.connect({ host: '127.0.0.1', port })
  sockets.addRaw(socket)
  let received = 0
  let settle: (outcome: string) => void = () => {}
  const answer = new Promise<string>((resolve) => {
    let done = false
    settle = (outcome) => {
      if (done) return
      done = true
      resolve(outcome)
    }
  })
  const onData = (chunk: Buffer) => {
    received += chunk.length
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(chunk.toString('latin1', 0, 16))
    settle(status ? `http ${status[1]}` : 'not HTTP')
    // Never read the body: pause and leave it in the kernel's and the server's buffers.
    socket.off('data', onData)
    socket.pause()
  }
  socket.on('data', onData)
  socket.on('connect', () => socket.write(request))
  socket.on('error', (error: NodeJS.ErrnoException) => {
    settle(
      error.code === 'ECONNRESET' || error.code === 'EPIPE'
        ? 'reset'
        : `error ${error.code ?? error.message}`,
    )
  })
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      settle('closed without answer')
      resolve()
    }),
  )
  return { socket, answer, closed, bytes: () => received }
}

/**
 * Reads what a paused socket left unread, for at most `ms`: whether the server had ended the
 * response (`ended by server`) or was still streaming (`still open at the end`), and the bytes.
 */
export function drainAtEnd(exchange: RawExchange, ms: number): Promise<{ outcome: string; bytes: number }> {
  const { socket } = exchange
  if (socket.destroyed) return Promise.resolve({ outcome: 'closed', bytes: 0 })
  return new Promise((resolve) => {
    let bytes = 0
    const finish = (outcome: string) => {
      clearTimeout(timer)
      socket.off('data', onData)
      socket.destroy()
      resolve({ outcome, bytes })
    }
    const onData = (chunk: Buffer) => {
      bytes += chunk.length
    }
    const timer = setTimeout(() => finish('still open at the end'), ms)
    socket.on('data', onData)
    socket.once('end', () => finish('ended by server'))
    socket.once('close', () => finish('ended by server'))
    socket.resume()
  })
}
