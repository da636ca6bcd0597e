/**
 * Runs a suite against both databases: SQLite (a temporary file) and PostgreSQL (its own schema on
 * the machine's server, dropped afterwards). PostgreSQL is skipped with a printed reason outside CI
 * when it is not running; with CI=true a missing PostgreSQL fails.
 */
import { createPgSchema, postgresAvailable, TEST_DATABASE_URL } from './services.js'
import { startTestServer, type TestServer } from './test-server.js'

export interface Backend {
  name: 'sqlite' | 'postgres'
  available: boolean
  start(env?: Record<string, string>): Promise<TestServer>
}

export async function backends(): Promise<Backend[]> {
  const pg = await postgresAvailable()
  return [
    { name: 'sqlite', available: true, start: (env = {}) => startTestServer(env) },
    {
      name: 'postgres',
      available: pg,
      async start(env = {}) {
        const schema = await createPgSchema('api')
        const server = await startTestServer(
          { DATABASE_URL: TEST_DATABASE_URL, ...env },
          { pgSchema: schema.schema },
        )
        const stop = server.stop.bind(server)
        return Object.assign(server, {
          async stop(options?: { keepData?: boolean }) {
            await stop(options)
            await schema.drop()
          },
        })
      },
    },
  ]
}
