/**
 * One scenario against one freshly started server: provision documents, fork the load generators,
 * connect, run, and read the server's CPU, memory and update log around the measured window.
 */
import { inspect } from 'node:util'
import { largeDocument } from './content.js'
import { type CommentApi, CommentLoad, type CommentStats, prepareAnchors } from './load/comments.js'
import { LightClient } from './load/light-client.js'
import type { DocPlan, FromWorker, WorkerPlan } from './load/messages.js'
import { WorkerPool } from './load/pool.js'
import { seedDocument } from './load/seed.js'
import { Wire } from './load/wire.js'
import {
  cpuSeconds,
  machineBusySeconds,
  peakRssBytes,
  postgresCpu,
  postgresCpuDelta,
  rssBytes,
  waitUntilQuiet,
} from './metrics/proc.js'
import { type LatencySummary, percentile, summarize } from './metrics/stats.js'
import { startHocuspocus } from './peers/hocuspocus.js'
import type { PeerName, RunningPeer } from './peers/peer.js'
import { startReference } from './peers/reference.js'
import { startTrepart } from './peers/trepart.js'
import type { CapacityScenario, EditScenario, JoinScenario, Scenario } from './scenarios.js'

export interface RunContext {
  repoRoot: string
  postgresUrl: string
  profileDir: string | null
}

export interface RunResult {
  scenario: string
  peer: PeerName
  repeat: number
  clients: number
  /** From the first connect until every client had its sync reply. */
  connectMs: number
  connectClientP50Ms: number
  connectClientMaxMs: number
  edits: number
  latency: LatencySummary | null
  lost: number
  missingReceipts: number
  disconnects: number
  windowSec: number
  serverCpuSec: number
  cpuPer1000Edits: number | null
  dbCpuSec: number | null
  dbCpuPer1000Edits: number | null
  peakRssMiB: number
  rssMiB: number
  /** Update-log appends per second during the window (Trepart). */
  committedPerSec: number | null
  generatorElu: { connect: number[]; run: number[] }
  /** CPU seconds of all load generators together, per phase. */
  generatorCpuSec: { connect: number; run: number }
  /**
   * Cores kept busy during the window by everything that is not this benchmark (server, database,
   * generators, coordinator): other work on a shared machine that distorts latency tails.
   */
  otherLoadCores: number
  /** Worst event-loop delay p99 and max among the generators during the run. */
  generatorLoopDelayMs: { p99: number; max: number }
  /** Join scenario: bytes of the smallest sync reply a joiner received, and the document size. */
  syncReplyBytes: number | null
  documentBytes: number | null
  /** Scenarios with comments: what was posted during the window and what reached the clients. */
  comments: CommentResult | null
  /** How long the server took to go quiet after its start and setup; null if it did not in time. */
  settleMs: number | null
  error: string | null
}

export interface CommentResult {
  /** Comments the server accepted during the window: new threads and replies. */
  threads: number
  replies: number
  /** Posts refused or failed during the window, with their reasons. */
  failed: number
  failures: Record<string, number>
  /** Accepted comments per second of the window. */
  perSec: number
  /** From sending a POST to its 201. */
  latency: LatencySummary | null
  /** Trepart `ServerEvent` frames all clients received during the run (comment events). */
  serverEvents: number
}

const MiB = 1024 * 1024

export async function startPeer(name: PeerName, ctx: RunContext): Promise<RunningPeer> {
  switch (name) {
    case 'reference':
      return startReference()
    case 'hocuspocus':
      return startHocuspocus()
    case 'trepart-sqlite':
    case 'trepart-pg':
      return startTrepart({
        repoRoot: ctx.repoRoot,
        postgres: name === 'trepart-pg',
        profileDir: ctx.profileDir,
        postgresUrl: ctx.postgresUrl,
      })
  }
}

