/**
 * Puts a large document on a server through its websocket, as a client that was offline would,
 * and stays connected so the room is warm when the joiners arrive. It waits until the server
 * confirms the content: Trepart's `Committed`, Hocuspocus's sync status, or — for the reference
 * server, which applies synchronously — the answer to a later sync step 1.
 */
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import {
  EMPTY_UPDATE,
  MSG_COMMITTED,
  MSG_SYNC,
  MSG_SYNC_REPLY,
  MSG_SYNC_STATUS,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  Wire,
} from './wire.js'

export interface Seeder {
  close(): void
}

export function seedDocument(options: {
  protocol: 'y-websocket' | 'hocuspocus'
  url: string
  room: string
  headers: Record<string, string>
  update: Uint8Array
  trepart: boolean
  timeoutMs: number
}): Promise<Seeder> {
  const wire = new Wire(options.protocol, options.room)
  const ws = new WebSocket(options.url, { headers: options.headers, perMessageDeflate: false })
  return new Promise((resolve, reject) => {
    let phase: 'joining' | 'sending' | 'done' = 'joining'
    // Hocuspocus acknowledges every write with a sync status: confirmed when all are acknowledged.
    let writes = 0
    let statuses = 0
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`seeding ${options.room} not confirmed within ${options.timeoutMs} ms`))
    }, options.timeoutMs)
    const confirmed = () => {
      phase = 'done'
      clearTimeout(timer)
      resolve({ close: () => ws.close() })
    }
    ws.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    ws.on('open', () => {
      if (options.trepart) ws.send(wire.hello())
      for (const frame of wire.opening()) ws.send(frame)
    })
    ws.on('message', (data: Buffer) => {
      const d = wire.open(data)
      const type = decoding.readVarUint(d)
      if (type === MSG_COMMITTED && phase === 'sending') return confirmed()
      if (type === MSG_SYNC_STATUS) {
        statuses++
        if (phase === 'sending' && statuses === writes) confirmed()
        return
      }
      if (type !== MSG_SYNC && type !== MSG_SYNC_REPLY) return
      const sub = decoding.readVarUint(d)
      if (sub === SYNC_STEP1) {
        writes++
        ws.send(wire.sync(SYNC_STEP2, EMPTY_UPDATE))
      }
      if (sub !== SYNC_STEP2) return
      if (phase === 'joining') {
        phase = 'sending'
        writes++
        ws.send(wire.sync(SYNC_UPDATE, options.update))
        if (options.trepart) ws.send(wire.flush(1))
        else if (options.protocol === 'y-websocket') for (const f of wire.opening()) ws.send(f)
      } else if (phase === 'sending' && !options.trepart && options.protocol === 'y-websocket') {
        confirmed()
      }
    })
  })
}
