/**
 * Stores for the store's own tests: a PostgreSQL database in a schema of its own, and the rows a
 * document needs (its author, its workspace) so that a test can write on it.
 */
import type { Kysely } from 'kysely'
import { type OpenDatabase, openDatabase } from '../store/database.js'
import type { Database } from '../store/schema.js'
import { createPgSchema, TEST_DATABASE_URL } from './services.js'

/** A migrated database in a fresh schema of the test server; `close` ends it and drops the schema. */
export async function openPostgres(
  label: string,
  options: { poolSize?: number } = {},
): Promise<{ opened: OpenDatabase; schema: string; close(): Promise<void> }> {
  const schema = await createPgSchema(label)
  const opened = await openDatabase({
    databaseUrl: TEST_DATABASE_URL,
    pgSchema: schema.schema,
    ...(options.poolSize !== undefined ? { pgPoolSize: options.poolSize } : {}),
    dataDir: '',
    sqliteSynchronous: 'normal',
    sqliteBusyTimeoutMs: 1000,
  })
  return {
    opened,
    schema: schema.schema,
    async close() {
      await opened.close()
      await schema.drop()
    },
  }
}

/** User `u1`, their workspace `w1` and its draft document `d1` (no membership: tests add their own). */
export async function insertDocumentRows(db: Kysely<Database>, now = Date.now()): Promise<void> {
  await db
    .insertInto('users')
    .values({
      id: 'u1',
      email: 'u1@example.org',
      name: 'U',
      password_hash: 'x',
      locale: 'nb',
      instance_admin: 0,
      created_at: now,
      updated_at: now,
    })
    .execute()
  await db
    .insertInto('workspaces')
    .values({
      id: 'w1',
      name: 'W',
      slug: 'w1',
      created_by: 'u1',
      created_at: now,
      updated_at: now,
      public_index: 0,
    })
    .execute()
  await db
    .insertInto('documents')
    .values({
      id: 'd1',
      workspace_id: 'w1',
      title: 'D',
      kind: 'proposal',
      status: 'draft',
      initiating_party: 'employees',
      created_by: 'u1',
      created_at: now,
      updated_at: now,
      archived: 0,
      amends_id: null,
    })
    .execute()
}
