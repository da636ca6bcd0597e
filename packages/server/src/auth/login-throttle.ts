/**
 * Failed logins are throttled per account and per client address: after a few free attempts each
 * further one must wait a growing delay, answered with 429 and Retry-After. Never a hard lockout —
 * anyone could otherwise lock a councillor out before a meeting. Unknown emails are counted like
 * known ones, so the answer never tells whether an account exists. Counts live in the database so
 * they hold across restarts and instances.
 *
 * Each attempt reserves its failure before the password is checked, with a compare-and-swap on the
 * key's row (one statement, no transaction held across the slow argon2 check): parallel attempts
 * cannot all pass the check before any failure is counted, and concurrent failures never overwrite
 * each other's count. A wrong password leaves the reservation standing as the failure; a right one
 * gives it back, so an office behind one NAT address can sign in all day. A refused attempt writes
 * nothing: a throttled hammerer neither adds failures nor pushes the real user's wait out. A crash
 * during the check leaves the reservation counted, which is forgotten like any failure.
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

interface Counted {
  failures: number
  last_failure_at: number
}

/** One key's reservation: the row before it (null: there was none) and the row it wrote. */
interface Reserved {
  key: string
  before: Counted | null
  after: Counted
}

/** An attempt whose failures are reserved; say how the password check ended. */
export interface ThrottledAttempt {
  /** The password was right: the reservations are given back and the account's count is cleared. */
  succeeded(): Promise<void>
  /** The password was wrong: the reservations stay as the failures. */
  failed(): Promise<void>
  /** The check did not happen (an error): the reservations are given back. */
  abandoned(): Promise<void>
}

export type Admission = { attempt: ThrottledAttempt } | { waitMs: number }

export class LoginThrottle {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: ThrottleSettings,
  ) {}

  /**
   * Reserves one failure on `accountKey` and on each of `otherKeys` (the client address), or
   * answers how long the caller must still wait when any of them is throttled. A success clears
   * `accountKey` outright and gives back the reservation on the others: one good login must not
   * wipe an address that guesses widely.
   */
  async begin(accountKey: string, otherKeys: string[]): Promise<Admission> {
    const keys = [accountKey, ...otherKeys]
    // Refuse without writing when any key already has to wait, so a refusal changes nothing.
    const rows = await this.db
      .selectFrom('login_failures')
      .select(['failures', 'last_failure_at'])
      .where('key', 'in', keys)
      .execute()
    const now = Date.now()
    const waitMs = Math.max(0, ...rows.map((row) => this.waitMs(row, now)))
    if (waitMs > 0) return { waitMs }

    const reserved: Reserved[] = []
    for (const key of keys) {
      const result = await this.reserve(key)
      if ('waitMs' in result) {
        // Another attempt took the last free one meanwhile: undo ours, so this refusal counts nothing.
        await this.giveBack(reserved)
        return result
      }
      reserved.push(result)
    }
    return {
      attempt: {
        succeeded: async () => {
          await this.giveBack(reserved.filter((r) => r.key !== accountKey))
          await this.db.deleteFrom('login_failures').where('key', '=', accountKey).execute()
        },
        failed: () => this.forgetOld(),
        abandoned: () => this.giveBack(reserved),
      },
    }
  }

  /** Milliseconds a key with `row` must still wait before another attempt (0: go ahead). */
  private waitMs(row: Counted, now: number): number {
    if (now - row.last_failure_at > this.settings.resetAfterMs) return 0
    const over = row.failures - this.settings.freeAttempts
    if (over < 0) return 0
    const delay = Math.min(this.settings.maxDelayMs, this.settings.baseDelayMs * 2 ** over)
    return Math.max(0, row.last_failure_at + delay - now)
  }

  /** Counts one failure on `key` unless it must wait; retried until its compare-and-swap wins. */
  private async reserve(key: string): Promise<Reserved | { waitMs: number }> {
    // Each lost race means another attempt's write won, so this loop always makes progress.
    for (;;) {
      const row = await this.db
        .selectFrom('login_failures')
        .select(['failures', 'last_failure_at'])
        .where('key', '=', key)
        .executeTakeFirst()
      const now = Date.now()
      if (row) {
        const waitMs = this.waitMs(row, now)
        if (waitMs > 0) return { waitMs }
      }
      const live = row !== undefined && now - row.last_failure_at <= this.settings.resetAfterMs
      const after = { failures: live ? row.failures + 1 : 1, last_failure_at: now }
      if (!row) {
        const inserted = await this.db
          .insertInto('login_failures')
          .values({ key, ...after })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) return { key, before: null, after }
      } else {
        const updated = await this.db
          .updateTable('login_failures')
          .set(after)
          .where('key', '=', key)
          .where('failures', '=', row.failures)
          .where('last_failure_at', '=', row.last_failure_at)
          .executeTakeFirst()
        if (Number(updated.numUpdatedRows) === 1) return { key, before: row, after }
      }
    }
  }

  /**
   * Undoes reservations: the row goes back to exactly what it was when nothing touched it since;
   * otherwise (another attempt on the key overlapped) only our one failure is taken off the count.
   */
  private async giveBack(reserved: Reserved[]): Promise<void> {
    for (const { key, before, after } of reserved) {
      const restored = before
        ? (
            await this.db
              .updateTable('login_failures')
              .set(before)
              .where('key', '=', key)
              .where('failures', '=', after.failures)
              .where('last_failure_at', '=', after.last_failure_at)
              .executeTakeFirst()
          ).numUpdatedRows
        : (
            await this.db
              .deleteFrom('login_failures')
              .where('key', '=', key)
              .where('failures', '=', after.failures)
              .where('last_failure_at', '=', after.last_failure_at)
              .executeTakeFirst()
          ).numDeletedRows
      if (Number(restored) === 1) continue
      await this.db
        .updateTable('login_failures')
        .set((eb) => ({ failures: eb('failures', '-', 1) }))
        .where('key', '=', key)
        .where('failures', '>', 0)
        .execute()
    }
  }

  /** Forgets what no longer counts, so guessed emails do not pile up forever (by the time index). */
  private async forgetOld(): Promise<void> {
    await this.db
      .deleteFrom('login_failures')
      .where('last_failure_at', '<', Date.now() - this.settings.resetAfterMs)
      .execute()
  }
}