function emptyResult(scenario: Scenario, peer: PeerName, repeat: number): RunResult {
  return {
    scenario: scenario.id,
    peer,
    repeat,
    clients: 0,
    connectMs: Number.NaN,
    connectClientP50Ms: Number.NaN,
    connectClientMaxMs: Number.NaN,
    edits: 0,
    latency: null,
    lost: 0,
    missingReceipts: 0,
    disconnects: 0,
    windowSec: 0,
    serverCpuSec: Number.NaN,
    cpuPer1000Edits: null,
    dbCpuSec: null,
    dbCpuPer1000Edits: null,
    peakRssMiB: Number.NaN,
    rssMiB: Number.NaN,
    committedPerSec: null,
    generatorElu: { connect: [], run: [] },
    generatorCpuSec: { connect: 0, run: 0 },
    generatorLoopDelayMs: { p99: Number.NaN, max: Number.NaN },
    otherLoadCores: Number.NaN,
    syncReplyBytes: null,
    documentBytes: null,
    comments: null,
    settleMs: null,
    error: null,
  }
}

/** Quiet: at most 0.2 % of a core (1 ms of CPU) in each of two half-seconds in a row. */
const QUIET = { windowMs: 500, windows: 2, maxCoreShare: 0.002, timeoutMs: 30_000 }

/**
 * Lets the server finish the work its start and setup left running (V8 compiling and collecting
 * on background threads) before anything is measured, as on a server that has been up for a while.
 */
async function settle(peer: RunningPeer, result: RunResult): Promise<void> {
  result.settleMs = await waitUntilQuiet(peer.pid, QUIET)
}

/** Splits documents over `workers` generators, round robin. */
function plans(peer: RunningPeer, docs: DocPlan[], workers: number, base: Partial<WorkerPlan>): WorkerPlan[] {
  const count = Math.max(1, Math.min(workers, docs.length))
  return Array.from({ length: count }, (_, i) => ({
    workerIndex: i,
    protocol: peer.protocol,
    baseUrl: peer.baseUrl,
    headers: peer.headers,
    docs: docs.filter((_, d) => d % count === i),
    editsPerSecond: 0,
    connectConcurrency: 50,
    connectTimeoutMs: 60_000,
    scan: true,
    hello: false,
    ...base,
  }))
}

/** Connects every planned client; fills the connect figures of `result`. */
async function connectAll(pool: WorkerPool, workerPlans: WorkerPlan[], result: RunResult): Promise<void> {
  const started = performance.now()
  for (const [i, plan] of workerPlans.entries()) pool.send(i, { type: 'connect', plan })
  const connected = await pool.collect('connected', 120_000)
  result.connectMs = performance.now() - started
  const perClient = connected.flatMap((c) => c.connectMs)
  result.clients = perClient.length
  result.connectClientP50Ms = percentile(perClient, 50)
  result.connectClientMaxMs = Math.max(...perClient)
  result.generatorElu.connect = connected.map((c) => c.elu)
  result.generatorCpuSec.connect = connected.reduce((n, c) => n + c.cpuSec, 0)
  const replies = connected.flatMap((c) => c.syncReplyBytes)
  result.syncReplyBytes = replies.length ? Math.min(...replies) : null
}

/**
 * The comment load of a scenario with comments: a paragraph to anchor on in every document
 * (committed before the server settles) and a commenter's session. Null without comments.
 */
async function commentLoad(
  s: EditScenario,
  peer: RunningPeer,
  rooms: string[],
): Promise<{ load: CommentLoad; api: CommentApi } | null> {
  if (!s.comments) return null
  if (!peer.commenter) throw new Error(`${peer.name} has no comment threads`)
  const anchors = await prepareAnchors((room) => `${peer.baseUrl}/${room}`, peer.headers, rooms)
  const targets = rooms.map((documentId, i) => ({ documentId, anchors: anchors[i]! }))
  // Over a collaboration socket on each document, as the web app writes comments.
  const api = await peer.commenter(rooms, 'socket')
  return { load: new CommentLoad(api, targets, s.comments), api }
}

