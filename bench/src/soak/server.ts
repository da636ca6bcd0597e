/**
 * Trepart for the soak, as `npm start` runs it (`packages/server/dist/main.js`, or another build
 * given by --server) in its own process on 127.0.0.1 and a port of its choosing, with the
 * server's default limits: every limit, throttle and Argon2 setting is removed from the inherited
 * environment. Storage is a fresh SQLite directory or a fresh PostgreSQL database, both removed
 * afterwards. The only addition is the read-only preload `server-stats.js`.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { spawnServer } from '../peers/peer.js'
import { createScratchDatabase, type ScratchDatabase } from '../peers/scratch-database.js'

export interface ServerStats {
  heapUsed: number
  heapTotal: number
  external: number
  arrayBuffers: number
  loopP99Ms: number
  loopMaxMs: number
  limits: Record<string, unknown> | null
}

export interface SoakServer {
  pid: number
  httpBase: string
  port: number
  backend: 'sqlite' | 'postgres'
  /** Why the process exited on its own, or null while it runs. */
  failed(): string | null
  stats(): ServerStats | null
  /** Log lines by pino level name, and the first few distinct error messages. */
  logs: { levels: Record<string, number>; errors: string[] }
  /** Stops it (SIGTERM, SIGKILL after 30 s) and removes its storage: null if clean, else why not. */
  stop(): Promise<string | null>
}

/** Settings the soak must not inherit: it runs on the server's defaults. */
const NOT_INHERITED =
  /^(MAX_|ARGON2_|LOGIN_|SIGNUP$|AWARENESS_|SYNC_REQUESTS_|SESSION_|UPGRADE_|PING_|TRUST_PROXY$|PUBLIC_URL$|ALLOWED_ORIGINS$|LOG_LEVEL$|PASSWORD_|INVITATION_|COMPACT_|ROOM_|COMMIT_|SHUTDOWN_)/

const levelNames: Record<string, string> = {
  '10': 'trace',
  '20': 'debug',
  '30': 'info',
  '40': 'warn',
  '50': 'error',
  '60': 'fatal',
}

export async function startSoakServer(options: {
  entry: string
  backend: 'sqlite' | 'postgres'
  postgresUrl: string
}): Promise<SoakServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-soak-'))
  const statsFile = path.join(dir, 'server-stats.json')
  const databaseName = `soak_${process.pid}`
  let database: ScratchDatabase | null = null
  const dropDatabase = async () => database?.drop()
  try {
    if (options.backend === 'postgres')
      database = await createScratchDatabase(options.postgresUrl, databaseName)
    const databaseUrl = database?.url ?? ''
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !NOT_INHERITED.test(name)))
    const preload = pathToFileURL(fileURLToPath(new URL('./server-stats.js', import.meta.url))).href
    const server = await spawnServer(['--import', preload, options.entry], {
      cwd: dir,
      env: {
        ...env,
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: path.join(dir, 'data'),
        DATABASE_URL: databaseUrl,
        LOG_PRETTY: 'false',
        SOAK_STATS_FILE: statsFile,
      },
      ready: /Trepart is running at (http:\/\/[^"\s]+)/,
      timeoutMs: 30_000,
      label: `Trepart (${options.backend})`,
    })
    const httpBase = server.match[1]!.replace('localhost', '127.0.0.1')
    const logs = { levels: {} as Record<string, number>, errors: [] as string[] }
    let partial = ''
    server.child.stdout?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n')
      partial = lines.pop() ?? ''
      for (const line of lines) {
        const level = /"level":(\d+)/.exec(line)?.[1]
        if (!level) continue
        const name = levelNames[level] ?? level
        logs.levels[name] = (logs.levels[name] ?? 0) + 1
        if (Number(level) >= 50 && logs.errors.length < 8) {
          const msg = /"msg":"([^"]{0,160})/.exec(line)?.[1] ?? line.slice(0, 160)
          if (!logs.errors.includes(msg)) logs.errors.push(msg)
        }
      }
    })
    let stopped = false
    return {
      pid: server.child.pid!,
      httpBase,
      port: Number(new URL(httpBase).port),
      backend: options.backend,
      failed: server.failed,
      logs,
      stats() {
        try {
          return JSON.parse(fs.readFileSync(statsFile, 'utf8')) as ServerStats
        } catch {
          return null
        }
      },
      async stop() {
        if (stopped) return null
        stopped = true
        let why: string | null = null
        const started = performance.now()
        try {
          await server.stop(30_000)
        } catch (error) {
          // The message ends with the process's last output; its first part says how it stopped.
          const message = error instanceof Error ? error.message : String(error)
          why = `${message.split(': ')[0]} after ${((performance.now() - started) / 1000).toFixed(1)} s`
        }
        fs.rmSync(dir, { recursive: true, force: true })
        await dropDatabase().catch((error: unknown) => {
          why ??= `dropping ${databaseName}: ${String(error)}`
        })
        return why
      },
    }
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true })
    await dropDatabase().catch(() => {})
    throw error
  }
}
