/**
 * `npm start`: parse the configuration, start one instance, stop cleanly on SIGINT and SIGTERM.
 * Exits 0 after a clean stop; non-zero when something could not be stored before the deadline.
 */
import { loadConfigOrExplain } from './config.js'
import { maskSecrets } from './log-redaction.js'
import { createLogger } from './logger.js'
import { startServer } from './server.js'

async function main(): Promise<void> {
  const config = loadConfigOrExplain()
  if (!config) process.exit(78)
  const log = createLogger(config)
  const server = await startServer({ config, log })
  log.info(
    { url: server.url, storage: config.databaseUrl ? 'postgresql' : (server.sqliteFile ?? 'sqlite') },
    `Trepart is running at ${server.url}`,
  )

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    try {
      const { unsavedDocuments } = await server.close()
      if (unsavedDocuments.length > 0) {
        log.error({ documents: unsavedDocuments }, 'stopped with updates that could not be stored')
        process.exitCode = 1
      } else {
        log.info('stopped cleanly; everything is stored')
      }
    } catch (error) {
      log.error({ err: error }, 'shutdown failed')
      process.exitCode = 1
    }
    log.flush()
    // Give pino's transport a moment to write, then leave even if a handle lingers.
    setTimeout(() => process.exit(), 200).unref()
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  // Before the logger exists (or after it failed): still masked, as every log line is.
  console.error(
    maskSecrets(
      `Trepart failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    ),
  )
  process.exit(1)
})
