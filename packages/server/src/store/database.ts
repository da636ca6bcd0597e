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
import { migrateToLatest } from './migrations.js'
import type { Database, Dialect } from './schema.js'

export interface DatabaseOptions {
  /** A postgres:// URL; SQLite when absent. */
  databaseUrl?: string | undefined
  /** PostgreSQL schema to use (created if missing); tests give each file its own. */
  pgSchema?: string | undefined
  /** Directory of the SQLite file. */
  dataDir: string
  sqliteSynchronous: 'normal' | 'full'
  sqliteBusyTimeoutMs: number
  /** Pool size for PostgreSQL. */
  pgPoolSize?: number
}

export interface OpenDatabase {
  db: Kysely<Database>
  dialect: Dialect
  /** For SQLite: the file path; for PostgreSQL: undefined. */
  sqliteFile: string | undefined
  /**
   * SQLite only: appends update-log rows in one synchronous transaction with a cached statement.
   * The caller must hold Kysely's connection (see `KyselyDocumentStore.append`).
   */
  sqliteAppend?: (rows: ReadonlyArray<{ documentId: string; data: Uint8Array }>, now: number) => number[]
}

export const SQLITE_FILE_NAME = 'trepart.sqlite'

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
    if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`)
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
    await migrateToLatest(db as Kysely<unknown>, 'postgres', schema)
    return { db, dialect: 'postgres', sqliteFile: undefined }
  }
  fs.mkdirSync(options.dataDir, { recursive: true })
  const file = path.join(options.dataDir, SQLITE_FILE_NAME)
  const sqlite = new SqliteDatabase(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma(`synchronous = ${options.sqliteSynchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  sqlite.pragma(`busy_timeout = ${options.sqliteBusyTimeoutMs}`)
  sqlite.pragma('foreign_keys = ON')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) })
  await migrateToLatest(db as Kysely<unknown>, 'sqlite')
  const insert = sqlite.prepare(
    'INSERT INTO document_updates (document_id, data, created_at) VALUES (?, ?, ?)',
  )
  const appendAll = sqlite.transaction(
    (rows: ReadonlyArray<{ documentId: string; data: Uint8Array }>, now: number) =>
      rows.map((r) => Number(insert.run(r.documentId, r.data, now).lastInsertRowid)),
  )
  return { db, dialect: 'sqlite', sqliteFile: file, sqliteAppend: (rows, now) => appendAll(rows, now) }
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
