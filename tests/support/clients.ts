/**
 * Real y-websocket clients for Node tests: the stock WebsocketProvider with the `ws` class (Node 20
 * has no global WebSocket) and BroadcastChannel off, so providers in one process cannot sync
 * around the server and hide its bugs.
 */
import {
  type CommentRequest,
  encodeFlush,
  encodeHello,
  frame,
  MessageType,
  readCommentAnswer,
  readSeq,
  readServerEvent,
  type ServerEvent,
} from '@trepart/shared'
import type * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export interface TestClient {
  doc: Y.Doc
  provider: WebsocketProvider
  text: Y.Text
  /** Last `Committed` sequence number received (Trepart clients only). */
  committed(): number
  /** Every `ServerEvent` received, in order (Trepart clients only). */
  events: ServerEvent[]
  /** Sends `Flush(n)` and resolves when `Committed(n)` arrives. */
  flush(): Promise<void>
  /** Sends a comment request (Trepart clients only) and resolves with the server's answer to it. */
  comment(request: CommentRequest | Record<string, unknown>): Promise<{ status: number; body: unknown }>
  /** The same with the request's text as given (JSON or not). */
  commentText(text: string): Promise<{ status: number; body: unknown }>
  destroy(): void
}

export interface ClientOptions {
  doc?: Y.Doc
  connect?: boolean
  /** Announce Trepart support and track `Committed`. */
  trepart?: boolean
  name?: string
  /** Connect as this actor: its session cookie and Origin go on the upgrade request. */
  actor?: { headers: Record<string, string> }
  /** Extra ws options. */
  wsOptions?: WebSocket.ClientOptions
}

export function createClient(collabUrl: string, documentId: string, options: ClientOptions = {}): TestClient {
  const doc = options.doc ?? new Y.Doc()
  // Like a browser, the Origin is the page's: the server the client talks to.
  const origin = new URL(collabUrl.replace(/^ws/, 'http')).origin
  const wsOptions =
    options.actor || options.wsOptions
      ? {
          ...options.wsOptions,
          headers: { ...options.actor?.headers, origin, ...options.wsOptions?.headers },
        }
      : undefined
  // A ws subclass that adds the session cookie and Origin: Node has no cookie jar for websockets.
  const Polyfill = wsOptions
    ? class extends WebSocket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols, wsOptions)
        }
      }
    : WebSocket
  const provider = new WebsocketProvider(collabUrl, documentId, doc, {
    WebSocketPolyfill: Polyfill as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    connect: options.connect ?? true,
  })
  if (options.name) provider.awareness.setLocalStateField('user', { name: options.name, color: '#0072B2' })
  let committed = 0
  let flushSeq = 0
  const events: ServerEvent[] = []
  const waiters = new Map<number, () => void>()
  let requestId = 0
  const answers = new Map<number, (answer: { status: number; body: unknown }) => void>()
  if (options.trepart) {
    provider.messageHandlers[MessageType.CommentAnswer] = (_encoder, decoder) => {
      const { id, status, body } = readCommentAnswer(decoder as decoding.Decoder)
      answers.get(id)?.({ status, body })
      answers.delete(id)
    }
    provider.messageHandlers[MessageType.Committed] = (_encoder, decoder) => {
      committed = readSeq(decoder as decoding.Decoder)
      for (const [seq, resolve] of waiters) {
        if (seq <= committed) {
          waiters.delete(seq)
          resolve()
        }
      }
    }
    provider.messageHandlers[MessageType.ServerEvent] = (_encoder, decoder) => {
      events.push(readServerEvent(decoder as decoding.Decoder))
    }
    provider.on('status', ({ status }) => {
      if (status === 'connected') provider.ws?.send(encodeHello())
    })
  }
  return {
    doc,
    provider,
    text: doc.getText('t'),
    committed: () => committed,
    events,
    flush() {
      const seq = ++flushSeq
      return new Promise<void>((resolve) => {
        waiters.set(seq, resolve)
        provider.ws?.send(encodeFlush(seq))
      })
    },
    comment(request) {
      return this.commentText(JSON.stringify(request))
    },
    commentText(text) {
      const id = ++requestId
      return new Promise((resolve) => {
        answers.set(id, resolve)
        provider.ws?.send(
          frame(MessageType.CommentRequest, (e) => {
            encoding.writeVarUint(e, id)
            encoding.writeVarString(e, text)
          }),
        )
      })
    },
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}
