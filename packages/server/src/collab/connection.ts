/**
 * One client's connection to one room: its socket, what it may do, the awareness ids it owns, its
 * awareness rate limit, and the promise of its latest write (for "committed up to here").
 * Messages that arrive while the room is still loading are queued here, up to a limit.
 */
import { CloseCode, closeCodeId, encodeCommentAnswer } from '@trepart/shared'
import type { Logger } from 'pino'
import type { CommentAnswer } from './comment-requests.js'
import type { Admission, CollabSocket } from './socket.js'
import { TokenBucket } from './token-bucket.js'

export interface ConnectionLimits {
  awarenessUpdatesPerSecond: number
  awarenessBurst: number
  maxPendingMessages: number
  maxPendingBytes: number
  syncRequestsPerSecond: number
  syncRequestsBurst: number
  maxCommentRequestsInFlight: number
  /** The longest comment request's JSON, in bytes (MAX_BODY_BYTES, as for the API's bodies). */
  maxCommentRequestBytes: number
}

let nextConnectionId = 1

export class Connection {
  readonly id = nextConnectionId++
  readonly awarenessIds = new Set<number>()
  /** Set when the client sent `Hello`: it understands Trepart's own message types. */
  supportsTrepart = false
  closed = false
  /** Writes handed to the committer, and how many of those were committed or failed since. */
  private writesSubmitted = 0
  private writesSettled = 0
  /** Callbacks waiting for the writes submitted before them; in submission order. */
  private readonly settleWaiters: Array<{ after: number; run: () => void }> = []
  /** Frames received before the room was ready. */
  private pendingMessages: Uint8Array[] | null = []
  readonly awarenessBucket: TokenBucket
  /** Sync step 1 with a state vector and query-awareness make the server encode a lot: limited. */
  readonly syncRequestBucket: TokenBucket
  /** Bytes of `pendingMessages`. */
  private pendingBytes = 0
  /** Handles frames once the room is ready (see `attach`). */
  private handler: ((data: Uint8Array) => void) | null = null
  private closeListeners: Array<(conn: Connection) => void> = []
  private protocolErrorLogged = false
  /** Comment requests whose answers are still to come. */
  private requestsInFlight = 0

  constructor(
    readonly socket: CollabSocket,
    public admission: Admission,
    readonly documentId: string,
    readonly limits: ConnectionLimits,
    readonly log: Logger,
  ) {
    this.awarenessBucket = new TokenBucket(limits.awarenessUpdatesPerSecond, limits.awarenessBurst)
    this.syncRequestBucket = new TokenBucket(limits.syncRequestsPerSecond, limits.syncRequestsBurst)
  }

  /** A frame from the transport: handled once the room is ready, queued (within limits) until then. */
  receive(data: Uint8Array): void {
    if (this.closed) return
    if (this.handler) {
      this.handler(data)
      return
    }
    const queue = this.pendingMessages
    if (
      queue &&
      queue.length < this.limits.maxPendingMessages &&
      this.pendingBytes + data.byteLength <= this.limits.maxPendingBytes
    ) {
      queue.push(data)
      this.pendingBytes += data.byteLength
      return
    }
    this.protocolError(CloseCode.ProtocolError, 'too much sent while loading')
  }

  /** Starts handling frames with `handler`, first those queued while the room loaded. */
  attach(handler: (data: Uint8Array) => void): void {
    this.handler = handler
    const queued = this.pendingMessages ?? []
    this.pendingMessages = null
    this.pendingBytes = 0
    for (const data of queued) {
      if (this.closed) break
      handler(data)
    }
  }

  writeSubmitted(): void {
    this.writesSubmitted++
  }

  /** Commits settle in submission order (the committer keeps it), so waiters run in order too. */
  writeSettled(): void {
    this.writesSettled++
    while (this.settleWaiters.length > 0 && this.settleWaiters[0]!.after <= this.writesSettled) {
      this.settleWaiters.shift()!.run()
    }
  }

  /**
   * Calls `then` once every write submitted so far has been committed (or has failed). A call made
   * with no write since the previous one still waiting replaces that one, so the waiters stay
   * bounded by the writes in flight however many calls a client causes.
   */
  afterWrites(then: () => void): void {
    if (this.writesSettled >= this.writesSubmitted) {
      then()
      return
    }
    const last = this.settleWaiters.at(-1)
    if (last?.after === this.writesSubmitted) last.run = then
    else this.settleWaiters.push({ after: this.writesSubmitted, run: then })
  }

  /**
   * Runs request `id` and sends its answer, or answers `busy()` at once when
   * `maxCommentRequestsInFlight` are open already. An answer that comes after the socket closed is dropped with it.
   */
  request(id: number, run: () => Promise<CommentAnswer>, busy: () => CommentAnswer): void {
    if (this.requestsInFlight >= this.limits.maxCommentRequestsInFlight) {
      this.answer(id, busy())
      return
    }
    this.requestsInFlight++
    void run()
      .then((answer) => this.answer(id, answer))
      // `run` answers every refusal itself; whatever still goes wrong is logged, never left unhandled.
      .catch((error: unknown) =>
        this.log.error({ err: error, conn: this.id, documentId: this.documentId }, 'comment request failed'),
      )
      .finally(() => {
        this.requestsInFlight--
      })
  }

  /** Sends the answer to request `id` (and closes the connection after it when the answer says so). */
  answer(id: number, answer: CommentAnswer): void {
    this.send(encodeCommentAnswer(id, answer.status, answer.body))
    if (answer.thenClose !== undefined) this.close(answer.thenClose, closeCodeId[answer.thenClose])
  }

  get canWrite(): boolean {
    return this.admission.canWrite
  }

  send(data: Uint8Array): void {
    this.write(data, false)
  }

  /** Sends news no keystroke waits on, soon rather than at once (`CollabSocket.sendSoon`). */
  sendSoon(data: Uint8Array): void {
    this.write(data, true)
  }

  private write(data: Uint8Array, soon: boolean): void {
    if (this.closed) return
    try {
      if (soon && this.socket.sendSoon) this.socket.sendSoon(data)
      else this.socket.send(data)
    } catch (error) {
      this.log.warn({ err: error, conn: this.id }, 'send failed; closing connection')
      this.transportClosed()
    }
  }

  /** Closes the socket with `code`; idempotent. */
  close(code: number, reason: string): void {
    if (this.closed) return
    try {
      this.socket.close(code, reason)
    } catch {
      // The socket is already gone; the close listeners below still clean up.
    }
    this.transportClosed()
  }

  /** Closes for a malformed frame, logging only the first one. */
  protocolError(code: number, reason: string, error?: unknown): void {
    if (!this.protocolErrorLogged) {
      this.protocolErrorLogged = true
      this.log.warn(
        { err: error, conn: this.id, documentId: this.documentId, code },
        `closing connection: ${reason}`,
      )
    }
    this.close(code, reason)
  }

  /** Called by the transport when the socket closed from the other side. Idempotent. */
  transportClosed(): void {
    if (this.closed && this.closeListeners.length === 0) return
    this.closed = true
    this.pendingMessages = null
    const listeners = this.closeListeners
    this.closeListeners = []
    for (const l of listeners) l(this)
  }

  onClose(listener: (conn: Connection) => void): void {
    if (this.closed) listener(this)
    else this.closeListeners.push(listener)
  }
}
