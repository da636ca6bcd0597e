/**
 * Comment writes that come over a collaboration connection (`CommentRequest` frames). The
 * collaboration core only carries them: it admits a request (after `Hello`, within the
 * connection's cap of requests in flight) and sends the answer back on the same connection. What a
 * request may do, and the write itself, are the API's (http/socket-comments.ts).
 */
import type { CloseCode } from '@trepart/shared'
import type { Connection } from './connection.js'

/** An answer as the API would give it: its HTTP status and its JSON body. */
export interface CommentAnswer {
  status: number
  body: unknown
  /** Close the connection with this code once the answer is sent (its session is gone). */
  thenClose?: CloseCode
}

export interface CommentRequests {
  /** Answers `json` (a `CommentRequest` as sent) from `conn`, on `conn`'s document. Never rejects. */
  answer(conn: Connection, json: string): Promise<CommentAnswer>
  /**
   * The answer to a request refused before it is read: its JSON is over the limit (`too_large`),
   * or its connection has all the requests open that it may (`in_flight`).
   */
  refusal(why: 'too_large' | 'in_flight'): CommentAnswer
}
