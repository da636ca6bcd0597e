/**
 * Trepart in shared mode, as `tests/multi/support/cluster.ts` and `infra/compose.yaml` run it:
 * `count` processes of `node packages/server/dist/main.js`, each with `DATABASE_URL` (one fresh
 * PostgreSQL database for the run, dropped afterwards) and `REDIS_URL` (the run's own Redis), on
 * fixed free ports, each accepting every instance's origin as they would behind one public address.
 * The first instance migrates the schema; the others start together after it. The account, the
 * workspace and the documents are made through the first; the session cookie holds on every one.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { freePort, type SpawnedServer, spawnServer } from '../peers/peer.js'
import { createScratchDatabase } from '../peers/scratch-database.js'
import { account, request } from '../peers/trepart.js'
import type { Cluster } from './cluster.js'
import { scrape } from './prometheus.js'

/**
 * The limits `peers/trepart.ts` raises for the single-instance bench, for the same reason: one
 * account holds every connection of a run. Durability and fan-out settings stay at their defaults
 * (`FANOUT_CHECK_INTERVAL_MS` 2 s, `FANOUT_GAP_WAIT_MS` 250 ms), as a deployment runs them.
 */
const benchEnv = {
  MAX_CONNECTIONS_PER_ROOM: '10000',
  MAX_CONNECTIONS_PER_USER: '20000',
  MAX_CONNECTIONS_PER_USER_PER_DOCUMENT: '10000',
  LOG_LEVEL: 'info',
  LOG_PRETTY: 'false',
  SIGNUP: 'open',
}

const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 30_000
const SCRAPE_TIMEOUT_MS = 10_000
/** Document creations in flight at once, as `peers/trepart.ts` makes them. */
const CREATE_BATCH = 8

let runs = 0

export async function startTrepartCluster(options: {
  repoRoot: string
  postgresUrl: string
  redisUrl: string
  count: number
}): Promise<Cluster> {
  const database = await createScratchDatabase(options.postgresUrl, `bench_multi_${process.pid}_${runs++}`)
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-multi-'))
  const servers: SpawnedServer[] = []
  const cleanUp = async () => {
    await Promise.allSettled(servers.map((s) => s.stop(STOP_TIMEOUT_MS)))
    fs.rmSync(dataDir, { recursive: true, force: true })
    await database.drop()
  }
  try {
    const ports = await Promise.all(Array.from({ length: options.count }, () => freePort()))
    const origins = ports.map((p) => `http://127.0.0.1:${p}`)
    const start = (i: number) =>
      spawnServer([path.join(options.repoRoot, 'packages/server/dist/main.js')], {
        cwd: options.repoRoot,
        env: {
          ...process.env,
          ...benchEnv,
          HOST: '127.0.0.1',
          PORT: String(ports[i]),
          // Unused in shared mode (PostgreSQL holds everything), but each gets its own anyway.
          DATA_DIR: path.join(dataDir, String(i)),
          DATABASE_URL: database.url,
          REDIS_URL: options.redisUrl,
          ALLOWED_ORIGINS: origins.join(','),
        },
        ready: /Trepart is running at (http:\/\/[^"\s]+)/,
        timeoutMs: START_TIMEOUT_MS,
        label: `Trepart instance ${i}`,
      })
    servers.push(await start(0))
    servers.push(...(await Promise.all(Array.from({ length: options.count - 1 }, (_, i) => start(i + 1)))))
    const httpBase = origins[0]!
    const cookie = await account(httpBase, 'bench-multi', 'Bench')
    const workspace = await request(
      httpBase,
      'POST',
      '/api/workspaces',
      { name: 'Bench', party: 'employees' },
      cookie,
    )
    const workspaceId = (workspace.json.workspace as { id: string }).id
    return {
      system: 'trepart',
      protocol: 'y-websocket',
      instances: servers.map((s, i) => ({
        pid: s.child.pid!,
        baseUrl: `ws://127.0.0.1:${ports[i]}/collab`,
        failed: s.failed,
      })),
      headers: { cookie, origin: httpBase },
      database: database.name,
      async createDocuments(count) {
        const ids: string[] = []
        for (let at = 0; at < count; at += CREATE_BATCH) {
          const batch = Array.from({ length: Math.min(CREATE_BATCH, count - at) }, (_, i) =>
            request(
              httpBase,
              'POST',
              `/api/workspaces/${workspaceId}/documents`,
              { title: `Bench ${at + i}`, kind: 'proposal' },
              cookie,
            ).then((r) => (r.json.document as { id: string }).id),
          )
          ids.push(...(await Promise.all(batch)))
        }
        return ids
      },
      scrape: () => Promise.all(origins.map((o) => scrape(`${o}/metrics`, SCRAPE_TIMEOUT_MS))),
      async stop() {
        const stopped = await Promise.allSettled(servers.map((s) => s.stop(STOP_TIMEOUT_MS)))
        fs.rmSync(dataDir, { recursive: true, force: true })
        await database.drop()
        const failed = stopped.find((s) => s.status === 'rejected')
        if (failed) throw failed.reason
      },
    }
  } catch (error) {
    await cleanUp()
    throw error
  }
}
