/**
 * Transactions written once, as steps, for both databases. A transaction's body is a generator
 * that yields its statements (built with Kysely, compiled) and gets each one's answer back: on
 * SQLite the runner runs them all synchronously inside one better-sqlite3 transaction, as the
 * update log's append does (`OpenDatabase.sqliteAppend`); on PostgreSQL, and on SQLite while one
 * of Kysely's transactions is open on the connection (its statements are awaited one by one, so
 * a transaction of ours would land inside it), through Kysely's transaction.
 *
 * Why: a comment's write is six statements beside every keystroke, and through Kysely each is a
 * round of promises, its connection lock and its result transform: about 0.45 ms of a comment's
 * event loop time alone, 0.95 ms in the busy day (docs/performance.md). Synchronous, it is the
 * statements' own work.
 */
import type { Compilable, CompiledQuery, Kysely } from 'kysely'
import type { Database } from './schema.js'

export type Step = { kind: 'first'; query: CompiledQuery } | { kind: 'run'; query: CompiledQuery }

/** A transaction's body: yields statements, answers its result. */
export type Steps<T> = Generator<Step, T, unknown>

/** The first row `query` answers, or undefined. */
export function* first<R>(query: Compilable<R>): Steps<R | undefined> {
  return (yield { kind: 'first', query: query.compile() }) as R | undefined
}

/** Runs `query`, a write whose result nothing reads. */
export function* run(query: Compilable<unknown>): Steps<void> {
  yield { kind: 'run', query: query.compile() }
}

/** What the runner needs of a SQLite connection (store/database.ts makes it). */
export interface SqliteSync {
  /** Whether a transaction is open on the connection now (one of Kysely's, between statements). */
  readonly inTransaction: boolean
  /** Runs `fn` inside BEGIN … COMMIT (ROLLBACK when it throws), synchronously. */
  transaction<T>(fn: () => T): T
  /** The first row of `sql` (prepared once per text), or undefined. */
  first(sql: string, parameters: readonly unknown[]): unknown
  run(sql: string, parameters: readonly unknown[]): void
}

export class StepRunner {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlite?: SqliteSync,
  ) {}

  /** Runs the body that `steps` makes in one transaction; answers what it returns. */
  async transaction<T>(steps: () => Steps<T>): Promise<T> {
    const sqlite = this.sqlite
    if (sqlite && !sqlite.inTransaction) {
      return sqlite.transaction(() => {
        const body = steps()
        let next = body.next()
        while (!next.done) {
          const { kind, query } = next.value
          next = body.next(
            kind === 'first'
              ? sqlite.first(query.sql, query.parameters)
              : sqlite.run(query.sql, query.parameters),
          )
        }
        return next.value
      })
    }
    return this.db.transaction().execute(async (trx) => {
      const body = steps()
      let next = body.next()
      while (!next.done) {
        const { kind, query } = next.value
        const result = await trx.executeQuery(query)
        next = body.next(kind === 'first' ? result.rows[0] : undefined)
      }
      return next.value
    })
  }
}
