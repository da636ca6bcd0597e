/**
 * The abuse soak (not a test): `node bench/dist/soak.js [--minutes 3] [--backend sqlite|postgres]
 * [--server path/to/main.js] [--baseline-seconds 20]`, or `npm run soak -w @trepart/bench -- …`.
 *
 * One Trepart server on its default limits; three honest editors type into one document at a
 * meeting pace (`soak/honest.ts`, its own process) while the admin renames the document each
 * second. After a baseline window with only them, one signed-in viewer (`soak/attacker.ts`, its
 * own process) runs every attack of the hardening issue in bounded parallel loops until the
 * deadline; then a cooldown with the attacker gone. Server memory, descriptors, CPU, heap and
 * loop delay are sampled each second. The summary states each bound and its verdict, the JSON
 * goes to bench/results/soak-<time>.json, and the exit code is 1 if a bound broke (2 if the run
 * itself failed). The server is stopped in every case.
 */
import { type ChildProcess, fork } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { cpuSeconds } from './metrics/proc.js'
import { createSoakWorld, type SoakWorld } from './soak/accounts.js'
import { type BoundInputs, verdicts } from './soak/bounds.js'
import type {
  AttackerReport,
  FromAttacker,
  FromHonest,
  HonestReport,
  Phase,
  ToHonest,
} from './soak/messages.js'
import { probeHealth, Sampler } from './soak/sampler.js'
import { type SoakServer, startSoakServer } from './soak/server.js'
import { figures as computeFigures, type Figures, type PhaseFigures } from './soak/summary.js'

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'sqlite' },
    server: { type: 'string' },
    'baseline-seconds': { type: 'string', default: '20' },
    'edits-per-second': { type: 'string', default: '3' },
  },
})

const here = path.dirname(fileURLToPath(import.meta.url))
const repoRoot = path.resolve(here, '../..')
const WARMUP_MS = 5_000
const COOLDOWN_MS = 15_000
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The next message from `child` that `accept` takes, or an error after `timeoutMs` or its exit. */
function nextMessage<T>(
  child: ChildProcess,
  accept: (m: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer)
      child.off('message', onMessage)
      child.off('exit', onExit)
    }
    const onMessage = (m: T) => {
      if (!accept(m)) return
      done()
      resolve(m)
    }
    const onExit = (code: number | null) => {
      done()
      reject(new Error(`${what}: the process exited (code ${code}) first`))
    }
    const timer = setTimeout(() => {
      done()
      reject(new Error(`${what}: nothing within ${timeoutMs / 1000} s`))
    }, timeoutMs)
    child.on('message', onMessage)
    child.on('exit', onExit)
  })
}

