/**
 * Decodes one incoming frame and hands it to the room. Any malformed frame — random bytes, truncated
 * varints, an unknown message type, an update that fails to decode, trailing bytes — throws, and
 * the caller closes only that connection.
 */
import {
  encodeServerEvent,
  MessageType,
  readCommentRequest,
  readSafeVarUint,
  TREPART_PROTOCOL_VERSION,
} from '@trepart/shared'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import type { CommentRequests } from './comment-requests.js'
import type { Connection } from './connection.js'
import type { Room } from './room.js'

export class ProtocolViolation extends Error {
  override name = 'ProtocolViolation'
}

function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new ProtocolViolation('trailing bytes after message')
}

/** `comments`: who answers comment requests; without it (the collab core alone) they are refused. */
export function handleMessage(
  room: Room,
  conn: Connection,
  data: Uint8Array,
  comments?: CommentRequests,
): void {
  const decoder = decoding.createDecoder(data)
  const type = decoding.readVarUint(decoder)
  switch (type) {
    case MessageType.Sync: {
      const syncType = decoding.readVarUint(decoder)
      const payload = decoding.readVarUint8Array(decoder)
      expectEnd(decoder)
      if (syncType === syncProtocol.messageYjsSyncStep1) room.handleSyncStep1(conn, payload)
      else if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate)
        room.handleWrite(conn, payload)
      else throw new ProtocolViolation(`unknown sync message type ${syncType}`)
      return
    }
    case MessageType.Awareness: {
      const payload = decoding.readVarUint8Array(decoder)
      expectEnd(decoder)
      room.handleAwareness(conn, payload)
      return
    }
    case MessageType.QueryAwareness: {
      expectEnd(decoder)
      room.handleQueryAwareness(conn)
      return
    }
    case MessageType.Hello: {
      const version = readSafeVarUint(decoder)
      expectEnd(decoder)
      if (version < 1) throw new ProtocolViolation(`unsupported protocol version ${version}`)
      conn.supportsTrepart = true
      conn.send(
        encodeServerEvent({
          type: 'welcome',
          protocolVersion: TREPART_PROTOCOL_VERSION,
          canWrite: conn.canWrite,
          ...(conn.admission.access ? { role: conn.admission.access.role } : {}),
        }),
      )
      return
    }
    case MessageType.Flush: {
      const seq = readSafeVarUint(decoder)
      expectEnd(decoder)
      if (conn.supportsTrepart) room.handleFlush(conn, seq)
      return
    }
    case MessageType.CommentRequest: {
      // Only a client that said Hello can read the answer; the stock provider never sends one.
      if (!conn.supportsTrepart) throw new ProtocolViolation('comment request before Hello')
      if (!comments) throw new ProtocolViolation('comment requests are not served here')
      const { id, json } = readCommentRequest(decoder, conn.limits.maxCommentRequestBytes)
      expectEnd(decoder)
      // Over the limit: answered as the API answers a body over MAX_BODY_BYTES, never decoded.
      if (json === null) conn.answer(id, comments.refusal('too_large'))
      else
        conn.request(
          id,
          () => comments.answer(conn, json),
          () => comments.refusal('in_flight'),
        )
      return
    }
    default:
      throw new ProtocolViolation(`unknown message type ${type}`)
  }
}
