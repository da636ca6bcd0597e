/**
 * Tracks what the status line shows: the connection (connecting, connected and synced,
 * disconnected, closed for good) and whether every local change is durably stored.
 *
 * "Saved" is only ever claimed on the server's word: after local changes the client sends
 * `Flush(n)` behind them on the same socket, and the server answers `Committed(n)` once every update
 * sent before it is committed. A reconnect carries unsaved changes in the client's sync step 2,
 * which the provider sends in reply to the server's sync step 1, so the new `Flush` goes out right
 * after that reply — sending it on "connected" would overtake the changes and claim too early.
 */
import {
  encodeFlush,
  encodeHello,
  MessageType,
  type Role,
  readSeq,
  readServerEvent,
  type ServerEvent,
} from '@trepart/shared'
import * as decoding from 'lib0/decoding'
import { messageYjsSyncStep1 } from 'y-protocols/sync'
import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'

export type ConnectionState = 'connecting' | 'connected' | 'disconnected' | 'closed'

export interface CollabStatus {
  /** `connected` means connected and synced with the server. */
  connection: ConnectionState
  /** Local changes the server has not yet confirmed as stored. */
  unsaved: boolean
  /** All of those unsaved changes are durably kept in this browser (IndexedDB), to be sent later. */
  keptLocally: boolean
  /** Whether the document has been synced with the server at least once. */
  everSynced: boolean
  /** The code of the last close sent by the server (for `disconnected` and `closed`). */
  closeCode: number | null
  /** From the server's welcome (and `access.changed`); null until the welcome arrives. */
  canWrite: boolean | null
  /**
   * The member's role as the server last said it (welcome, `access.changed`): what the page offers
   * besides writing (commenting) follows it. Null until the server says it.
   */
  role: Role | null
  /**
   * Connection attempts in a row that closed before the socket opened: the upgrade was refused (no
   * session, no access) or the server was unreachable. The browser reports both as close code 1006.
   */
  refusals: number
}

/** The local copy of the document, as far as the status needs it (see offline/local-doc.ts). */
export interface LocalStore {
  /** Resolves true once every update so far is durably stored. */
  flushed(): Promise<boolean>
}

export interface CollabTracker {
  /** The local copy was started or stopped. */
  localStoreChanged(): void
  /** The provider's socket when it is open and has been sent `Hello` (Trepart messages go there), else null. */
  trepartSocket(): WebSocket | null
  stop(): void
}

export const initialStatus: CollabStatus = {
  connection: 'connecting',
  unsaved: false,
  keptLocally: false,
  everSynced: false,
  closeCode: null,
  canWrite: null,
  role: null,
  refusals: 0,
}

/**
 * Installs the Trepart message handlers on `provider` and starts tracking. Call it after the
 * provider is constructed (so the provider's own update handler runs first and has sent each update
 * before a `Flush` follows it) and before `provider.connect()`. Server events other than `welcome`
 * and `access.changed` go to `onEvent`. `localStore` gives the local copy in use (if any), whose
 * durability decides `keptLocally`.
 */
