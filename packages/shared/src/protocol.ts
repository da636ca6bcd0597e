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
import type { PartyKey, Role } from './parties.js'

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
  /**
   * client → server, after `Hello`: varUint request id, varString JSON of a {@link CommentRequest}
   * on the connection's document. The same write as the API's route, without an HTTP request.
   */
  CommentRequest: 104,
  /**
   * server → client: varUint request id, varUint status, varString JSON answer: exactly what the
   * API's route answers (201 with the thread or comment, or an error body with its status).
   */
  CommentAnswer: 105,
} as const

export type MessageType = (typeof MessageType)[keyof typeof MessageType]

export const TREPART_PROTOCOL_VERSION = 1

/** A comment as events carry it (the API's `ThreadComment`; kept free of zod here). */
export interface CommentEventPayload {
  id: string
  threadId: string
  author: { id: string; name: string; party: PartyKey }
  body: string
  createdAt: string
  editedAt: string | null
  deleted: boolean
}

/** A thread as events carry it: the API's `ThreadState` (no `orphaned`: the client resolves anchors). */
export interface ThreadEventPayload {
  id: string
  documentId: string
  anchor: { start: string; end: string }
  quote: string
  visibility: 'shared' | 'party'
  party: PartyKey
  status: 'open' | 'resolved'
  resolvedBy: { id: string; name: string } | null
  resolvedAt: string | null
  createdBy: { id: string; name: string; party: PartyKey }
  createdAt: string
  comments: CommentEventPayload[]
}

/**
 * What happened to a document's comment threads. Each reaches only the connections whose member
 * may see the thread (shared: everyone; party: that party only), decided per connection by the
 * server. Not echoed to the writer's request, but sent to all of its open connections: a client
 * folds each in by id, so applying what it already has changes nothing.
 */
export type ThreadServerEvent =
  | { type: 'thread.created'; thread: ThreadEventPayload }
  /** A reply was added. */
  | { type: 'comment.added'; comment: CommentEventPayload }
  /** A comment was edited or deleted (`deleted`, body empty). */
  | { type: 'comment.updated'; comment: CommentEventPayload }
  | {
      type: 'thread.status'
      threadId: string
      status: 'open' | 'resolved'
      resolvedBy: { id: string; name: string } | null
      resolvedAt: string | null
    }

/**
 * A comment write over the collaboration connection: what `POST /api/documents/:id/threads` (on the
 * connection's document) and `POST /api/threads/:tid/comments` take, with the operation named. The
 * server checks it as the routes do (`commentRequestSchema` in api.ts); author and party come from
 * the connection's session, never from here.
 */
export type CommentRequest =
  | {
      op: 'thread.create'
      anchor: { start: string; end: string }
      visibility: 'shared' | 'party'
      body: string
    }
  | { op: 'comment.add'; threadId: string; body: string }

/** Server events carried as JSON; later issues add sign-off and membership. */
export type ServerEvent =
  /**
   * `role`: the member's role in the document's workspace, which decides what the client offers
   * besides writing (commenting). Absent when the connection has no membership (the collab core
   * alone) and from servers older than it; a client then keeps the role it knew.
   */
  | { type: 'welcome'; protocolVersion: number; canWrite: boolean; role?: Role }
  /**
   * The document's metadata changed (renamed, archived, a sign-off round started or ended); never
   * sent for content edits. `status` with it: the sign-off panel fetches the round again.
   */
  | { type: 'document.updated'; documentId: string; title?: string; status?: 'draft' | 'in_review' | 'final' }
  /**
   * The connection's rights changed: it may write or not any more, or the member's role changed
   * (also when writing stays as it was: a commenter made a viewer loses the comment controls).
   * `role` as in `welcome`; clients that know only `canWrite` read that and ignore the rest.
   */
  | { type: 'access.changed'; canWrite: boolean; role?: Role }
  /**
   * The member's party changed: the threads they may see changed. The client drops the internal
   * threads of any other party at once and fetches the list again.
   */
  | { type: 'threads.reset'; party: PartyKey }
  /** A sign-off step on this document: the parties the open round still awaits (none: no open round). */
  | { type: 'signoff.changed'; documentId: string; awaitingParties: PartyKey[] }
  | ThreadServerEvent

/** A frame backed by a plain ArrayBuffer, so DOM `WebSocket.send` accepts it as is. */
export type Frame = Uint8Array<ArrayBuffer>

/** Builds any frame: its message type, then what `write` puts after it (the one frame builder). */
export function frame(type: number, write: (encoder: encoding.Encoder) => void): Frame {
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

/**
 * A varUint that is a safe integer, or an error. lib0's `readVarUint` turns a long run of
 * continuation bytes into Infinity (or NaN) without complaint, and its `writeVarUint` never ends
 * on Infinity: a number the server reads and writes back (a sequence number, a request id, an
 * awareness client id or clock) must be read with this.
 */
export function readSafeVarUint(decoder: decoding.Decoder): number {
  const n = decoding.readVarUint(decoder)
  if (!Number.isSafeInteger(n)) throw new RangeError('varUint out of range')
  return n
}

/** Reads the body of a `Committed` or `Flush` message after its type. */
export function readSeq(decoder: decoding.Decoder): number {
  return readSafeVarUint(decoder)
}

/** Reads the body of a `ServerEvent` message after its type. */
export function readServerEvent(decoder: decoding.Decoder): ServerEvent {
  return JSON.parse(decoding.readVarString(decoder)) as ServerEvent
}

export function encodeCommentRequest(id: number, request: CommentRequest): Frame {
  return frame(MessageType.CommentRequest, (e) => {
    encoding.writeVarUint(e, id)
    encoding.writeVarString(e, JSON.stringify(request))
  })
}

/**
 * Reads the body of a `CommentRequest` after its type: its id, and its JSON unparsed, or null when
 * the JSON is over `maxBytes` (then it is skipped without being decoded).
 */
export function readCommentRequest(
  decoder: decoding.Decoder,
  maxBytes = Number.POSITIVE_INFINITY,
): { id: number; json: string | null } {
  const id = readSafeVarUint(decoder)
  if (decoding.peekVarUint(decoder) > maxBytes) {
    decoding.readVarUint8Array(decoder)
    return { id, json: null }
  }
  return { id, json: decoding.readVarString(decoder) }
}

export function encodeCommentAnswer(id: number, status: number, body: unknown): Frame {
  return frame(MessageType.CommentAnswer, (e) => {
    encoding.writeVarUint(e, id)
    encoding.writeVarUint(e, status)
    encoding.writeVarString(e, JSON.stringify(body))
  })
}

/** Reads the body of a `CommentAnswer` after its type. */
export function readCommentAnswer(decoder: decoding.Decoder): { id: number; status: number; body: unknown } {
  const id = readSafeVarUint(decoder)
  const status = readSafeVarUint(decoder)
  return { id, status, body: JSON.parse(decoding.readVarString(decoder)) as unknown }
}
