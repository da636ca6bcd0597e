/**
 * Failed logins are throttled per account and per client address: after a few free attempts each
 * further one must wait a growing delay, answered with 429 and Retry-After. Never a hard lockout —
 * anyone could otherwise lock a councillor out before a meeting. Unknown emails are counted like
 * known ones, so the answer never tells whether an account exists. Counts live in the database so
 * they hold across restarts and instances.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../store/schema.js'

export interface ThrottleSettings {
  freeAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  /** Failures older than this are forgotten. */
  resetAfterMs: number
}

export class LoginThrottle {
  /** One attempt at a time per key, so parallel guesses cannot all pass the check before any failure is counted. */
  private readonly inFlight = new Map<string, Promise<unknown>>()

  /**
   * Runs `attempt` after every earlier attempt on `key` (on this instance) has finished. Across
   * instances a burst could still overlap; the counts in the database bound it.
   */
  async serialize<T>(key: string, attempt: () => Promise<T>): Promise<T> {
    const previous = this.inFlight.get(key) ?? Promise.resolve()
    const run = previous.then(attempt, attempt)
    const settled = run.then(
      () => {},
      () => {},
    )
    this.inFlight.set(key, settled)
    void settled.then(() => {
      if (this.inFlight.get(key) === settled) this.inFlight.delete(key)
    })
    return run
  }

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: ThrottleSettings,
  ) {}

  /** Milliseconds the caller must still wait before another attempt (0: go ahead). */
  async waitMs(keys: string[], now = Date.now()): Promise<number> {
    const rows = await this.db.selectFrom('login_failures').selectAll().where('key', 'in', keys).execute()
    let wait = 0
    for (const row of rows) {
      if (now - row.last_failure_at > this.settings.resetAfterMs) continue
      const over = row.failures - this.settings.freeAttempts
      if (over < 0) continue
      const delay = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** over)
      wait = Math.max(wait, row.last_failure_at + delay - now)
    }
    return Math.max(0, wait)
  }

  async recordFailure(keys: string[], now = Date.now()): Promise<void> {
    // Forget what no longer counts, so guessed emails do not pile up forever.
    await this.db
      .deleteFrom('login_failures')
      .where('last_failure_at', '<', now - this.settings.resetAfterMs)
      .execute()
    for (const key of keys) {
      const row = await this.db
        .selectFrom('login_failures')
        .selectAll()
        .where('key', '=', key)
        .executeTakeFirst()
      const failures = row && now - row.last_failure_at <= this.settings.resetAfterMs ? row.failures + 1 : 1
      await this.db
        .insertInto('login_failures')
        .values({ key, failures, last_failure_at: now })
        .onConflict((oc) => oc.column('key').doUpdateSet({ failures, last_failure_at: now }))
        .execute()
    }
  }

  async recordSuccess(accountKey: string): Promise<void> {
    // Only the account's count is cleared: one success must not wipe an address that guesses widely.
    await this.db.deleteFrom('login_failures').where('key', '=', accountKey).execute()
  }
}
