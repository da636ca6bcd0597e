/** Starts a real Trepart server on port 0 with a temporary data directory, for tests and benchmarks. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DestinationStream } from 'pino'
import { loadConfig } from '../config.js'
import { createLogger } from '../logger.js'
import { type StartOptions, startServer, type TrepartServer } from '../server.js'

export interface TestServer extends TrepartServer {
  dataDir: string
  /** ws://host:port/collab — the base URL a WebsocketProvider takes. */
  collabUrl: string
  /** Closes the server; removes the data directory unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<void>
}

export async function startTestServer(
  env: Record<string, string> = {},
  options: Omit<StartOptions, 'config'> & {
    dataDir?: string
    /** Where the server's log lines go (tests that read the log); set LOG_LEVEL in `env` too. */
    logDestination?: DestinationStream
  } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-test-'))
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    LOG_PRETTY: 'false',
    // Fast password hashing: tests only. Production keeps the argon2id defaults.
    ARGON2_MEMORY_KIB: '64',
    ARGON2_TIME_COST: '1',
    // Suites write comments far faster than a person; the test of the limit sets its own.
    COMMENT_WRITES_PER_MINUTE: '1000000',
    COMMENT_WRITES_BURST: '100000',
    DOCUMENT_ACTIONS_PER_MINUTE: '1000000',
    DOCUMENT_ACTIONS_BURST: '100000',
    // Test servers claim their first account without the set-up token (a test of it sets it).
    SETUP_TOKEN: 'off',
    // A web build of one's own (several builds side by side while working); the package's dist unless set.
    ...(process.env.TEST_WEB_DIST_DIR ? { WEB_DIST_DIR: process.env.TEST_WEB_DIST_DIR } : {}),
    ...env,
  })
  // The server's own logger, masking included: what a test reads is what production would write.
  const log = options.log ?? createLogger(config, options.logDestination)
  const server = await startServer({ ...options, config, log })
  return Object.assign(server, {
    dataDir,
    collabUrl: `${server.url.replace(/^http/, 'ws')}/collab`,
    async stop(stopOptions: { keepData?: boolean } = {}) {
      await server.close()
      if (!stopOptions.keepData && !options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true })
    },
  })
}
