/**
 * Comment requests over the collaboration connection, answered as the API answers
 * `POST /api/documents/:id/threads` (on the connection's document) and
 * `POST /api/threads/:tid/comments`: the same statuses and bodies, the same writes
 * (comment-writes.ts), the same per-user bucket. (A request both malformed and not allowed is
 * 400 here and 403 there: the JSON is checked first.) What it saves is the HTTP request around
 * the write (parsing, routing, the answer over a second socket), which is most of what a comment
 * costs the event loop that also carries every keystroke (docs/performance.md).
 *
 * Who writes is the connection's: the session and membership admitted at the upgrade and kept
 * current since (a revoked session or removed member is disconnected; a role or party change
 * updates the admission at once), and read again inside the write's transaction, as on the API.
 * A request writes only on the connection's own document: a thread of another document answers
 * 404 like a missing one, and so does another party's internal thread.
 */
import { CloseCode, commentRequestSchema, ErrorId, roleAtLeast } from '@trepart/shared'
import type { Logger } from 'pino'
import type { CommentAnswer, CommentRequests } from '../collab/comment-requests.js'
import type { Connection } from '../collab/connection.js'
import { maySeeThread } from '../comments/visibility.js'
import type { Services } from '../services.js'
import { LockTimeout } from '../store/steps.js'
import { ApiError, apiErrorOf, errorBody, errors, invalidInput } from './errors.js'

/** A refusal as the route would send it. */
const answerOf = (error: ApiError): CommentAnswer => ({
  status: error.status,
  body: errorBody(error.id, error.message),
})

export class SocketComments implements CommentRequests {
  constructor(
    private readonly services: Pick<Services, 'threads' | 'commentWrites'>,
    private readonly log: Logger,
  ) {}

  refusal(why: 'too_large' | 'in_flight'): CommentAnswer {
    const error =
      why === 'too_large'
        ? errors.tooLarge()
        : new ApiError(
            429,
            ErrorId.CommentRateLimited,
            'Too many comment requests at once on this connection',
          )
    return answerOf(error)
  }

  async answer(conn: Connection, json: string): Promise<CommentAnswer> {
    try {
      return await this.write(conn, json)
    } catch (error) {
      // The session ended without its revocation reaching this socket: answered, then closed as
      // the revocation would have (so it cannot go on spending its user's comment bucket).
      const known = apiErrorOf(error)
      if (known?.status === 401) return { ...answerOf(known), thenClose: CloseCode.Unauthorized }
      // Many of these say the database is slow or stuck: the operator hears of them (never the text).
      if (error instanceof LockTimeout)
        this.log.warn({ conn: conn.id, documentId: conn.documentId }, error.message)
      if (known) return answerOf(known)
      // Never the request's text: only where it came from.
      this.log.error({ err: error, conn: conn.id, documentId: conn.documentId }, 'comment request failed')
      return { status: 500, body: errorBody(ErrorId.Internal, 'Internal error') }
    }
  }

  private async write(conn: Connection, json: string): Promise<CommentAnswer> {
    const { principal, access } = conn.admission
    // Members only: a connection without a membership (the collab core's own rooms) has no party.
    if (!access || !principal.workspaceId || !principal.party || !principal.sessionId)
      throw errors.forbidden()
    // (A request's JSON over MAX_BODY_BYTES was answered 413 before it was decoded: message-handler.ts.)
    const { commentWrites, threads } = this.services
    if (!commentWrites.rate.take(principal.id)) throw commentWrites.rate.refusal()
    let parsed: unknown
    try {
      parsed = JSON.parse(json)
    } catch {
      throw errors.invalid('Malformed JSON in request')
    }
    const request = commentRequestSchema.safeParse(parsed)
    if (!request.success) throw invalidInput(request.error.issues)
    // The session is read again inside the write, with the membership, as the API reads it on
    // every request: one revoked while its revocation did not reach this instance (a Redis
    // outage), or expired before its timer closed the socket, writes nothing (401).
    const author = {
      userId: principal.id,
      name: principal.name ?? '',
      workspaceId: principal.workspaceId,
      sessionId: principal.sessionId,
    }
    const party = principal.party
    if (request.data.op === 'thread.create') {
      if (!roleAtLeast(access.role, 'commenter')) throw errors.forbidden()
      const { op: _, ...input } = request.data
      return {
        status: 201,
        body: { thread: await commentWrites.startThread(author, conn.documentId, input) },
      }
    }
    // 404 before 403, as on the API: no status tells that a thread the member may not see exists.
    const thread = await threads.scopeOf(request.data.threadId)
    if (!thread || thread.document_id !== conn.documentId || !maySeeThread({ party }, thread))
      throw errors.notFound()
    if (!roleAtLeast(access.role, 'commenter')) throw errors.forbidden()
    return { status: 201, body: { comment: await commentWrites.reply(author, thread, request.data.body) } }
  }
}
