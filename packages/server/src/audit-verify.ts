/**
 * `npm run audit:verify -- --workspace <id>`: verifies one workspace's sign-off record against the
 * database the server is configured for (the same environment as `npm start`: DATA_DIR or
 * DATABASE_URL): the hash chain, and every final document's version against its recorded hash.
 * Prints what holds and what does not; exits 0 when everything holds, 1 when something does not,
 * 2 on wrong usage. Reads only.
 */
import { parseArgs } from 'node:util'
import { loadConfigOrExplain } from './config.js'
import { maskSecrets } from './log-redaction.js'
import { createLogger } from './logger.js'
import { AuditLog } from './store/audit-log.js'
import { openDatabase } from './store/database.js'

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { workspace: { type: 'string' } }, strict: true })
  if (!values.workspace) {
    console.error('usage: npm run audit:verify -- --workspace <workspace id>')
    return 2
  }
  const config = loadConfigOrExplain()
  if (!config) return 2
  const log = createLogger({ ...config, logLevel: 'warn' })
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
    log,
  })
  try {
    const result = await new AuditLog(opened.db, opened.dialect).verify(values.workspace)
    console.log(
      `workspace ${values.workspace}: ${result.entries} entries, ${result.finalDocuments} final documents`,
    )
    for (const problem of result.problems) console.log(`  problem: ${problem}`)
    if (result.head)
      console.log(
        `head: entry ${result.head.seq}, ${result.head.hash} (keep it to tell later that nothing was cut off)`,
      )
    console.log(result.ok ? 'the record holds' : 'the record does NOT hold')
    return result.ok ? 0 : 1
  } finally {
    await opened.close()
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(maskSecrets(String(error instanceof Error ? (error.stack ?? error.message) : error)))
    process.exitCode = 2
  },
)
