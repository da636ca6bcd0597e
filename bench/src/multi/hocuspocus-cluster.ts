/**
 * Hocuspocus scaled out the way its documentation does it: `count` processes of
 * `hocuspocus-redis-server.js`, each with the Redis extension on the run's Redis, all storing into
 * one SQLite file (one machine; SQLite locks the file between processes). Documents are names,
 * made on first use, as for the single-instance Hocuspocus peer.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { roomNames, type SpawnedServer, spawnServer } from '../peers/peer.js'
import type { Cluster } from './cluster.js'

const START_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 20_000

/**
 * Whether the Redis extension loads here; null if it does, else the error, which the output and
 * docs quote. It is a devDependency of the bench, but a machine may have an older install.
 */
export async function hocuspocusRedisMissing(): Promise<string | null> {
  try {
    await import('@hocuspocus/extension-redis')
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

export async function startHocuspocusCluster(options: {
  redisPort: number
  count: number
}): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-hocuspocus-redis-'))
  const entry = fileURLToPath(new URL('./hocuspocus-redis-server.js', import.meta.url))
  const servers: SpawnedServer[] = []
  const start = (i: number) =>
    spawnServer(['--no-warnings', entry], {
      cwd: dir,
      env: {
        ...process.env,
        HOCUSPOCUS_DATABASE: path.join(dir, 'hocuspocus.sqlite'),
        HOCUSPOCUS_REDIS_PORT: String(options.redisPort),
        HOCUSPOCUS_IDENTIFIER: `bench-instance-${i}`,
      },
      ready: /\{"hocuspocusPort":(\d+)\}/,
      timeoutMs: START_TIMEOUT_MS,
      label: `Hocuspocus instance ${i}`,
    })
  const stopAll = async () => {
    const stopped = await Promise.allSettled(servers.map((s) => s.stop(STOP_TIMEOUT_MS)))
    fs.rmSync(dir, { recursive: true, force: true })
    return stopped
  }
  try {
    // The first creates the SQLite schema; the others start together after it.
    servers.push(await start(0))
    servers.push(...(await Promise.all(Array.from({ length: options.count - 1 }, (_, i) => start(i + 1)))))
  } catch (error) {
    await stopAll()
    throw error
  }
  return {
    system: 'hocuspocus-redis',
    protocol: 'hocuspocus',
    instances: servers.map((s) => ({
      pid: s.child.pid!,
      baseUrl: `ws://127.0.0.1:${s.match[1]}`,
      failed: s.failed,
    })),
    headers: {},
    database: null,
    createDocuments: async (count) => roomNames(count),
    async stop() {
      const failed = (await stopAll()).find((s) => s.status === 'rejected')
      if (failed) throw failed.reason
    },
  }
}
