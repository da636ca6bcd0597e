/**
 * A full Yjs client: a real `WebsocketProvider` (y-websocket) or `HocuspocusProvider` over its own
 * Y.Doc, editing a Tiptap-shaped document — XmlFragment 'default' of paragraph elements holding
 * XmlText — the way the editor does. Each writer types into its own paragraph.
 */
import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { marker, scanMarkers } from './edit-marker.js'
import { nowMs } from './light-client.js'
import { MSG_COMMITTED, MSG_SERVER_EVENT, type Protocol, Wire } from './wire.js'

export interface FullClientOptions {
  protocol: Protocol
  /** y-websocket: the URL the room name is appended to; Hocuspocus: the server URL. */
  baseUrl: string
  room: string
  headers: Record<string, string>
  /** y-websocket against Trepart: send `Hello` on every connect, as the web app does. */
  hello?: boolean
  onMarker: (writer: number, seq: number) => void
}

/** Transaction origin of our own edits, so the update listener skips them. */
const LOCAL = Symbol('local edit')

/** The `ws` class with fixed headers (cookie, Origin), as `WebSocketPolyfill`. */
function withHeaders(headers: Record<string, string>) {
  return class HeaderWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers, perMessageDeflate: false })
    }
  }
}

export class FullClient {
  readonly doc = new Y.Doc()
  private provider: WebsocketProvider | HocuspocusProvider | null = null
  private paragraph: Y.XmlText | null = null
  startedAt = 0
  syncedAt = 0
  /** Connection losses after the first sync (each one risks the edits in flight). */
  disconnects = 0
  /** Trepart `ServerEvent` frames received (counted, not parsed). */
  serverEvents = 0

  constructor(private readonly options: FullClientOptions) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL) scanMarkers(update, options.onMarker)
    })
  }

  connect(timeoutMs: number): Promise<void> {
    const { options } = this
    this.startedAt = nowMs()
    const WebSocketPolyfill = withHeaders(options.headers)
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not synced within ${timeoutMs} ms`)), timeoutMs)
      const synced = () => {
        if (this.syncedAt) return
        this.syncedAt = nowMs()
        clearTimeout(timer)
        resolve()
      }
      if (options.protocol === 'hocuspocus') {
        const provider = new HocuspocusProvider({
          url: options.baseUrl,
          name: options.room,
          document: this.doc,
          WebSocketPolyfill,
        } as ConstructorParameters<typeof HocuspocusProvider>[0])
        provider.on('synced', synced)
        provider.on('disconnect', () => {
          if (this.syncedAt) this.disconnects++
        })
        this.provider = provider
      } else {
        const provider = new WebsocketProvider(options.baseUrl, options.room, this.doc, {
          WebSocketPolyfill: WebSocketPolyfill as never,
          disableBc: true,
        })
        provider.on('sync', (isSynced: boolean) => {
          if (isSynced) synced()
        })
        if (options.hello) {
          // As the web app (save-status.ts): Hello in the open handler, before the provider's
          // sync step 1, and handlers for Trepart's types, which the stock provider logs as errors.
          const hello = new Wire('y-websocket', options.room).hello()
          provider.on('status', ({ status }: { status: string }) => {
            if (status === 'connected') provider.ws?.send(hello)
          })
          provider.messageHandlers[MSG_COMMITTED] = () => {}
          provider.messageHandlers[MSG_SERVER_EVENT] = () => {
            this.serverEvents++
          }
        }
        provider.on('connection-close', () => {
          if (this.syncedAt) this.disconnects++
        })
        this.provider = provider
      }
    })
  }

  /** Types the marker of edit `seq` at the end of this client's paragraph. */
  edit(writer: number, seq: number): void {
    this.doc.transact(() => {
      if (!this.paragraph) {
        const fragment = this.doc.getXmlFragment('default')
        const element = new Y.XmlElement('paragraph')
        const text = new Y.XmlText()
        element.insert(0, [text])
        fragment.insert(fragment.length, [element])
        this.paragraph = text
      }
      this.paragraph.insert(this.paragraph.length, marker(writer, seq))
    }, LOCAL)
  }

  close(): void {
    this.provider?.destroy()
    this.doc.destroy()
  }
}
