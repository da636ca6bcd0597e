/**
 * The collaboration wire protocol: the standard y-websocket message types plus Trepart's own.
 *
 * Trepart's messages use types that y-protocols does not use. The stock provider logs an error for
 * a type it does not know, so the server sends them only to connections that announced support
 * with a `Hello`.
 *
 * Flow of "saved": the client sends `Flush(n)` after its updates; messages of one websocket
 * are handled in order, so when the server answers `Committed(n)` every update the client sent
 * before `Flush(n)` is durably stored. The client can then truthfully show "all changes saved".
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
  /** client → server: varUint protocol version. Opts in to Trepart's messages. */
  Hello: 100,
  /** client → server: varUint sequence number, sent after the client's updates. */
  Flush: 101,
  /** server → client: varUint sequence number of the last `Flush` whose preceding updates are committed. */
  Committed: 102,
  /** server → client: varString JSON of a {@link ServerEvent}. */
  ServerEvent: 103,
} as const

export type MessageType = (typeof MessageType)[keyof typeof MessageType]

export const TREPART_PROTOCOL_VERSION = 1

/** Server events carried as JSON; later issues add comments, sign-off and membership. */
export type ServerEvent =
  | { type: 'welcome'; protocolVersion: number; canWrite: boolean }
  | { type: 'document.updated'; documentId: string; title?: string }
  /** The connection's rights changed (a member was promoted or demoted). */
  | { type: 'access.changed'; canWrite: boolean }

/** A frame backed by a plain ArrayBuffer, so DOM `WebSocket.send` accepts it as is. */
export type Frame = Uint8Array<ArrayBuffer>

function frame(type: number, write: (encoder: encoding.Encoder) => void): Frame {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, type)
  write(encoder)
  return encoding.toUint8Array(encoder) as Frame
}

export function encodeHello(version: number = TREPART_PROTOCOL_VERSION): Frame {
  return frame(MessageType.Hello, (e) => encoding.writeVarUint(e, version))
}

export function encodeFlush(seq: number): Frame {
  return frame(MessageType.Flush, (e) => encoding.writeVarUint(e, seq))
}

export function encodeCommitted(seq: number): Frame {
  return frame(MessageType.Committed, (e) => encoding.writeVarUint(e, seq))
}

export function encodeServerEvent(event: ServerEvent): Frame {
  return frame(MessageType.ServerEvent, (e) => encoding.writeVarString(e, JSON.stringify(event)))
}

/** Reads the body of a `Committed` or `Flush` message after its type. */
export function readSeq(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder)
}

/** Reads the body of a `ServerEvent` message after its type. */
export function readServerEvent(decoder: decoding.Decoder): ServerEvent {
  return JSON.parse(decoding.readVarString(decoder)) as ServerEvent
}