function forkWorker(file: string): ChildProcess {
  return fork(path.join(here, 'soak', file), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

function kill(child: ChildProcess | null): void {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}

interface Run {
  server: SoakServer | null
  world: SoakWorld | null
  honest: ChildProcess | null
  attacker: ChildProcess | null
  sampler: Sampler | null
  honestReport: HonestReport | null
  attackerReport: AttackerReport | null
  synced: { ms: number } | null
  limits: Record<string, unknown> | null
  finalHealthMs: number | null
  serverFailure: string | null
  stopFailure: string | null
  error: string | null
}

async function soak(run: Run, attackMs: number, baselineMs: number): Promise<void> {
  const serverEntry = path.resolve(values.server ?? path.join(repoRoot, 'packages/server/dist/main.js'))
  if (!fs.existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: build first (npm run build)`)
  const backend = values.backend === 'postgres' ? 'postgres' : 'sqlite'
  run.server = await startSoakServer({ entry: serverEntry, backend, postgresUrl })
  const server = run.server
  console.log(`server ${serverEntry} (${backend}) pid ${server.pid} at ${server.httpBase}`)
  // The running server's own limits, from the preload (it writes them within a second or two).
  for (let i = 0; i < 50 && !run.limits; i++) {
    run.limits = server.stats()?.limits ?? null
    if (!run.limits) await wait(100)
  }
  const world = await createSoakWorld(server.httpBase)
  run.world = world

  const honest = forkWorker('honest.js')
  run.honest = honest
  const honestMessage = (m: ToHonest) => honest.send(m)
  honestMessage({
    type: 'start',
    wsBase: `${server.httpBase.replace(/^http/, 'ws')}/collab`,
    documentId: world.documentId,
    origin: world.origin,
    cookies: world.editors.map((e) => e.cookie),
    editsPerSecond: Number(values['edits-per-second']),
  })
  const synced = await nextMessage<FromHonest>(honest, (m) => m.type !== 'report', 30_000, 'honest clients')
  if (synced.type === 'failed') throw new Error(`honest clients: ${synced.error}`)
  if (synced.type === 'synced') run.synced = { ms: synced.ms }
  console.log(`three honest editors synced in ${synced.type === 'synced' ? synced.ms.toFixed(0) : '?'} ms`)

  const selfStart = process.cpuUsage()
  const sampler = new Sampler(
    server,
    () => {
      const self = process.cpuUsage(selfStart)
      return {
        coordinator: (self.user + self.system) / 1e6,
        honest: honest.pid ? cpuSeconds(honest.pid) : null,
        attacker: run.attacker?.pid ? cpuSeconds(run.attacker.pid) : 0,
      }
    },
    { documentId: world.documentId, cookie: world.admin.cookie },
  )
  run.sampler = sampler
  const setPhase = (phase: Phase) => {
    sampler.phase = phase
    honestMessage({ type: 'phase', phase })
    console.log(`${new Date().toISOString().slice(11, 19)} ${phase}`)
  }
  sampler.start()
  setPhase('warmup')
  await wait(WARMUP_MS)
  setPhase('baseline')
  await wait(baselineMs)

  setPhase('attack')
  const attacker = forkWorker('attacker.js')
  run.attacker = attacker
  attacker.send({
    type: 'start',
    durationMs: attackMs,
    target: {
      httpBase: server.httpBase,
      port: server.port,
      origin: world.origin,
      workspaceId: world.workspaceId,
      documentId: world.documentId,
      cookies: world.viewerCookies,
      invitationToken: world.viewerInvitationToken,
      honestEmails: world.editors.map((e) => e.email),
    },
  })
  const report = nextMessage<FromAttacker>(attacker, () => true, attackMs + 60_000, 'attacker')
  // The attack window ends at the attacker's deadline, so "end of attack" is sampled while it
  // still holds everything; its clean-up, and the cooldown after it, count as the cooldown.
  await Promise.race([wait(attackMs), report.catch(() => {})])
  setPhase('cooldown')
  const attackerMessage = await report
  if (attackerMessage.type === 'failed') throw new Error(`attacker: ${attackerMessage.error}`)
  run.attackerReport = attackerMessage
  await wait(COOLDOWN_MS)
  honestMessage({ type: 'stop' })
  const honestReport = await nextMessage<FromHonest>(
    honest,
    (m) => m.type !== 'synced',
    40_000,
    'honest report',
  )
  if (honestReport.type === 'failed') throw new Error(`honest clients: ${honestReport.error}`)
  if (honestReport.type === 'report') run.honestReport = honestReport
  sampler.stop()
  run.finalHealthMs = (await probeHealth(server.httpBase, 5_000)).ms
  run.serverFailure = server.failed()
}

// ---- output ----

const f1 = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : 'n/a')

function phaseLine(name: string, p: PhaseFigures | undefined): string {
  if (!p) return `${name.padEnd(9)} (no samples)`
  const l = p.latency
  const gen = Object.entries(p.generatorCpuPercent)
    .map(([k, v]) => `${k} ${f1(v)}%`)
    .join(', ')
  return [
    `${name.padEnd(9)} ${f1(p.seconds).padStart(6)} s  edits ${String(p.edits).padStart(5)}  honest latency p50/p95/p99/max ${f1(l.p50)}/${f1(l.p95)}/${f1(l.p99)}/${f1(l.max)} ms`,
    `          RSS median/last/max ${f1(p.rssMiB.median)}/${f1(p.rssMiB.last)}/${f1(p.rssMiB.max)} MiB (VmHWM ${f1(p.hwmMiBLast)})  heap used ${f1(p.heapUsedMiB.median)}/${f1(p.heapUsedMiB.last)}/${f1(p.heapUsedMiB.max)} MiB  external+buffers ${f1(p.externalMiBLast)} MiB`,
    `          fds median/last/max ${p.fds.median}/${p.fds.last}/${p.fds.max}  server CPU ${f1(p.serverCpuPercent)}% of a core${p.postgresCpuPercent !== null ? ` (+ postgres ${f1(p.postgresCpuPercent)}%)` : ''}  loop delay p99 ≤ ${f1(p.loopP99MsMax)} ms, max ${f1(p.loopMaxMs)} ms`,
    `          generator CPU: ${gen}  /healthz p99 ${f1(p.health.p99Ms)} ms, max ${f1(p.health.maxMs)} ms, ${p.health.over1s}/${p.health.probes} over 1 s  renames ${p.renames.count} (${Object.entries(
      p.renames.statuses,
    )
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}) p99 ${f1(p.renames.p99Ms)} ms`,
  ].join('\n')
}

/** The server's figures every `everyS` seconds, to show whether growth levels off or keeps on. */
function timeline(samples: Sampler['samples'], everyS: number): string {
  const rows = ['     t  phase      RSS MiB  heap MiB   fds  CPU % (since the previous row)']
  let previous: (typeof samples)[number] | undefined
  for (const s of samples) {
    if (previous && s.t - previous.t < everyS && s !== samples.at(-1)) continue
    const cpu =
      previous && s.serverCpuS !== null && previous.serverCpuS !== null
        ? (100 * (s.serverCpuS - previous.serverCpuS)) / (s.t - previous.t)
        : Number.NaN
    rows.push(
      `${f1(s.t).padStart(6)}  ${s.phase.padEnd(9)} ${f1(s.rssMiB ?? Number.NaN).padStart(8)} ${f1(s.heapUsedMiB ?? Number.NaN).padStart(9)} ${String(s.fds ?? 'n/a').padStart(5)}  ${f1(cpu).padStart(6)}`,
    )
    previous = s
  }
  return rows.join('\n')
}

function printAttacks(report: AttackerReport): void {
  console.log(
    '\nAttacks (one viewer account, three sessions; attempts, outcomes, errors, held open for > 1 s at once):',
  )
  for (const a of report.attacks) {
    const outcomes = Object.entries(a.outcomes)
      .map(([k, v]) => `${k}×${v}`)
      .join(', ')
    const errors = Object.entries(a.errors)
      .map(([k, v]) => `${k}×${v}`)
      .join(', ')
    const figures = Object.entries(a.figures)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
    console.log(`  ${a.attack.padEnd(21)} ${a.description}`)
    console.log(
      `  ${''.padEnd(21)} attempts ${a.attempts}, held peak ${a.heldPeak}${figures ? `, ${figures}` : ''}`,
    )
    console.log(`  ${''.padEnd(21)} outcomes: ${outcomes || 'none'}${errors ? `; errors: ${errors}` : ''}`)
  }
  const h = report.heldPeak
  console.log(
    `  held at once (peak of per-second samples): websockets ${h.websockets}, event streams ${h.eventStreams}, raw sockets ${h.rawSockets}; sockets left at clean-up ${report.leftAtCleanup} (destroyed)`,
  )
  for (const o of report.omitted) console.log(`  left out: ${o.attack}: ${o.why}`)
}

function headline(fig: Figures): string {
  const b = fig.phases.baseline
  const a = fig.phases.attack
  const c = fig.phases.cooldown
  if (!b || !a) return 'no baseline or attack window'
  return (
    `RSS grew from ${f1(b.rssMiB.median)} to ${f1(a.rssMiB.last)} MiB (peak ${f1(Math.max(a.hwmMiBLast, c?.hwmMiBLast ?? 0))}, ${f1(c?.rssMiB.last ?? Number.NaN)} after cooldown); ` +
    `heap used ${f1(b.heapUsedMiB.median)} → ${f1(a.heapUsedMiB.last)} MiB; ` +
    `fds from ${b.fds.median} to ${a.fds.last} (${c?.fds.last ?? 'n/a'} after cooldown); ` +
    `honest p99 went from ${f1(b.latency.p99)} to ${f1(a.latency.p99)} ms (max ${f1(a.latency.max)} ms); ` +
    `server CPU ${f1(b.serverCpuPercent)}% → ${f1(a.serverCpuPercent)}% of a core`
  )
}

async function main(): Promise<number> {
  const minutes = Number(values.minutes)
  const baselineMs = Number(values['baseline-seconds']) * 1000
  const attackMs = Math.max(30_000, minutes * 60_000 - baselineMs)
  const run: Run = {
    server: null,
    world: null,
    honest: null,
    attacker: null,
    sampler: null,
    honestReport: null,
    attackerReport: null,
    synced: null,
    limits: null,
    finalHealthMs: null,
    serverFailure: null,
    stopFailure: null,
    error: null,
  }
  // A last resort: whatever hangs, the server and workers are killed and the soak ends.
  const expectedMs = 60_000 + WARMUP_MS + baselineMs + attackMs + COOLDOWN_MS + 180_000
  const watchdog = setTimeout(() => {
    console.error(`soak: watchdog after ${expectedMs / 1000} s; killing everything`)
    kill(run.honest)
    kill(run.attacker)
    if (run.server) process.kill(run.server.pid, 'SIGKILL')
    process.exit(2)
  }, expectedMs)
  watchdog.unref()
  const interrupted = () => {
    kill(run.honest)
    kill(run.attacker)
    if (run.server) process.kill(run.server.pid, 'SIGKILL')
    process.exit(130)
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)

  const startedAt = new Date()
  try {
    await soak(run, attackMs, baselineMs)
  } catch (error) {
    run.error = error instanceof Error ? (error.stack ?? error.message) : String(error)
    console.error(`soak failed: ${run.error}`)
  } finally {
    run.sampler?.stop()
    kill(run.honest)
    kill(run.attacker)
    if (run.server) {
      run.serverFailure ??= run.server.failed()
      run.stopFailure = await run.server.stop()
    }
  }
  clearTimeout(watchdog)
  if (!run.sampler || !run.server) return 2

  const edits = run.honestReport?.edits ?? []
  const fig = computeFigures(run.sampler.samples, edits, run.sampler.health, run.sampler.renames)
  const limits = run.limits
  const limitOf = (key: string, fallback: number) =>
    typeof limits?.[key] === 'number' ? (limits[key] as number) : fallback
  const inputs: BoundInputs = {
    figures: fig,
    heldWebsockets: run.attackerReport?.heldPeak.websockets ?? Number.NaN,
    heldEventStreams: run.attackerReport?.heldPeak.eventStreams ?? Number.NaN,
    limits: {
      websocketsPerUserPerDocument: limitOf('maxConnectionsPerUserPerDocument', 20),
      eventStreamsPerUser: limitOf('maxEventStreamsPerUser', 24),
      fromServer: limits !== null && typeof limits.maxConnectionsPerUserPerDocument === 'number',
    },
    finalHealthMs: run.finalHealthMs,
    serverFailure: run.serverFailure,
    stopFailure: run.stopFailure,
    honestReported: run.honestReport !== null,
    attackerReported: run.attackerReport !== null,
  }
  const results = verdicts(inputs)

  console.log(
    `\nTrepart abuse soak, ${run.server.backend}, ${(attackMs / 60_000).toFixed(1)} min of attack after ${baselineMs / 1000} s of baseline`,
  )
  console.log(
    `server on its default limits (Argon2 ${limits?.auth ? `${(limits.auth as { argon2MemoryKib: number }).argon2MemoryKib} KiB × ${(limits.auth as { argon2TimeCost: number }).argon2TimeCost}` : 'defaults'}); ` +
      `${os.cpus().length} cores; generator in the same machine (its CPU is shown per process)`,
  )
  console.log(phaseLine('baseline', fig.phases.baseline))
  console.log(phaseLine('attack', fig.phases.attack))
  console.log(phaseLine('cooldown', fig.phases.cooldown))
  console.log(
    `honest edits ${fig.editsTotal}, lost ${fig.lostEdits}${fig.lostEdits ? ` (${JSON.stringify(fig.lostEditsByPhase)})` : ''}; disconnects ${JSON.stringify(run.honestReport?.disconnects ?? [])}; drain ${f1(run.honestReport?.drainMs ?? Number.NaN)} ms`,
  )
  console.log(`\n${timeline(run.sampler.samples, 20)}`)
  if (run.attackerReport) printAttacks(run.attackerReport)
  const logs = run.server.logs
  console.log(
    `\nserver log lines: ${JSON.stringify(logs.levels)}${logs.errors.length ? `; errors: ${logs.errors.join(' | ')}` : ''}`,
  )
  console.log(`\n${headline(fig)}`)
  console.log('\nBounds:')
  for (const v of results) console.log(`  ${v.ok ? 'ok    ' : 'BROKEN'}  ${v.bound}: ${v.figure}`)
  if (run.error) console.log(`  BROKEN  the run itself: ${run.error.split('\n')[0]}`)

  const out = path.join(
    repoRoot,
    'bench/results',
    `soak-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`,
  )
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(
    out,
    JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        args: values,
        server: {
          entry: values.server ?? 'packages/server/dist/main.js',
          backend: run.server.backend,
          limits,
        },
        machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version },
        verdicts: results,
        error: run.error,
        figures: fig,
        attacker: run.attackerReport,
        honest: run.honestReport
          ? { disconnects: run.honestReport.disconnects, drainMs: run.honestReport.drainMs }
          : null,
        serverLogs: logs,
        samples: run.sampler.samples,
        health: run.sampler.health,
        renames: run.sampler.renames,
        edits,
      },
      null,
      1,
    ),
  )
  console.log(`\nwritten ${path.relative(process.cwd(), out)}`)
  const broken = results.filter((v) => !v.ok).length
  console.log(
    broken || run.error
      ? `verdict: ${broken} bound(s) broken${run.error ? ', and the run failed' : ''}`
      : 'verdict: every bound held',
  )
  return run.error ? 2 : broken ? 1 : 0
}

process.exitCode = await main()
