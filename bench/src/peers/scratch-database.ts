/**
 * A fresh PostgreSQL database for one run of a Trepart server (bench and soak alike), created on
 * the server of `postgresUrl` and dropped afterwards, connections and all.
 */
import pg from 'pg'

export interface ScratchDatabase {
  name: string
  /** `postgresUrl` pointing at the new database. */
  url: string
  drop(): Promise<void>
}

async function asAdmin(postgresUrl: string, statement: string): Promise<void> {
  const admin = new pg.Client({ connectionString: postgresUrl })
  await admin.connect()
  try {
    await admin.query(statement)
  } finally {
    await admin.end()
  }
}

/** `name` must be a plain identifier (letters, digits, underscores). */
export async function createScratchDatabase(postgresUrl: string, name: string): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`)
  await asAdmin(postgresUrl, `CREATE DATABASE ${name}`)
  const url = new URL(postgresUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    drop: () => asAdmin(postgresUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  }
}
