/**
 * A receive-only client that decodes no Yjs: it answers the server's sync step 1 with an empty
 * step 2, asks for the whole document with an empty state vector, counts update frames and finds
 * edit markers in them by a byte scan. The server does the same work for it as for a full client.
 */
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import { scanMarkers } from './edit-marker.js'
import {
  EMPTY_UPDATE,
  MSG_COMMENT_ANSWER,
  MSG_SERVER_EVENT,
  MSG_SYNC,
  MSG_SYNC_REPLY,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  type Wire,
} from './wire.js'

export interface LightClientOptions {
  url: string
  headers: Record<string, string>
  wire: Wire
  /** Look for edit markers in updates (off for the join scenario's multi-MiB replies). */
  scan: boolean
  /** Trepart: send `Hello` first, so the server sends this client its events. */
  hello?: boolean
  onMarker?: (writer: number, seq: number) => void
  /** Trepart: the answer to a comment request this client sent. */
  onCommentAnswer?: (id: number, status: number, json: unknown) => void
  /** Called when the socket closes after it was synced (a failure unless we closed it). */
  onUnexpectedClose?: (code: number, reason: string) => void
}

const HOCUSPOCUS_KEEPALIVE_MS = 20_000

export class LightClient {
  private ws: WebSocket | null = null
  private closing = false
  private keepalive: NodeJS.Timeout | null = null
  /** hrtime (ms) when connect() was called, the socket opened, and the whole sync reply arrived. */
  startedAt = 0
  openedAt = 0
  syncedAt = 0
  syncReplyBytes = 0
  updates = 0
  /** Trepart `ServerEvent` frames received (counted, not parsed). */
  serverEvents = 0

  constructor(private readonly options: LightClientOptions) {}

  /** Resolves once the server's sync step 2 (its whole reply) has arrived. */
  connect(timeoutMs: number): Promise<void> {
    const { wire } = this.options
    this.startedAt = nowMs()
    return new Promise<void>((resolve, reject) => {
      const ws = new WebSocket(this.options.url, { headers: this.options.headers, perMessageDeflate: false })
      this.ws = ws
      ws.binaryType = 'nodebuffer'
      let settled = false
      const fail = (error: Error) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        ws.terminate()
        reject(error)
      }
      const timer = setTimeout(() => fail(new Error(`no sync reply within ${timeoutMs} ms`)), timeoutMs)
      ws.on('unexpected-response', (_req, res) => fail(new Error(`upgrade refused: HTTP ${res.statusCode}`)))
      ws.on('error', (error) => fail(error))
      ws.on('open', () => {
        this.openedAt = nowMs()
        if (this.options.hello) ws.send(wire.hello())
        for (const frame of wire.opening()) ws.send(frame)
        if (wire.protocol === 'hocuspocus') {
          // Hocuspocus closes a connection that sent nothing for 60 s; its provider sends awareness.
          this.keepalive = setInterval(() => ws.send(wire.queryAwareness()), HOCUSPOCUS_KEEPALIVE_MS)
        }
      })
      ws.on('close', (code, reason) => {
        if (this.keepalive) clearInterval(this.keepalive)
        if (!settled) fail(new Error(`closed before sync: ${code} ${reason.toString()}`))
        else if (!this.closing) this.options.onUnexpectedClose?.(code, reason.toString())
      })
      ws.on('message', (data: Buffer) => {
        const d = wire.open(data)
        const type = decoding.readVarUint(d)
        if (type === MSG_SERVER_EVENT) this.serverEvents++
        if (type === MSG_COMMENT_ANSWER) {
          const id = decoding.readVarUint(d)
          const status = decoding.readVarUint(d)
          this.options.onCommentAnswer?.(id, status, JSON.parse(decoding.readVarString(d)))
          return
        }
        if (type !== MSG_SYNC && type !== MSG_SYNC_REPLY) return
        const sub = decoding.readVarUint(d)
        if (sub === SYNC_STEP1) {
          ws.send(wire.sync(SYNC_STEP2, EMPTY_UPDATE))
        } else if (sub === SYNC_STEP2) {
          const payload = decoding.readVarUint8Array(d)
          if (this.options.scan && this.options.onMarker) scanMarkers(payload, this.options.onMarker)
          if (!settled) {
            this.syncedAt = nowMs()
            this.syncReplyBytes = payload.byteLength
            settled = true
            clearTimeout(timer)
            resolve()
          }
        } else if (sub === SYNC_UPDATE) {
          this.updates++
          if (this.options.scan && this.options.onMarker) {
            scanMarkers(decoding.readVarUint8Array(d), this.options.onMarker)
          }
        }
      })
    })
  }

  /** Sends a frame on the open socket (a comment request); false when there is none. */
  send(frame: Uint8Array): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false
    this.ws.send(frame)
    return true
  }

  close(): void {
    this.closing = true
    if (this.keepalive) clearInterval(this.keepalive)
    this.ws?.terminate()
  }
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6
}