function commentResult(stats: CommentStats, durationMs: number, serverEvents: number): CommentResult {
  return {
    threads: stats.threads,
    replies: stats.replies,
    failed: stats.failed,
    failures: stats.failures,
    perSec: (stats.threads + stats.replies) / (durationMs / 1000),
    latency: stats.latenciesUs.length ? summarize(stats.latenciesUs) : null,
    serverEvents,
  }
}

/** One measured stretch of an edit scenario, as read around it. */
interface Slice {
  sec: number
  ran: Array<Extract<FromWorker, { type: 'ran' }>>
  serverCpuSec: number | null
  dbCpuSec: number | null
  committed: number | null
  /** CPU of everything this benchmark runs (server, generators, coordinator, database). */
  oursSec: number
  machineBusySec: number
  comments: CommentStats | null
  /** Server events the generators' clients and the commenter received. */
  serverEvents: number
}

/**
 * What a slice waits, unmeasured by its clock but counted in its CPU, after its writers and
 * comments are done: the events of its last comments may wait on their sockets for up to
 * `SERVER_EVENT_DELAY_MS` (100 by default) and are its work, not the next slice's.
 */
const SLICE_TAIL_MS = 150

/**
 * Runs the writers (and the comment load, when `commenting`) for `durationMs` and reads what it
 * cost, `tailMs` after they are done.
 */
async function measure(
  pool: WorkerPool,
  peer: RunningPeer,
  durationMs: number,
  comments: { load: CommentLoad; api: CommentApi } | null,
  commenting: boolean,
  tailMs = 0,
): Promise<Slice> {
  const committed0 = (await peer.committedUpdates?.()) ?? null
  const cpu0 = cpuSeconds(peer.pid)
  const db0 = peer.name === 'trepart-pg' ? postgresCpu() : null
  const machine0 = machineBusySeconds()
  const self0 = process.cpuUsage()
  const commenterEvents0 = comments?.api.serverEvents ?? 0
  const started = performance.now()
  for (let i = 0; i < pool.size; i++) pool.send(i, { type: 'run', durationMs, drainMs: 10_000 })
  // The comments' requests end inside the window too: their CPU is the server's cost of them.
  const [ran, stats] = await Promise.all([
    pool.collect('ran', durationMs + 60_000),
    comments && commenting ? comments.load.run(durationMs) : null,
  ])
  const sec = (performance.now() - started) / 1000
  if (tailMs > 0) await new Promise((r) => setTimeout(r, tailMs))
  const cpu1 = cpuSeconds(peer.pid)
  const db1 = db0 ? postgresCpu() : null
  const machine1 = machineBusySeconds()
  const self = process.cpuUsage(self0)
  const committed1 = (await peer.committedUpdates?.()) ?? null
  const serverCpuSec = cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null
  const dbCpuSec = db0 && db1 ? postgresCpuDelta(db0, db1) : null
  return {
    sec,
    ran,
    serverCpuSec,
    dbCpuSec,
    committed: committed0 !== null && committed1 !== null ? committed1 - committed0 : null,
    oursSec:
      (serverCpuSec ?? 0) +
      ran.reduce((n, r) => n + r.cpuSec, 0) +
      (self.user + self.system) / 1e6 +
      (dbCpuSec ?? 0),
    machineBusySec: machine1 - machine0,
    comments: stats,
    serverEvents:
      ran.reduce((n, r) => n + r.serverEvents, 0) + (comments?.api.serverEvents ?? 0) - commenterEvents0,
  }
}

const sumOf = <T>(items: T[], get: (item: T) => number) => items.reduce((n, item) => n + get(item), 0)

/**
 * Puts `slices` together into `result`: `durationMs` is what they lasted (without drains),
 * `events` the server events counted for their comments (their own by default).
 */
