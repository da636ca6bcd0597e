/**
 * Server-sent event streams with an owner, a cap and one clean-up. Every stream belongs to a
 * session and a user, and each of them may hold only so many (429 past that); what one stream may
 * have waiting for a slow reader is bounded (past it the stream is cut: the browser reconnects and
 * reloads its lists); and whatever way a stream ends — the client goes away, the socket errors,
 * the route ends it, the session expires, the server stops — its subscription, timer and counts are
 * released exactly once, in a `finally`. Routes only say what to subscribe to.
 */
import type { HttpBindings } from '@hono/node-server'
import { ErrorId } from '@trepart/shared'
import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { AccessEvent } from '../pubsub/pubsub.js'
import { ApiError, errors } from './errors.js'

export interface EventStreamLimits {
  perSession: number
  perUser: number
  /** Bytes written and not yet taken by the reader, past which the stream is cut. */
  maxBufferedBytes: number
  /** Comment lines keep proxies and the browser from timing the stream out. */
  keepAliveMs: number
  /** How long a stream that ended may take to hand its last event over before its socket is cut. */
  endGraceMs: number
}

export interface StreamOwner {
  userId: string
  sessionId: string
  /** The session's expiry: a stream must not outlive its session. */
  expiresAt: number
}

export interface EventSink {
  send(event: string, data: unknown): void
  /**
   * Writes an event already encoded (`event: …\ndata: …\n\n`): one frame shared by every stream
   * it goes to, so a thousand readers of one update hold one copy of it, not a thousand.
   */
  sendFrame(frame: Uint8Array): void
  /** Ends the stream; with a reason, an `ended` event saying it is sent last. */
  end(reason?: string): void
}

/** Starts delivering to `sink`; returns the unsubscribe that runs when the stream ends. */
export type Subscribe = (sink: EventSink) => () => void

/**
 * Whether `event` revokes or replaces the session `sessionId`: every stream of that session ends
 * then, with `session.revoked` either way.
 */
export function endsSession(event: AccessEvent, sessionId: string): boolean {
  return (
    (event.type === 'sessions.revoked' || event.type === 'sessions.replaced') &&
    event.sessionIds.includes(sessionId)
  )
}

export class EventStreams {
  private readonly bySession = new Map<string, number>()
  private readonly byUser = new Map<string, number>()
  private openCount = 0

  constructor(private readonly limits: EventStreamLimits) {}

  /** Streams open right now (tests, metrics). */
  get size(): number {
    return this.openCount
  }

  /** Answers `c` with an event stream fed by `subscribe`, or throws 429 when the owner holds too many. */
  open(c: Context, owner: StreamOwner, subscribe: Subscribe): Response {
    // A HEAD is answered without its body, and the framework never cancels the body it drops:
    // subscribing for one would hold a place and a subscription with no reader until expiry.
    if (c.req.method === 'HEAD') {
      return new Response(null, { status: 200, headers: { 'content-type': 'text/event-stream' } })
    }
    if (
      (this.bySession.get(owner.sessionId) ?? 0) >= this.limits.perSession ||
      (this.byUser.get(owner.userId) ?? 0) >= this.limits.perUser
    ) {
      throw new ApiError(429, ErrorId.TooManyStreams, 'Too many open event streams; close some tabs', {
        'retry-after': String(Math.ceil(this.limits.keepAliveMs / 1000)),
      })
    }
    const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing
    // Without a response object nobody reads the stream and nothing ends it (a request that came
    // in as an upgrade): refuse rather than hold a subscription forever.
    if (!outgoing) throw errors.notFound()
    // Counted from here, released in the stream's `finally`: streamSSE runs its callback at once.
    count(this.bySession, owner.sessionId, 1)
    count(this.byUser, owner.userId, 1)
    this.openCount++
    const signal = c.req.raw.signal
    const { limits } = this

    return streamSSE(c, async (stream) => {
      let finish: (reason: string | null) => void = () => {}
      const finished = new Promise<string | null>((resolve) => {
        finish = resolve
      })
      let ended = false
      let buffered = 0
      let unsubscribe: (() => void) | null = null
      let keepAlive: NodeJS.Timeout | undefined
      const onAbort = () => end(null)
      const end = (reason: string | null) => {
        if (ended) return
        ended = true
        finish(reason)
      }
      /** Writes without waiting; a reader that lets too much pile up is cut. */
      const write = (text: string | Uint8Array) => {
        if (ended) return
        const bytes = typeof text === 'string' ? Buffer.byteLength(text) : text.byteLength
        if (buffered + bytes > limits.maxBufferedBytes) {
          end(null)
          outgoing.destroy()
          return
        }
        buffered += bytes
        void stream.write(text).then(() => {
          buffered -= bytes
        })
      }
      try {
        signal.addEventListener('abort', onAbort)
        stream.onAbort(onAbort)
        if (signal.aborted) return
        unsubscribe = subscribe({
          send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
          sendFrame: (frame) => write(frame),
          end: (reason) => end(reason ?? null),
        })
        keepAlive = setInterval(() => {
          if (Date.now() >= owner.expiresAt) end('session.expired')
          else write(': keep-alive\n\n')
        }, limits.keepAliveMs)
        write('event: ready\ndata: {}\n\n')
        const reason = await finished
        // Say why before closing, so the page can explain it instead of retrying into a 404.
        if (reason && !stream.aborted) {
          // A reader that does not take it within the grace is cut; the stream ends either way.
          let grace: NodeJS.Timeout | undefined
          const cut = new Promise<void>((resolve) => {
            grace = setTimeout(() => {
              outgoing.destroy()
              resolve()
            }, limits.endGraceMs)
          })
          await Promise.race([stream.writeSSE({ event: 'ended', data: JSON.stringify({ reason }) }), cut])
          clearTimeout(grace)
        }
      } finally {
        ended = true
        clearInterval(keepAlive)
        unsubscribe?.()
        signal.removeEventListener('abort', onAbort)
        count(this.bySession, owner.sessionId, -1)
        count(this.byUser, owner.userId, -1)
        this.openCount--
      }
    })
  }
}

function count(map: Map<string, number>, key: string, delta: number): void {
  const n = (map.get(key) ?? 0) + delta
  if (n > 0) map.set(key, n)
  else map.delete(key)
}
