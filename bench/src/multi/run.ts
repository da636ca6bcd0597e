/**
 * One run of the busy day against `count` instances of one system: a Redis of the run's own, the
 * instances, the documents, the quiet-wait on every instance, then the load generators of the
 * single-instance bench (`load/worker.ts`) with each document's clients dealt round robin over the
 * instances, so that every edit reaches most of its readers through another instance. CPU is read
 * from /proc around the measured window for every instance, the Redis and the run's PostgreSQL
 * processes; Trepart's `/metrics` are scraped on both sides of it.
 */
import { inspect } from 'node:util'
import type { DocPlan, WorkerPlan } from '../load/messages.js'
import { WorkerPool } from '../load/pool.js'
import {
  cpuSeconds,
  machineBusySeconds,
  peakRssBytes,
  postgresCpuDelta,
  waitUntilQuiet,
} from '../metrics/proc.js'
import { type LatencySummary, summarize } from '../metrics/stats.js'
import type { EditScenario } from '../scenarios.js'
import type { Cluster, SystemName } from './cluster.js'
import { startHocuspocusCluster } from './hocuspocus-cluster.js'
import { runPostgresCpu } from './postgres-cpu.js'
import { added, buckets, type Estimate, quantile, type Scrape, value } from './prometheus.js'
import { type RunRedis, startRedis } from './redis.js'
import { startTrepartCluster } from './trepart-cluster.js'

export interface MultiContext {
  repoRoot: string
  postgresUrl: string
}

export interface MultiResult {
  system: SystemName
  instances: number
  repeat: number
  clients: number
  connectMs: number
  edits: number
  latency: LatencySummary | null
  lost: number
  missingReceipts: number
  disconnects: number
  windowSec: number
  /** CPU seconds of each instance during the window, in instance order. */
  instanceCpuSec: number[]
  redisCpuSec: number
  /** The run's PostgreSQL backends and the server-wide helpers; null without PostgreSQL. */
  postgresCpuSec: number | null
  generatorCpuSec: number
  /** Cores kept busy by everything that is not this run (other work on the shared machine). */
  otherLoadCores: number
  generatorLoopDelayP99Ms: number
  peakRssMiB: number[]
  /** Trepart: what the instances' `/metrics` added during the window, all instances together. */
  fanout: FanoutFigures | null
  /** Milliseconds until every instance was quiet after setup; null if one never was. */
  settleMs: number | null
  error: string | null
}

export interface FanoutFigures {
  /** Updates that arrived from another instance (observations of `trepart_fanout_lag_seconds`). */
  count: number
  p50Ms: Estimate | null
  p99Ms: Estimate | null
  gapsFilled: number
  gapUpdates: number
  committedUpdates: number
}

/**
 * The single-instance bench's quiet-wait (two half-seconds in a row), at 0.5 % of a core instead of
 * its 0.2 %: an idle Trepart instance no longer gets below 0.2 % (prom-client's process metrics,
 * on since `/metrics`, and in shared mode the fan-out's periodic checks; 0.2–0.5 % measured here),
 * so the stricter wait ran out its 30 s on every instance. 0.5 % still waits out what a start
 * leaves running (4–25 ms of CPU a second for its first seconds).
 */
const QUIET = { windowMs: 500, windows: 2, maxCoreShare: 0.005, timeoutMs: 30_000 }
const CONNECT_CONCURRENCY = 50
const CONNECT_TIMEOUT_MS = 60_000
const CONNECTED_TIMEOUT_MS = 120_000
const WARMUP_DRAIN_MS = 5_000
/** Every edit must have reached every client by then, or it counts as lost. */
const DRAIN_MS = 10_000
const RAN_SLACK_MS = 60_000
const MiB = 1024 * 1024

/** The instance client `client` of document `doc` connects to: each document's clients spread over all. */
export function instanceOf(doc: number, client: number, instances: number): number {
  return (doc + client) % instances
}

function emptyResult(system: SystemName, instances: number, repeat: number): MultiResult {
  return {
    system,
    instances,
    repeat,
    clients: 0,
    connectMs: Number.NaN,
    edits: 0,
    latency: null,
    lost: 0,
    missingReceipts: 0,
    disconnects: 0,
    windowSec: 0,
    instanceCpuSec: [],
    redisCpuSec: Number.NaN,
    postgresCpuSec: null,
    generatorCpuSec: 0,
    otherLoadCores: Number.NaN,
    generatorLoopDelayP99Ms: Number.NaN,
    peakRssMiB: [],
    fanout: null,
    settleMs: null,
    error: null,
  }
}

function workerPlans(cluster: Cluster, rooms: string[], s: EditScenario): WorkerPlan[] {
  const n = cluster.instances.length
  const perDoc = s.writers + s.lightReaders
  const docs: DocPlan[] = rooms.map((room, d) => ({
    room,
    writers: s.writers,
    readers: 0,
    lightReaders: s.lightReaders,
    baseUrls: Array.from({ length: perDoc }, (_, c) => cluster.instances[instanceOf(d, c, n)]!.baseUrl),
  }))
  const count = Math.max(1, Math.min(s.workers, docs.length))
  return Array.from({ length: count }, (_, i) => ({
    workerIndex: i,
    protocol: cluster.protocol,
    baseUrl: cluster.instances[0]!.baseUrl,
    headers: cluster.headers,
    docs: docs.filter((_, d) => d % count === i),
    editsPerSecond: s.editsPerSecond,
    connectConcurrency: CONNECT_CONCURRENCY,
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
    scan: true,
    hello: false,
  }))
}

