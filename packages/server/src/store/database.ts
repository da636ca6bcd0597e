/**
 * Opens the database: SQLite (embedded default, a file under DATA_DIR) or PostgreSQL when a URL is
 * given, and migrates it. Durability: SQLite runs in WAL mode with `synchronous=NORMAL` (safe against
 * a killed process) or `FULL` (also safe against power loss); PostgreSQL keeps `synchronous_commit` on.
 */
import fs from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'
import { migrateToLatest } from './migrations.js'
import { OneSchemaPostgresDialect } from './one-schema-introspector.js'
import type { Database, Dialect } from './schema.js'
import { type CheckpointLimits, SqliteCheckpointer } from './sqlite-checkpointer.js'
import type { SqliteSync, StepDatabase } from './steps.js'

export interface DatabaseOptions {
  /** A postgres:// URL; SQLite when absent. */
  databaseUrl?: string | undefined
  /** PostgreSQL schema to use (created if missing); tests give each file its own. */
  pgSchema?: string | undefined
  /** Directory of the SQLite file. */
  dataDir: string
  sqliteSynchronous: 'normal' | 'full'
  sqliteBusyTimeoutMs: number
  /**
   * SQLite: checkpoint the WAL on a worker thread at these thresholds instead of inside a commit
   * on the event loop (see `sqlite-checkpointer.ts`). SQLite's own checkpointing when absent.
   */
  sqliteCheckpoint?: CheckpointLimits | undefined
  log?: Logger | undefined
  /** Pool size for PostgreSQL. */
  pgPoolSize?: number
}

export interface OpenDatabase {
  db: Kysely<Database>
  dialect: Dialect
  /** For SQLite: the file path; for PostgreSQL: undefined. */
  sqliteFile: string | undefined
  /**
   * SQLite only: appends update-log rows synchronously with a cached statement, in one transaction.
   * Returns null, writing nothing, while one of Kysely's transactions is open on the connection (its
   * statements are awaited one by one, so the append would land inside it): then the caller takes
   * Kysely's connection lock and calls again (see `KyselyDocumentStore.append`).
   */
  sqliteAppend?: SqliteAppend
  /** What transactions of steps run on (store/steps.ts): SQLite's synchronous side, or the pool. */
  stepDatabase: StepDatabase
  /** SQLite with `sqliteCheckpoint`: the worker that checkpoints the WAL. */
  checkpointer?: SqliteCheckpointer | undefined
  /** Stops background work and closes the database. */
  close(): Promise<void>
}

export type SqliteAppend = (
  rows: ReadonlyArray<{ documentId: string; data: Uint8Array }>,
  now: number,
) => number[] | null

export const SQLITE_FILE_NAME = 'trepart.sqlite'
/** SQLite's own default for `wal_autocheckpoint`, restored should the checkpoint worker fail. */
const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1000