function fill(result: RunResult, slices: Slice[], durationMs: number, events?: number): void {
  const ran = slices.flatMap((x) => x.ran)
  result.windowSec = sumOf(slices, (x) => x.sec)
  result.edits = sumOf(ran, (r) => r.edits)
  result.latency = summarize(ran.flatMap((r) => r.latenciesUs))
  result.lost = sumOf(ran, (r) => r.lost)
  result.missingReceipts = sumOf(ran, (r) => r.missingReceipts)
  result.disconnects = sumOf(ran, (r) => r.disconnects)
  result.generatorElu.run = ran.map((r) => r.elu)
  result.generatorCpuSec.run = sumOf(ran, (r) => r.cpuSec)
  result.generatorLoopDelayMs = {
    p99: Math.max(...ran.map((r) => r.loopDelayP99Ms)),
    max: Math.max(...ran.map((r) => r.loopDelayMaxMs)),
  }
  if (slices.every((x) => x.serverCpuSec !== null)) {
    result.serverCpuSec = sumOf(slices, (x) => x.serverCpuSec ?? 0)
    result.cpuPer1000Edits = result.edits ? (result.serverCpuSec / result.edits) * 1000 : null
  }
  result.otherLoadCores = Math.max(0, sumOf(slices, (x) => x.machineBusySec - x.oursSec) / result.windowSec)
  if (slices.every((x) => x.dbCpuSec !== null)) {
    result.dbCpuSec = sumOf(slices, (x) => x.dbCpuSec ?? 0)
    result.dbCpuPer1000Edits = result.edits ? (result.dbCpuSec / result.edits) * 1000 : null
  }
  if (slices.every((x) => x.committed !== null))
    result.committedPerSec = sumOf(slices, (x) => x.committed ?? 0) / (durationMs / 1000)
  const commented = slices.flatMap((x) => (x.comments ? [x.comments] : []))
  if (commented.length === 0) return
  const stats: CommentStats = {
    threads: sumOf(commented, (c) => c.threads),
    replies: sumOf(commented, (c) => c.replies),
    failed: sumOf(commented, (c) => c.failed),
    failures: {},
    latenciesUs: commented.flatMap((c) => c.latenciesUs),
  }
  for (const c of commented)
    for (const [why, n] of Object.entries(c.failures)) stats.failures[why] = (stats.failures[why] ?? 0) + n
  result.comments = commentResult(stats, durationMs, events ?? sumOf(slices, (x) => x.serverEvents))
  // A comment scenario that posted nothing measured nothing: fail loudly, with the reasons.
  if (stats.threads + stats.replies === 0)
    throw new Error(`no comment was accepted (${stats.failed} failed: ${failureText(stats)})`)
}

/**
 * Runs an edit scenario into `result`; a scenario that alternates its comment load puts the
 * slices without comments into `baseline`.
 */
async function runEdit(
  s: EditScenario,
  peer: RunningPeer,
  result: RunResult,
  baseline: RunResult | null,
): Promise<void> {
  const rooms = await peer.createDocuments(s.docs)
  const comments = await commentLoad(s, peer, rooms)
  await settle(peer, result)
  // The commenter's socket on each document is one of its readers: the server sends every edit
  // to as many connections as in the scenario without comments.
  if (comments && s.lightReaders < 1)
    throw new Error(`${s.id}: the commenter's socket takes a reader's place`)
  const lightReaders = comments ? s.lightReaders - 1 : s.lightReaders
  const docs = rooms.map((room) => ({ room, writers: s.writers, readers: 0, lightReaders }))
  const workerPlans = plans(peer, docs, s.workers, {
    editsPerSecond: s.editsPerSecond,
    hello: comments !== null,
  })
  const pool = new WorkerPool(workerPlans.length)
  try {
    await connectAll(pool, workerPlans, result)
    // Warm-up, not measured: the first edits (and comments) pay for JIT compilation in every server.
    for (let i = 0; i < pool.size; i++) pool.send(i, { type: 'run', durationMs: s.warmupMs, drainMs: 5_000 })
    await Promise.all([pool.collect('ran', s.warmupMs + 30_000), comments?.load.run(s.warmupMs)])
    if (!s.alternate) {
      fill(result, [await measure(pool, peer, s.durationMs, comments, true)], s.durationMs)
      return
    }
    // Slices with the comment load on and off in turn, ABBA (off on on off, …): a machine whose
    // speed drifts over the run weighs on both alike. The off slices are the same run's baseline.
    if (!baseline) throw new Error(`${s.id}: alternating slices need a result for their baseline`)
    baseline.clients = result.clients
    baseline.connectMs = result.connectMs
    baseline.settleMs = result.settleMs
    const on: Slice[] = []
    const off: Slice[] = []
    // The slices together last as long as the scenario's window without them, so the documents
    // grow (and compact) as in the base scenario: a compaction is a stall of its own, and would
    // land in the same slice of every run.
    const sliceMs = s.durationMs / (2 * s.alternate.slicesEach)
    for (let i = 0; i < 2 * s.alternate.slicesEach; i++) {
      const commenting = i % 4 === 1 || i % 4 === 2
      const slice = await measure(pool, peer, sliceMs, comments, commenting, SLICE_TAIL_MS)
      ;(commenting ? on : off).push(slice)
    }
    // Events of a comment answered at a slice's end may reach the clients in the next one.
    const events = [...on, ...off].reduce((n, w) => n + w.serverEvents, 0)
    fill(result, on, sliceMs * on.length, events)
    fill(baseline, off, sliceMs * off.length)
  } finally {
    comments?.api.close()
    await pool.close()
  }
}

