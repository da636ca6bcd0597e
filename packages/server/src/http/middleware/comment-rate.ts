/**
 * How often one user may write to comment threads (start, reply, edit, delete, resolve, reopen):
 * a token bucket per user, `COMMENT_WRITES_PER_MINUTE` with bursts of `COMMENT_WRITES_BURST`;
 * past it, 429 `comment.rate_limited` with Retry-After. Every such write is stored, announced to
 * every open client that may see it and counted, so without a bound one account could keep the
 * server, the database and everyone's sockets busy. Buckets that have refilled are forgotten, so
 * the map holds only users who wrote within the last burst's refill time.
 */
import { ErrorId } from '@trepart/shared'
import type { MiddlewareHandler } from 'hono'
import { TokenBucket } from '../../collab/token-bucket.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'

export interface CommentRateLimits {
  commentWritesPerMinute: number
  commentWritesBurst: number
}

export class CommentWriteRate {
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastAt: number }>()
  private readonly perSecond: number
  private readonly burst: number
  /** How long a bucket takes to refill from empty: after that a forgotten one is as good as new. */
  private readonly refillMs: number

  constructor(limits: CommentRateLimits) {
    this.perSecond = limits.commentWritesPerMinute / 60
    this.burst = limits.commentWritesBurst
    this.refillMs = Math.ceil((this.burst / this.perSecond) * 1000)
  }

  /** Users with a bucket now (leak checks). */
  get size(): number {
    return this.buckets.size
  }

  /** Takes one write for `userId`; false when they have none left. */
  take(userId: string, now = Date.now()): boolean {
    if (this.buckets.size > 1000) this.forgetRefilled(now)
    let entry = this.buckets.get(userId)
    if (!entry) {
      entry = { bucket: new TokenBucket(this.perSecond, this.burst), lastAt: now }
      this.buckets.set(userId, entry)
    }
    entry.lastAt = now
    return entry.bucket.take()
  }

  /** Seconds until one more write is allowed (for Retry-After). */
  get retryAfterSeconds(): number {
    return Math.max(1, Math.ceil(1 / this.perSecond))
  }

  private forgetRefilled(now: number): void {
    for (const [user, entry] of this.buckets)
      if (now - entry.lastAt >= this.refillMs) this.buckets.delete(user)
  }

  /** The middleware for the write routes: after the session check, before anything is read. */
  middleware(): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      const auth = c.var.auth
      if (!auth) throw errors.unauthenticated()
      if (!this.take(auth.user.id)) {
        throw new ApiError(429, ErrorId.CommentRateLimited, 'Too many comment writes; wait a moment', {
          'retry-after': String(this.retryAfterSeconds),
        })
      }
      await next()
    }
  }
}