function fanoutFigures(scrapes: Array<{ before: Scrape; after: Scrape }>): FanoutFigures {
  const delta = added(scrapes)
  const lag = buckets(delta, 'trepart_fanout_lag_seconds')
  const ms = (e: Estimate | null) => (e ? { value: e.value * 1000, atLeast: e.atLeast } : null)
  return {
    count: value(delta, 'trepart_fanout_lag_seconds_count'),
    p50Ms: ms(quantile(lag, 0.5)),
    p99Ms: ms(quantile(lag, 0.99)),
    gapsFilled: value(delta, 'trepart_fanout_gaps_filled_total'),
    gapUpdates: value(delta, 'trepart_fanout_gap_updates_total'),
    committedUpdates: value(delta, 'trepart_committed_updates_total'),
  }
}

async function measure(
  cluster: Cluster,
  redis: RunRedis,
  s: EditScenario,
  result: MultiResult,
): Promise<void> {
  const rooms = await cluster.createDocuments(s.docs)
  const settled = await Promise.all(cluster.instances.map((i) => waitUntilQuiet(i.pid, QUIET)))
  result.settleMs = settled.some((ms) => ms === null) ? null : Math.max(...(settled as number[]))
  const plans = workerPlans(cluster, rooms, s)
  const pool = new WorkerPool(plans.length)
  try {
    const connectStarted = performance.now()
    for (const [i, plan] of plans.entries()) pool.send(i, { type: 'connect', plan })
    const connected = await pool.collect('connected', CONNECTED_TIMEOUT_MS)
    result.connectMs = performance.now() - connectStarted
    result.clients = connected.reduce((n, c) => n + c.clients, 0)
    // Warm-up, not measured: the first edits pay for JIT compilation in every instance.
    for (let i = 0; i < pool.size; i++)
      pool.send(i, { type: 'run', durationMs: s.warmupMs, drainMs: WARMUP_DRAIN_MS })
    await pool.collect('ran', s.warmupMs + RAN_SLACK_MS)

    const metrics0 = (await cluster.scrape?.()) ?? null
    const cpu0 = cluster.instances.map((i) => cpuSeconds(i.pid))
    const redis0 = cpuSeconds(redis.pid)
    const db0 = cluster.database ? runPostgresCpu(cluster.database) : null
    const machine0 = machineBusySeconds()
    const self0 = process.cpuUsage()
    const started = performance.now()
    for (let i = 0; i < pool.size; i++)
      pool.send(i, { type: 'run', durationMs: s.durationMs, drainMs: DRAIN_MS })
    const ran = await pool.collect('ran', s.durationMs + RAN_SLACK_MS)
    const windowSec = (performance.now() - started) / 1000
    const cpu1 = cluster.instances.map((i) => cpuSeconds(i.pid))
    const redis1 = cpuSeconds(redis.pid)
    const db1 = cluster.database ? runPostgresCpu(cluster.database) : null
    const machine1 = machineBusySeconds()
    const self = process.cpuUsage(self0)
    const metrics1 = (await cluster.scrape?.()) ?? null

    result.windowSec = windowSec
    result.edits = ran.reduce((n, r) => n + r.edits, 0)
    result.latency = summarize(ran.flatMap((r) => r.latenciesUs))
    result.lost = ran.reduce((n, r) => n + r.lost, 0)
    result.missingReceipts = ran.reduce((n, r) => n + r.missingReceipts, 0)
    result.disconnects = ran.reduce((n, r) => n + r.disconnects, 0)
    result.generatorCpuSec = ran.reduce((n, r) => n + r.cpuSec, 0)
    result.generatorLoopDelayP99Ms = Math.max(...ran.map((r) => r.loopDelayP99Ms))
    result.instanceCpuSec = cpu0.map((c, i) => (cpu1[i] ?? Number.NaN) - (c ?? Number.NaN))
    result.redisCpuSec = (redis1 ?? Number.NaN) - (redis0 ?? Number.NaN)
    result.postgresCpuSec = db0 && db1 ? postgresCpuDelta(db0, db1) : null
    const ours =
      result.instanceCpuSec.reduce((a, b) => a + b, 0) +
      result.redisCpuSec +
      (result.postgresCpuSec ?? 0) +
      result.generatorCpuSec +
      (self.user + self.system) / 1e6
    result.otherLoadCores = Math.max(0, (machine1 - machine0 - ours) / windowSec)
    if (metrics0 && metrics1) {
      result.fanout = fanoutFigures(metrics0.map((before, i) => ({ before, after: metrics1[i]! })))
    }
  } finally {
    await pool.close()
  }
}

export async function runMulti(
  system: SystemName,
  count: number,
  scenario: EditScenario,
  repeat: number,
  ctx: MultiContext,
): Promise<MultiResult> {
  const result = emptyResult(system, count, repeat)
  let redis: RunRedis | null = null
  let cluster: Cluster | null = null
  try {
    redis = await startRedis()
    cluster =
      system === 'trepart'
        ? await startTrepartCluster({
            repoRoot: ctx.repoRoot,
            postgresUrl: ctx.postgresUrl,
            redisUrl: redis.url,
            count,
          })
        : await startHocuspocusCluster({ redisPort: redis.port, count })
    await measure(cluster, redis, scenario, result)
    result.peakRssMiB = cluster.instances.map((i) => (peakRssBytes(i.pid) ?? Number.NaN) / MiB)
    const failure = cluster.instances.map((i) => i.failed()).find((f) => f !== null)
    if (failure) throw new Error(failure)
  } catch (error) {
    result.error = describe(error)
  } finally {
    try {
      await cluster?.stop()
    } catch (error) {
      result.error ??= `stop: ${describe(error)}`
    }
    await redis?.stop()
  }
  return result
}

/** An error's message with its causes (undici's "fetch failed" says what failed only in `cause`). */
function describe(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    parts.push(current instanceof Error ? current.message : inspect(current))
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join(': ')
}