async function runCapacity(s: CapacityScenario, peer: RunningPeer, result: RunResult): Promise<void> {
  const rooms = await peer.createDocuments(s.docs)
  await settle(peer, result)
  const docs = rooms.map((room) => ({ room, writers: 0, readers: 0, lightReaders: s.clientsPerDoc }))
  const pool = new WorkerPool(Math.min(s.workers, docs.length))
  try {
    const cpu0 = cpuSeconds(peer.pid)
    await connectAll(pool, plans(peer, docs, s.workers, { scan: false }), result)
    await new Promise((r) => setTimeout(r, s.holdMs))
    const cpu1 = cpuSeconds(peer.pid)
    if (cpu0 !== null && cpu1 !== null) result.serverCpuSec = cpu1 - cpu0
    result.rssMiB = (rssBytes(peer.pid) ?? Number.NaN) / MiB
  } finally {
    await pool.close()
  }
}

const documents = new Map<number, Uint8Array>()
/** The small document a few clients join before the measured joins. */
const WARM_DOCUMENT_BYTES = 64 * 1024

function documentOf(bytes: number): Uint8Array {
  let update = documents.get(bytes)
  if (!update) {
    update = largeDocument(bytes)
    documents.set(bytes, update)
  }
  return update
}

/**
 * Builds a join scenario's documents before its server starts, so nothing blocks the coordinator
 * between starting a server and using it. Building 10 MiB takes about 5 s here, as long as a
 * server keeps an idle keep-alive connection: a run that built it in between once failed its next
 * request with "fetch failed" (most likely sent on a connection the server was closing; an idle
 * wait of 4.99–5.6 s before a request did not reproduce it).
 */
function prepareJoin(s: JoinScenario): void {
  documentOf(s.bytes)
  documentOf(WARM_DOCUMENT_BYTES)
}

