/**
 * Availability of the real services tests need. Outside CI a missing service skips those tests with
 * a printed reason; with CI=true it fails the run, so CI can never pass by skipping.
 */
import pg from 'pg'

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const inCI = process.env.CI === 'true'

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 })
  client.on('error', () => {})
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch (error) {
    const reason = `PostgreSQL is not reachable at ${TEST_DATABASE_URL}: ${(error as Error).message}`
    if (inCI) throw new Error(`${reason} (CI=true: a missing service fails the run)`)
    console.warn(`SKIPPING PostgreSQL tests: ${reason}`)
    return false
  } finally {
    await client.end().catch(() => {})
  }
}

/** A fresh schema for one test file, so parallel files never collide; `drop()` removes it. */
export async function createPgSchema(label: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `t_${label
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase()
    .slice(0, 20)}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  try {
    await client.query(`CREATE SCHEMA ${schema}`)
  } finally {
    await client.end()
  }
  return {
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL })
      await c.connect()
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      } finally {
        await c.end()
      }
    },
  }
}
