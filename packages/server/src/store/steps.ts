/**
 * Transactions (and reads) written once, as steps, for both databases. A body is a generator that
 * yields its statements (built with Kysely, compiled; `shape` builds each once) and gets each
 * one's answer back:
 * - on SQLite the runner runs them all synchronously inside one better-sqlite3 transaction, as
 *   the update log's append does (`OpenDatabase.sqliteAppend`), or without one for reads;
 * - on SQLite while one of Kysely's transactions is open on the connection (its statements are
 *   awaited one by one, so a transaction of ours would land inside it), through Kysely, after it;
 * - on PostgreSQL, BEGIN … COMMIT by hand on one pooled connection, BEGIN sent together with the
 *   transaction's first step when that is a {@link lock} (one round trip for both).
 *
 * Why: a comment's write is several statements beside every keystroke. Through Kysely each was a
 * round of promises, its connection lock and its result transform: about 0.45 ms of a comment's
 * event loop time alone, 0.95 ms in the busy day (docs/performance.md); synchronous, it is the
 * statements' own work. On PostgreSQL each statement is a round trip, parsed and planned by the
 * server on the same cores as the keystrokes: the fewer, the better.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely'
import type pg from 'pg'
import type { Database } from './schema.js'

export type Step =
  | { kind: 'first'; query: CompiledQuery }
  | { kind: 'all'; query: CompiledQuery }
  | { kind: 'run'; query: CompiledQuery }
  | { kind: 'lock'; space: number; key: number; timeoutMs: number }

/** A transaction's body: yields statements, answers its result. */
export type Steps<T> = Generator<Step, T, unknown>

/** `T`'s fields under names that start with `P`: one statement's values holding several rows. */
export type Prefixed<P extends string, T> = { [K in keyof T & string as `${P}${K}`]: T[K] }

/** `row`'s fields under `prefix`, for a statement (`shape`) that writes several rows at once. */
export function prefixed<P extends string, T extends object>(prefix: P, row: T): Prefixed<P, T> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [prefix + k, v])) as Prefixed<P, T>
}

/** The row under `prefix` in such a statement's values, by its own field names. */
export function unprefixed<T>(prefix: string, values: object): T {
  const row: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(values)) if (k.startsWith(prefix)) row[k.slice(prefix.length)] = v
  return row as T
}

/** The first row `query` answers, or undefined. */
export function* first<R>(query: Compilable<R>): Steps<R | undefined> {
  return (yield { kind: 'first', query: query.compile() }) as R | undefined
}

/** Every row `query` answers. */
export function* all<R>(query: Compilable<R>): Steps<R[]> {
  return (yield { kind: 'all', query: query.compile() }) as R[]
}

/** Runs `query`, a write whose result nothing reads. */
export function* run(query: Compilable<unknown>): Steps<void> {
  yield { kind: 'run', query: query.compile() }
}

/**
 * Takes the transaction's lock on `name` in `space` (a number of its own per kind of lock, apart
 * from the one-key advisory locks elsewhere): PostgreSQL's `pg_advisory_xact_lock`, held until the
 * transaction ends. Nothing on SQLite (`timeoutMs` included), which runs one write transaction at
 * a time anyway. Advisory locks are the whole database's, not a schema's, and two names may share
 * a key (a 32-bit hash): such writes only wait for each other, never more.
 *
 * Bounds, for the rest of the transaction, each wait for a lock (this one and every one after it:
 * its `lock_timeout`) and each pause of the transaction between statements (its
 * `idle_in_transaction_session_timeout`, past which PostgreSQL ends the session and with it the
 * lock) to `timeoutMs`. A wait past it rolls the transaction back and fails with
 * {@link LockTimeout}. Why: every waiter holds a pooled connection, and a holder whose instance
 * stalled would otherwise keep the lock until TCP noticed, hours perhaps.
 */
export function* lock(space: number, name: string, timeoutMs: number): Steps<void> {
  yield { kind: 'lock', space, key: lockKey(name), timeoutMs }
}

/**
 * A write that waited longer than its `timeoutMs` for a lock (or for its turn) and was rolled back:
 * nothing of it was written.
 */
export class LockTimeout extends Error {
  override name = 'LockTimeout'
  constructor(
    /** How long it waited: what a retry had best wait too. */
    readonly timeoutMs: number,
    options?: { cause: unknown },
  ) {
    super(`waited longer than ${timeoutMs} ms for a lock`, options)
  }
}

/** PostgreSQL's code for a statement cancelled by its `lock_timeout` (lock_not_available). */
const LOCK_NOT_AVAILABLE = '55P03'

