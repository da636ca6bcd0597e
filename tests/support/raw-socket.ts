/** A raw websocket for attack tests: send hand-built frames, observe how the server closes. */
import WebSocket from 'ws'

export interface RawSocket {
  ws: WebSocket
  closed: Promise<{ code: number; reason: string }>
  received: Uint8Array[]
}

export async function openRaw(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const ws = new WebSocket(url, { headers })
  const received: Uint8Array[] = []
  ws.on('message', (data) => received.push(new Uint8Array(data as Buffer)))
  ws.on('error', () => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  )
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
  })
  return { ws, closed, received }
}

/** Resolves with the HTTP status of a refused upgrade (or 101 if it was accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { headers })
    ws.on('error', () => {})
    ws.once('open', () => {
      ws.close()
      resolve(101)
    })
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0)
      res.resume()
    })
  })
}
