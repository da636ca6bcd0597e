/**
 * How often one user may do something costly: a token bucket per user (`perMinute`, bursts of
 * `burst`); past it, 429 with the given error id and Retry-After. Comment writes (each is stored,
 * announced to every open client that may see it and counted) have one; costly document actions
 * (sign-off steps, versions, diffs, exports, share links: each copies, hashes or compares whole
 * documents) another. Buckets that have refilled are forgotten, so the map holds only users who
 * acted within the last burst's refill time.
 */
import type { MiddlewareHandler } from 'hono'
import { TokenBucket } from '../../collab/token-bucket.js'
import type { AppEnv } from '../context.js'
import { ApiError, errors } from '../errors.js'

export interface UserRateLimits {
  perMinute: number
  burst: number
  /** The 429's error id and message. */
  errorId: string
  message: string
}

export class UserRate {
  private readonly buckets = new Map<string, { bucket: TokenBucket; lastAt: number }>()
  private readonly perSecond: number
  private readonly burst: number
  /** How long a bucket takes to refill from empty: after that a forgotten one is as good as new. */
  private readonly refillMs: number

  constructor(private readonly limits: UserRateLimits) {
    this.perSecond = limits.perMinute / 60
    this.burst = limits.burst
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

  /** The 429 a user without a write left gets, with Retry-After. */
  refusal(): ApiError {
    return new ApiError(429, this.limits.errorId, this.limits.message, {
      'retry-after': String(this.retryAfterSeconds),
    })
  }

  /** The middleware for the limited routes: after the session check, before anything is read. */
  middleware(): MiddlewareHandler<AppEnv> {
    return async (c, next) => {
      const auth = c.var.auth
      if (!auth) throw errors.unauthenticated()
      if (!this.take(auth.user.id)) throw this.refusal()
      await next()
    }
  }
}