/** The key {@link lock} takes for `name`: FNV-1a over its UTF-16 code units, as a signed int4. */
export function lockKey(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h | 0
}

/**
 * The statements that bound the transaction's waits and take a lock: every number is an int4 the
 * runner or a setting made, never text from outside, and each is checked before it is written.
 */
function lockSql(step: { space: number; key: number; timeoutMs: number }): string {
  for (const n of [step.space, step.key]) {
    if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new Error(`lock: ${n} is no int4`)
  }
  const ms = step.timeoutMs
  if (!Number.isInteger(ms) || ms < 1 || ms > 0x7fffffff)
    throw new Error(`lock: timeout ${ms} is no int4 over 0`)
  // `set local`: for this transaction only; the pooled connection's next one starts without them.
  return (
    `set local lock_timeout = ${ms}; set local idle_in_transaction_session_timeout = ${ms}; ` +
    `select pg_advisory_xact_lock(${step.space}, ${step.key})`
  )
}

/**
 * A statement built by Kysely's builders once, not on every use: the first use calls `build` with
 * a placeholder for each of `values`, and every use binds the values given where the placeholders
 * went. Building was two thirds of a comment's write (the profile in docs/performance.md).
 *
 * Every value that varies must come through `values` (one written into `build` stays what it was
 * the first time), each use must give the same keys, and none may be undefined (Kysely leaves an
 * undefined column out of an insert: another shape).
 */
export function shape<V extends object, R>(
  build: (values: V) => Compilable<R>,
): (values: V) => Compilable<R> {
  let compiled: {
    sql: string
    query: CompiledQuery['query']
    queryId: CompiledQuery['queryId']
    keys: Array<keyof V>
  } | null = null
  return (values) => {
    if (compiled === null) {
      const keyOf = new Map<unknown, keyof V>()
      const placeholders = {} as Record<keyof V, unknown>
      for (const key of Object.keys(values) as Array<keyof V>) {
        const placeholder = { placeholder: key }
        keyOf.set(placeholder, key)
        placeholders[key] = placeholder
      }
      const first = build(placeholders as V).compile()
      const keys = first.parameters.map((p) => {
        const key = keyOf.get(p)
        if (key === undefined) throw new Error(`shape: a value not given through its values in ${first.sql}`)
        return key
      })
      compiled = { sql: first.sql, query: first.query, queryId: first.queryId, keys }
    }
    const { sql, query, queryId, keys } = compiled
    const parameters = keys.map((key) => {
      const value: unknown = values[key]
      if (value === undefined) throw new Error(`shape: ${String(key)} is undefined in ${sql}`)
      return value
    })
    return { compile: () => ({ sql, query, queryId, parameters }) }
  }
}

/** What the runner needs of a SQLite connection (store/database.ts makes it). */
export interface SqliteSync {
  /** Whether a transaction is open on the connection now (one of Kysely's, between statements). */
  readonly inTransaction: boolean
  /** Runs `fn` inside BEGIN … COMMIT (ROLLBACK when it throws), synchronously. */
  transaction<T>(fn: () => T): T
  /** The first row of `sql` (prepared once per text), or undefined. */
  first(sql: string, parameters: readonly unknown[]): unknown
  /** Every row of `sql`. */
  all(sql: string, parameters: readonly unknown[]): unknown[]
  run(sql: string, parameters: readonly unknown[]): void
}

/**
 * The database a runner's bodies run on: SQLite with its synchronous side (store/database.ts),
 * or PostgreSQL's pool, whose clients the runner takes itself.
 */
export type StepDatabase = { dialect: 'sqlite'; sqlite: SqliteSync } | { dialect: 'postgres'; pool: pg.Pool }

/**
 * BEGIN as a transaction of steps starts: read committed whatever the server's default, since
 * the lock taken first is what keeps the reads after it current (under repeatable read their
 * snapshot would date from before the wait).
 */
const BEGIN = 'begin isolation level read committed'

