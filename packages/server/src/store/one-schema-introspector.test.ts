/**
 * The Migrator's introspection reads one schema: tables of other schemas are neither listed nor
 * touched, so another schema dropped meanwhile cannot fail this one's migration.
 */
import { Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { createPgSchema, postgresAvailable, TEST_DATABASE_URL } from '../test-support/services.js'
import { OneSchemaPostgresDialect } from './one-schema-introspector.js'

const hasPostgres = await postgresAvailable()

// PostgreSQL only: SQLite has one schema and Kysely's own introspector for it.
describe.skipIf(!hasPostgres)('introspection of one schema (postgres)', () => {
  const drops: Array<() => Promise<void>> = []
  afterAll(async () => {
    for (const drop of drops) await drop()
  })

  it('lists the schema and its tables only, and answers nothing for a schema that is gone', async () => {
    const mine = await createPgSchema('introspect')
    const theirs = await createPgSchema('introspect')
    drops.push(mine.drop, theirs.drop)
    const pool = new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 2 })
    const db = new Kysely<unknown>({ dialect: new OneSchemaPostgresDialect({ pool }, mine.schema) })
    try {
      await pool.query(`create table ${mine.schema}.kysely_migration (name text primary key)`)
      await pool.query(`create view ${mine.schema}.names as select name from ${mine.schema}.kysely_migration`)
      await pool.query(`create table ${theirs.schema}.kysely_migration (name text primary key)`)
      await pool.query(`create table ${theirs.schema}.other (id int)`)

      expect(await db.introspection.getSchemas()).toEqual([{ name: mine.schema }])
      const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
      expect(tables.map((t) => [t.schema, t.name, t.isView]).sort()).toEqual([
        [mine.schema, 'kysely_migration', false],
        [mine.schema, 'names', true],
      ])
      // Another schema dropped is nothing to this one's reads.
      await theirs.drop()
      expect(await db.introspection.getTables()).toHaveLength(2)
      await mine.drop()
      expect(await db.introspection.getSchemas()).toEqual([])
      expect(await db.introspection.getTables()).toEqual([])
    } finally {
      await pool.end()
    }
  })
})
