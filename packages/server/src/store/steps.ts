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