async function runJoin(s: JoinScenario, peer: RunningPeer, result: RunResult): Promise<void> {
  const update = documentOf(s.bytes)
  result.documentBytes = update.byteLength
  const [room, warmRoom] = await peer.createDocuments(2)
  const urlOf = (r: string) => (peer.protocol === 'hocuspocus' ? peer.baseUrl : `${peer.baseUrl}/${r}`)
  const seed = (r: string, content: Uint8Array) =>
    seedDocument({
      protocol: peer.protocol,
      url: urlOf(r),
      room: r,
      headers: peer.headers,
      update: content,
      trepart: peer.name.startsWith('trepart'),
      timeoutMs: 60_000,
    })
  const seeder = await seed(room!, update)
  // Warm-up, not measured: a server that has served nobody yet compiles its upgrade and sync paths
  // during the first joins. A few clients join a small document first, as on any running server.
  const small = documentOf(WARM_DOCUMENT_BYTES)
  const warmSeeder = await seed(warmRoom!, small)
  const warm = Array.from(
    { length: 5 },
    () =>
      new LightClient({
        url: urlOf(warmRoom!),
        headers: peer.headers,
        wire: new Wire(peer.protocol, warmRoom!),
        scan: false,
      }),
  )
  await Promise.all(warm.map((c) => c.connect(30_000)))
  for (const c of warm) c.close()
  warmSeeder.close()
  const perWorker = Math.ceil(s.joiners / s.workers)
  const docs = Array.from({ length: s.workers }, (_, i) => ({
    room: room!,
    writers: 0,
    readers: 0,
    lightReaders: Math.min(perWorker, s.joiners - i * perWorker),
  })).filter((d) => d.lightReaders > 0)
  const workerPlans = plans(peer, docs, s.workers, { scan: false, connectConcurrency: s.joiners })
  const pool = new WorkerPool(workerPlans.length)
  try {
    // Forked workers load their modules first (and background work after seeding, such as a
    // compaction, settles); then the joins start together.
    await new Promise((r) => setTimeout(r, 1000))
    await settle(peer, result)
    const cpu0 = cpuSeconds(peer.pid)
    await connectAll(pool, workerPlans, result)
    const cpu1 = cpuSeconds(peer.pid)
    if (cpu0 !== null && cpu1 !== null) result.serverCpuSec = cpu1 - cpu0
    if ((result.syncReplyBytes ?? 0) < update.byteLength * 0.9) {
      throw new Error(`a joiner's sync reply had ${result.syncReplyBytes} bytes of ${update.byteLength}`)
    }
  } finally {
    seeder.close()
    await pool.close()
  }
}

/**
 * Runs `scenario` once against a freshly started `peerName`. Answers its result, followed, for a
 * scenario that alternates its comment load, by its baseline's from the same run.
 */
export async function runScenario(
  scenario: Scenario,
  peerName: PeerName,
  repeat: number,
  ctx: RunContext,
): Promise<RunResult[]> {
  const result = emptyResult(scenario, peerName, repeat)
  const baseline =
    scenario.kind === 'edit' && scenario.alternate
      ? { ...emptyResult(scenario, peerName, repeat), scenario: scenario.alternate.baselineId }
      : null
  let peer: RunningPeer | null = null
  try {
    if (scenario.kind === 'join') prepareJoin(scenario)
    peer = await startPeer(peerName, ctx)
    if (scenario.kind === 'edit') await runEdit(scenario, peer, result, baseline)
    else if (scenario.kind === 'capacity') await runCapacity(scenario, peer, result)
    else await runJoin(scenario, peer, result)
    result.peakRssMiB = (peakRssBytes(peer.pid) ?? Number.NaN) / MiB
    const failure = peer.failed()
    if (failure) throw new Error(failure)
  } catch (error) {
    result.error = describe(error)
  } finally {
    if (peer) {
      try {
        await peer.stop()
      } catch (error) {
        result.error ??= `stop: ${describe(error)}`
      }
    }
  }
  if (!baseline) return [result]
  // The baseline shares the run: its server, its memory and its fate.
  baseline.peakRssMiB = result.peakRssMiB
  baseline.error = result.error
  return [result, baseline]
}

/** Failure reasons with their counts, most frequent first. */
export function failureText(stats: { failures: Record<string, number> }): string {
  const reasons = Object.entries(stats.failures).sort((a, b) => b[1] - a[1])
  return reasons.length ? reasons.map(([why, n]) => `${n}× ${why}`).join('; ') : 'none'
}

/** An error's message with its causes: undici's "fetch failed" says what failed only in `cause`. */
function describe(error: unknown): string {
  const parts: string[] = []
  let current: unknown = error
  for (let depth = 0; current !== undefined && current !== null && depth < 4; depth++) {
    parts.push(current instanceof Error ? current.message : inspect(current))
    current = current instanceof Error ? current.cause : undefined
  }
  return parts.join(': ')
}
