/**
 * Sessions as the Lucia project prescribes: a random token in an HttpOnly cookie, only its SHA-256
 * stored, sliding expiry (renewed once past half its lifetime), a new token on every login,
 * invalidated on logout and on password change. Revocations are published so open websockets of
 * those sessions are closed at once.
 */
import type { Kysely } from 'kysely'
import type { PubSub } from '../pubsub/pubsub.js'
import type { Database } from '../store/schema.js'
import type { UserRow } from '../store/users.js'
import { generateToken, hashToken } from './tokens.js'

export interface Session {
  id: string
  userId: string
  expiresAt: number
}

export interface ValidSession {
  session: Session
  user: UserRow
  /** True when the expiry was pushed out: the cookie must be set again. */
  renewed: boolean
}

export class Sessions {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly pubsub: PubSub,
    private readonly ttlMs: number,
  ) {}

  async create(userId: string): Promise<{ token: string; session: Session }> {
    const token = generateToken()
    const now = Date.now()
    const session = { id: hashToken(token), userId, expiresAt: now + this.ttlMs }
    await this.db
      .insertInto('sessions')
      .values({ id: session.id, user_id: userId, expires_at: session.expiresAt, created_at: now })
      .execute()
    return { token, session }
  }

  async validate(token: string): Promise<ValidSession | null> {
    if (!/^[a-z2-7]{16,64}$/.test(token)) return null
    const id = hashToken(token)
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.expires_at'])
      .where('sessions.id', '=', id)
      .executeTakeFirst()
    if (!row) return null
    const now = Date.now()
    if (row.expires_at <= now) {
      await this.db.deleteFrom('sessions').where('id', '=', id).execute()
      return null
    }
    let expiresAt = row.expires_at
    let renewed = false
    if (expiresAt - now < this.ttlMs / 2) {
      expiresAt = now + this.ttlMs
      renewed = true
      await this.db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute()
    }
    const { session_id: _sid, expires_at: _exp, ...user } = row
    return { session: { id, userId: row.id, expiresAt }, user, renewed }
  }

  /** Whether the session (by its stored id) still exists and has not expired; never renews it. */
  async isActive(sessionId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('id', '=', sessionId)
      .executeTakeFirst()
    return row !== undefined && row.expires_at > Date.now()
  }

  async invalidate(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute()
    this.pubsub.access.publish({ type: 'sessions.revoked', sessionIds: [sessionId] })
  }

  /**
   * Ends a session whose browser got a new token (password change). Its websockets are closed with
   * a retryable code: the browser's tabs reconnect with the new cookie, a stolen copy of the old
   * one is refused.
   */
  async replace(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute()
    this.pubsub.access.publish({ type: 'sessions.replaced', sessionIds: [sessionId] })
  }

  /** Invalidates every session of the user except `keep` (the one changing the password). */
  async invalidateAllOf(userId: string, keep?: string): Promise<void> {
    let q = this.db.selectFrom('sessions').select('id').where('user_id', '=', userId)
    if (keep) q = q.where('id', '!=', keep)
    const ids = (await q.execute()).map((r) => r.id)
    if (ids.length === 0) return
    await this.db.deleteFrom('sessions').where('id', 'in', ids).execute()
    this.pubsub.access.publish({ type: 'sessions.revoked', sessionIds: ids })
  }
}