export function trackCollabStatus(
  provider: WebsocketProvider,
  doc: Y.Doc,
  onChange: (status: CollabStatus) => void,
  onEvent?: (event: ServerEvent) => void,
  localStore: () => LocalStore | null = () => null,
): CollabTracker {
  let status: CollabStatus = { ...initialStatus }
  /** Local changes so far, and how many of them the server has confirmed. */
  let changes = 0
  let confirmed = 0
  /** How many local changes the local copy has durably stored. */
  let kept = 0
  let seq = 0
  /** Flushes in flight on the current socket: sequence number → changes it covers. */
  const inFlight = new Map<number, number>()
  /** The socket that has been sent `Hello`; Trepart messages go only there. */
  let helloSocket: WebSocket | null = null
  let flushQueued = false

  const set = (patch: Partial<CollabStatus>) => {
    const next = {
      ...status,
      ...patch,
      unsaved: changes > confirmed,
      keptLocally: changes > confirmed && kept >= changes,
    }
    if (Object.entries(next).every(([k, v]) => status[k as keyof CollabStatus] === v)) return
    status = next
    onChange(status)
  }

  const openSocket = (): WebSocket | null => {
    const ws = provider.ws
    return ws && ws === helloSocket && provider.wsconnected && ws.readyState === WebSocket.OPEN ? ws : null
  }

  const flushIfUnsaved = () => {
    if (changes <= confirmed) return
    const ws = openSocket()
    if (!ws) return // sent again after the next connect's sync step 2
    const n = ++seq
    inFlight.set(n, changes)
    ws.send(encodeFlush(n))
  }

  const checkLocal = () => {
    const store = localStore()
    if (!store) return
    const upTo = changes
    void store.flushed().then((ok) => {
      if (!ok || upTo <= kept) return
      kept = upTo
      set({})
    })
  }

  const onCommitted = (decoder: decoding.Decoder) => {
    const n = readSeq(decoder)
    // The server drops a read-only connection's writes silently but still answers its Flush.
    if (status.canWrite === false) return
    for (const [s, covered] of inFlight) {
      if (s > n) continue
      confirmed = Math.max(confirmed, covered)
      inFlight.delete(s)
    }
    set({})
  }

  // Trepart's own message types; the stock provider would log an error for them.
  provider.messageHandlers[MessageType.Committed] = (_encoder, decoder) => onCommitted(decoder)
  provider.messageHandlers[MessageType.ServerEvent] = (_encoder, decoder) => {
    const event = readServerEvent(decoder)
    // The welcome, and later changes of the member's role, say whether this connection may write
    // and (from servers that send it) the role itself.
    if (event.type === 'welcome' || event.type === 'access.changed')
      set({ canWrite: event.canWrite, ...(event.role ? { role: event.role } : {}) })
    else onEvent?.(event)
  }
  const syncHandler = provider.messageHandlers[MessageType.Sync]!
  provider.messageHandlers[MessageType.Sync] = (encoder, decoder, p, emitSynced, messageType) => {
    const syncType = decoding.peekVarUint(decoder)
    syncHandler(encoder, decoder, p, emitSynced, messageType)
    // The provider sends our sync step 2 (the reply written to `encoder`) when this returns.
    if (syncType === messageYjsSyncStep1) queueMicrotask(flushIfUnsaved)
  }

  const onStatus = ({ status: s }: { status: 'connected' | 'disconnected' | 'connecting' }) => {
    if (s === 'connected') {
      // Emitted in the socket's open handler before the provider sends anything else.
      helloSocket = provider.ws
      helloSocket?.send(encodeHello())
      set({ connection: 'connecting', closeCode: null, refusals: 0 })
    } else {
      helloSocket = null
      // A Committed for the old socket can no longer arrive.
      inFlight.clear()
      // Reconnect attempts keep the line at "disconnected" until a socket opens again.
      if (s === 'disconnected' && status.connection !== 'closed') set({ connection: 'disconnected' })
      else if (s === 'connecting' && status.connection === 'closed') set({ connection: 'connecting' })
    }
  }
  const onSync = (synced: boolean) => {
    if (synced && provider.wsconnected) set({ connection: 'connected', everSynced: true })
  }
  // Also covers a refused upgrade (the socket never opened, so no "disconnected" status follows).
  const onConnectionClose = (event: CloseEvent | null) => {
    if (status.connection === 'closed') return
    // Emitted while `provider.ws` is still the closing socket; `helloSocket` is it only if it opened.
    const opened = helloSocket !== null && helloSocket === provider.ws
    set({
      connection: 'disconnected',
      closeCode: event ? event.code : null,
      // A close of our own (event null) is no answer from the server.
      refusals: event && !opened ? status.refusals + 1 : status.refusals,
    })
  }
  const onClosed = ({ code }: { code: number }) => set({ connection: 'closed', closeCode: code })

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) return
    changes++
    set({})
    checkLocal()
    // One Flush per burst of updates in the same task.
    if (flushQueued) return
    flushQueued = true
    queueMicrotask(() => {
      flushQueued = false
      flushIfUnsaved()
    })
  }

  provider.on('status', onStatus)
  provider.on('sync', onSync)
  provider.on('connection-close', onConnectionClose)
  provider.on('closed', onClosed)
  doc.on('update', onUpdate)
  onChange(status)

  return {
    trepartSocket: openSocket,
    localStoreChanged() {
      // A copy started later stores the whole doc at once; one that stopped keeps nothing new.
      if (!localStore()) kept = 0
      checkLocal()
      set({})
    },
    stop() {
      provider.off('status', onStatus)
      provider.off('sync', onSync)
      provider.off('connection-close', onConnectionClose)
      provider.off('closed', onClosed)
      doc.off('update', onUpdate)
    },
  }
}
