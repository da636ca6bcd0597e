/**
 * The one migration set for SQLite and PostgreSQL. Column types that differ between the two
 * (binary data, auto-increment keys) go through `types(dialect)`; everything else is shared.
 */
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'
import type { Dialect } from './schema.js'

function types(dialect: Dialect) {
  return dialect === 'postgres'
    ? { binary: sql`bytea`, serialKey: sql`bigserial`, bigint: sql`bigint` }
    : { binary: sql`blob`, serialKey: sql`integer`, bigint: sql`integer` }
}

function migrations(dialect: Dialect): Record<string, Migration> {
  const t = types(dialect)
  return {
    '0001_document_content': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('document_updates')
          .addColumn('seq', t.serialKey, (c) =>
            dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn('document_id', 'text', (c) => c.notNull())
          .addColumn('data', t.binary, (c) => c.notNull())
          .addColumn('created_at', t.bigint, (c) => c.notNull())
          .execute()
        await db.schema
          .createIndex('document_updates_document_seq')
          .on('document_updates')
          .columns(['document_id', 'seq'])
          .execute()
        await db.schema
          .createTable('document_snapshots')
          .addColumn('document_id', 'text', (c) => c.primaryKey())
          .addColumn('data', t.binary, (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('updated_at', t.bigint, (c) => c.notNull())
          .execute()
      },
    },
  }
}

/** Brings the database to the latest schema, or throws with the migration that failed. */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(dialect) }
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`, { cause: error })
  }
}