export class StepRunner {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly database: StepDatabase,
  ) {}

  /** Runs the body that `steps` makes in one transaction; answers what it returns. */
  async transaction<T>(steps: () => Steps<T>): Promise<T> {
    const database = this.database
    if (database.dialect === 'postgres') return this.onPostgres(database.pool, steps)
    const { sqlite } = database
    // Locks are PostgreSQL's: SQLite runs one write transaction at a time anyway.
    if (!sqlite.inTransaction) return sqlite.transaction(() => driveSync(steps(), onSqlite(sqlite, skipLock)))
    return this.db.transaction().execute((trx) => drive(steps(), throughKysely(trx, skipLock)))
  }

  /**
   * Runs a body of reads outside any transaction: synchronously on SQLite, unless one of
   * Kysely's transactions is open on the connection (a read there would see its uncommitted
   * writes): then through Kysely, which waits for it. Through the pool on PostgreSQL. A body
   * that locks is refused: a lock outside a transaction would be held by nobody.
   */
  async read<T>(steps: () => Steps<T>): Promise<T> {
    const database = this.database
    if (database.dialect === 'sqlite' && !database.sqlite.inTransaction)
      return driveSync(steps(), onSqlite(database.sqlite, refuseLock))
    return drive(steps(), throughKysely(this.db, refuseLock))
  }

  /**
   * On one pooled connection, BEGIN … COMMIT by hand, so that BEGIN can go with the first lock
   * (one simple query of several statements: it carries no parameters). ROLLBACK on any error;
   * a lock waited for past its timeout fails as {@link LockTimeout}.
   */
  private async onPostgres<T>(pool: pg.Pool, steps: () => Steps<T>): Promise<T> {
    const client = await pool.connect()
    // Begun before the first round trip: a BEGIN whose lock failed must still be rolled back.
    let begun = false
    // Given back to the pool unless a ROLLBACK failed: then ended, as a connection that may still
    // be inside the transaction (and hold its lock) must never serve another one.
    let broken: Error | undefined
    // The bound of the transaction's lock waits, once a lock step has set it.
    let lockWait: number | undefined
    try {
      const result = await drive(steps(), async (step) => {
        const opening = !begun
        begun = true
        if (step.kind === 'lock') {
          lockWait = step.timeoutMs
          // A simple query of several statements (no parameters): one round trip.
          await client.query(opening ? `${BEGIN}; ${lockSql(step)}` : lockSql(step))
          return undefined
        }
        if (opening) await client.query(BEGIN)
        return answerOf(step, (await client.query(step.query.sql, [...step.query.parameters])).rows)
      })
      if (begun) {
        // PostgreSQL answers COMMIT with ROLLBACK when an error had aborted the transaction.
        const done = await client.query('commit')
        if (done.command === 'ROLLBACK') throw new Error('the transaction was rolled back at its commit')
      }
      return result
    } catch (error) {
      if (begun) {
        await client.query('rollback').catch((rollbackError: Error) => {
          broken = rollbackError
        })
      }
      if (error instanceof Error && 'code' in error && error.code === LOCK_NOT_AVAILABLE && lockWait)
        throw new LockTimeout(lockWait, { cause: error })
      throw error
    } finally {
      client.release(broken ?? false)
    }
  }
}

/** What a step is answered: its rows as it asked for them, or nothing (a write, a lock). */
type Answer = (step: Step) => unknown

/** A transaction's answer to a lock where there are none to take (SQLite). */
function skipLock(): undefined {
  return undefined
}

/** A read's answer to a lock: a lock outside a transaction would be held by nobody. */
function refuseLock(): never {
  throw new Error('read: a lock outside a transaction')
}

/** Runs `body`, each step answered at once by `answer`. */
function driveSync<T>(body: Steps<T>, answer: Answer): T {
  let next = body.next()
  while (!next.done) next = body.next(answer(next.value))
  return next.value
}

/** Runs `body`, each step answered by `answer` in its own time. */
async function drive<T>(body: Steps<T>, answer: (step: Step) => Promise<unknown>): Promise<T> {
  let next = body.next()
  while (!next.done) next = body.next(await answer(next.value))
  return next.value
}

/** Steps answered on SQLite's connection, synchronously; `onLock` for their locks. */
function onSqlite(sqlite: SqliteSync, onLock: () => undefined): Answer {
  return (step) => {
    if (step.kind === 'lock') return onLock()
    const { sql, parameters } = step.query
    if (step.kind === 'first') return sqlite.first(sql, parameters)
    if (step.kind === 'all') return sqlite.all(sql, parameters)
    return sqlite.run(sql, parameters)
  }
}

/** Steps answered through Kysely (a transaction or the pool); `onLock` for their locks. */
function throughKysely(
  executor: Pick<Kysely<Database>, 'executeQuery'>,
  onLock: () => undefined,
): (step: Step) => Promise<unknown> {
  return async (step) => {
    if (step.kind === 'lock') return onLock()
    return answerOf(step, (await executor.executeQuery(step.query)).rows)
  }
}

/** What a step answers, from its statement's rows. */
function answerOf(step: Step, rows: readonly unknown[]): unknown {
  return step.kind === 'first' ? rows[0] : step.kind === 'all' ? rows : undefined
}