export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) {
    const schema = options.pgSchema
    if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${schema}`)
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.pgPoolSize ?? 10,
      // bigint columns hold epoch milliseconds and log seqs: well inside Number's exact range.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === pg.types.builtins.INT8
            ? Number
            : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
      },
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    })
    // An idle client that loses its connection emits 'error' on the pool; without a listener that
    // would crash the process. The next query reconnects or fails on its own.
    pool.on('error', () => {})
    // A client checked out with no query running (between a transaction's statements) emits
    // 'error' on itself when its connection dies: the pool does not listen there, so without this
    // a database restart crashes the process. The running transaction fails on its next statement.
    pool.on('connect', (client) => {
      client.on('error', (err) => options.log?.warn({ err: err.message }, 'database connection lost'))
    })
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    // The migrations' own tables in the schema the connections use (a search_path in the URL's
    // `options` included): left unnamed, Kysely's check for them looks in every schema of the
    // database, and takes another deployment's (or test's) tables for this one's.
    const current =
      schema ?? (await pool.query<{ schema: string }>('select current_schema() as schema')).rows[0]?.schema
    // Migrated through a Kysely that introspects that schema only (one-schema-introspector.ts says
    // why); it shares the pool and is never destroyed itself, since that would end the pool.
    const migrating = current
      ? new Kysely<unknown>({ dialect: new OneSchemaPostgresDialect({ pool }, current) })
      : (db as Kysely<unknown>)
    await migrateToLatest(migrating, 'postgres', current ?? undefined)
    return {
      db,
      dialect: 'postgres',
      sqliteFile: undefined,
      stepDatabase: { dialect: 'postgres', pool },
      close: () => db.destroy(),
    }
  }
  fs.mkdirSync(options.dataDir, { recursive: true })
  const file = path.join(options.dataDir, SQLITE_FILE_NAME)
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  sqlite.pragma(`busy_timeout = ${options.sqliteBusyTimeoutMs}`)
  sqlite.pragma('foreign_keys = ON')
  const cached = withStatementCache(sqlite)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }) })
  await migrateToLatest(db as Kysely<unknown>, 'sqlite')
  const insert = sqlite.prepare(
    'INSERT INTO document_updates (document_id, data, created_at) VALUES (?, ?, ?)',
  )
  const appendAll = sqlite.transaction(
    (rows: ReadonlyArray<{ documentId: string; data: Uint8Array }>, now: number) =>
      rows.map((r) => Number(insert.run(r.documentId, r.data, now).lastInsertRowid)),
  )
  let checkpointer: SqliteCheckpointer | undefined
  if (options.sqliteCheckpoint) {
    sqlite.pragma('wal_autocheckpoint = 0')
    checkpointer = new SqliteCheckpointer(
      file,
      options.sqliteCheckpoint,
      options.sqliteBusyTimeoutMs,
      () => sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`),
      options.log,
    )
  }
  const sqliteAppend: SqliteAppend = (rows, now) => {
    if (sqlite.inTransaction) return null
    // One row (most commits when edits are not bursting) needs no BEGIN/COMMIT of its own: a lone
    // statement is its own transaction, and that is two fewer statements on every edit's path.
    const only = rows.length === 1 ? rows[0] : undefined
    const seqs = only
      ? [Number(insert.run(only.documentId, only.data, now).lastInsertRowid)]
      : appendAll(rows, now)
    if (checkpointer) {
      let bytes = 0
      for (const r of rows) bytes += r.data.byteLength
      checkpointer.noteCommit(bytes)
    }
    return seqs
  }
  const inTransaction = sqlite.transaction((fn: () => unknown) => fn())
  const sqliteSync: SqliteSync = {
    get inTransaction() {
      return sqlite.inTransaction
    },
    transaction: <T>(fn: () => T) => inTransaction(fn) as T,
    first: (source, parameters) => cached.prepare(source).get(...parameters),
    all: (source, parameters) => cached.prepare(source).all(...parameters),
    run: (source, parameters) => {
      cached.prepare(source).run(...parameters)
    },
  }
  return {
    db,
    dialect: 'sqlite',
    sqliteFile: file,
    sqliteAppend,
    stepDatabase: { dialect: 'sqlite', sqlite: sqliteSync },
    checkpointer,
    async close() {
      // The worker's connection first: the last connection to close checkpoints and removes the WAL.
      await checkpointer?.close()
      await db.destroy()
    },
  }
}

/** Statements kept per SQL text; the app issues a bounded set of distinct queries. */
const MAX_CACHED_STATEMENTS = 500

/**
 * Kysely prepares every query anew; on the hot paths (each group commit, each websocket upgrade)
 * that was a tenth of the server's CPU. better-sqlite3 statements are reusable and, the driver
 * being synchronous, never used by two queries at once — so one per SQL text is kept.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>()
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'prepare') {
        return (source: string) => {
          let statement = cache.get(source)
          if (!statement) {
            statement = target.prepare(source)
            if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value as string)
            cache.set(source, statement)
          }
          return statement
        }
      }
      const value = Reflect.get(target, property, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
