/**
 * Just enough of the two wire dialects for raw clients: y-websocket (Trepart, the reference
 * server) sends bare messages; Hocuspocus prefixes each with the document name and wants an Auth
 * message before anything else. Everything here is lib0 framing, no Yjs decoding.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export type Protocol = 'y-websocket' | 'hocuspocus'

export const MSG_SYNC = 0
export const MSG_AWARENESS = 1
export const MSG_AUTH = 2
export const MSG_QUERY_AWARENESS = 3
/** Hocuspocus only: a sync message that does not ask for another step 1. */
export const MSG_SYNC_REPLY = 4
/** Hocuspocus only: acknowledges an applied update. */
export const MSG_SYNC_STATUS = 8
/** Trepart only: `Hello`, `Flush`, `Committed`, `ServerEvent` (sent only after a `Hello`). */
export const MSG_HELLO = 100
export const MSG_FLUSH = 101
export const MSG_COMMITTED = 102
export const MSG_SERVER_EVENT = 103
/** Trepart only: a comment write and its answer, after `Hello`. */
export const MSG_COMMENT_REQUEST = 104
export const MSG_COMMENT_ANSWER = 105

export const SYNC_STEP1 = 0
export const SYNC_STEP2 = 1
export const SYNC_UPDATE = 2

/** An update with no structs and no deletions. */
export const EMPTY_UPDATE = new Uint8Array([0, 0])
/** The state vector of an empty document. */
export const EMPTY_STATE_VECTOR = new Uint8Array([0])

export class Wire {
  private readonly prefix: Uint8Array

  constructor(
    readonly protocol: Protocol,
    documentName: string,
  ) {
    const e = encoding.createEncoder()
    if (protocol === 'hocuspocus') encoding.writeVarString(e, documentName)
    this.prefix = encoding.toUint8Array(e)
  }

  private frame(write: (e: encoding.Encoder) => void): Uint8Array {
    const e = encoding.createEncoder()
    encoding.writeUint8Array(e, this.prefix)
    write(e)
    return encoding.toUint8Array(e)
  }

  sync(subType: number, payload: Uint8Array): Uint8Array {
    return this.frame((e) => {
      encoding.writeVarUint(e, MSG_SYNC)
      encoding.writeVarUint(e, subType)
      encoding.writeVarUint8Array(e, payload)
    })
  }

  queryAwareness(): Uint8Array {
    return this.frame((e) => encoding.writeVarUint(e, MSG_QUERY_AWARENESS))
  }

  /** Hocuspocus: the Auth/Token message its provider sends first (no token configured). */
  auth(): Uint8Array {
    return this.frame((e) => {
      encoding.writeVarUint(e, MSG_AUTH)
      encoding.writeVarUint(e, 0)
      encoding.writeVarString(e, '')
    })
  }

  /** Trepart: `Hello(1)` and `Flush(seq)`. */
  hello(): Uint8Array {
    return this.frame((e) => {
      encoding.writeVarUint(e, MSG_HELLO)
      encoding.writeVarUint(e, 1)
    })
  }

  flush(seq: number): Uint8Array {
    return this.frame((e) => {
      encoding.writeVarUint(e, MSG_FLUSH)
      encoding.writeVarUint(e, seq)
    })
  }

  /** Trepart: a comment write (`json`: the request as the web app sends it) under request id `id`. */
  commentRequest(id: number, json: string): Uint8Array {
    return this.frame((e) => {
      encoding.writeVarUint(e, MSG_COMMENT_REQUEST)
      encoding.writeVarUint(e, id)
      encoding.writeVarString(e, json)
    })
  }

  /** Frames a client sends right after the socket opens, ending with its sync step 1. */
  opening(stateVector: Uint8Array = EMPTY_STATE_VECTOR): Uint8Array[] {
    const step1 = this.sync(SYNC_STEP1, stateVector)
    return this.protocol === 'hocuspocus' ? [this.auth(), step1] : [step1]
  }

  /** A decoder positioned at the message type. */
  open(data: Uint8Array): decoding.Decoder {
    const d = decoding.createDecoder(data)
    if (this.protocol === 'hocuspocus') decoding.readVarString(d)
    return d
  }
}
