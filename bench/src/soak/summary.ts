/**
 * The soak's figures from its raw series: per phase, the honest edits' latency, the server's
 * memory, descriptors, heap, CPU and loop delay, the generator's CPU, and the health probes.
 * "Baseline" values are medians over the baseline window (honest clients and the admin only);
 * "end of attack" is the last sample before the attacker stopped; "after cooldown" the last one.
 */
import { type LatencySummary, median, summarize } from '../metrics/stats.js'
import type { EditRecord, Phase } from './messages.js'
import type { Probe, Sample } from './sampler.js'

export interface PhaseFigures {
  seconds: number
  edits: number
  latency: LatencySummary
  rssMiB: { median: number; last: number; max: number }
  hwmMiBLast: number
  fds: { median: number; last: number; max: number }
  heapUsedMiB: { median: number; last: number; max: number }
  externalMiBLast: number
  loopP99MsMax: number
  loopMaxMs: number
  /** Share of one core, in percent. */
  serverCpuPercent: number
  postgresCpuPercent: number | null
  generatorCpuPercent: Record<string, number>
  health: { probes: number; failed: number; over1s: number; p99Ms: number; maxMs: number }
  renames: { count: number; statuses: Record<string, number>; p99Ms: number }
}

export interface Figures {
  phases: Partial<Record<Phase, PhaseFigures>>
  lostEdits: number
  lostEditsByPhase: Partial<Record<Phase, number>>
  editsTotal: number
}

const finite = (values: Array<number | null>) =>
  values.filter((v): v is number => v !== null && Number.isFinite(v))
const last = (values: Array<number | null>) => finite(values).at(-1) ?? Number.NaN
const max = (values: Array<number | null>) => {
  const v = finite(values)
  return v.length ? Math.max(...v) : Number.NaN
}

function share(samples: Sample[], pick: (s: Sample) => number | null): number {
  const points = samples.filter((s) => pick(s) !== null)
  if (points.length < 2) return Number.NaN
  const first = points[0]!
  const end = points.at(-1)!
  return (100 * (pick(end)! - pick(first)!)) / (end.t - first.t)
}

function p99(values: number[]): number {
  return summarize(values.map((v) => v * 1000)).p99
}

export function phaseFigures(
  phase: Phase,
  samples: Sample[],
  edits: EditRecord[],
  health: Probe[],
  renames: Probe[],
  /** The sample just before the phase, so CPU is counted over the whole phase. */
  before: Sample | undefined,
): PhaseFigures {
  const own = samples.filter((s) => s.phase === phase)
  const span = before ? [before, ...own] : own
  const latencies = edits
    .filter((e) => e.phase === phase && e.latencyMs !== null)
    .map((e) => e.latencyMs! * 1000)
  const probes = health.filter((p) => p.phase === phase)
  const answered = finite(probes.map((p) => p.ms))
  const renamed = renames.filter((p) => p.phase === phase)
  const statuses: Record<string, number> = {}
  for (const r of renamed)
    statuses[String(r.status ?? 'none')] = (statuses[String(r.status ?? 'none')] ?? 0) + 1
  const generators = Object.keys(own[0]?.generatorCpuS ?? {})
  return {
    seconds: own.length ? own.at(-1)!.t - (before ?? own[0]!).t : 0,
    edits: edits.filter((e) => e.phase === phase).length,
    latency: summarize(latencies),
    rssMiB: {
      median: median(finite(own.map((s) => s.rssMiB))),
      last: last(own.map((s) => s.rssMiB)),
      max: max(own.map((s) => s.rssMiB)),
    },
    hwmMiBLast: last(own.map((s) => s.hwmMiB)),
    fds: {
      median: median(finite(own.map((s) => s.fds))),
      last: last(own.map((s) => s.fds)),
      max: max(own.map((s) => s.fds)),
    },
    heapUsedMiB: {
      median: median(finite(own.map((s) => s.heapUsedMiB))),
      last: last(own.map((s) => s.heapUsedMiB)),
      max: max(own.map((s) => s.heapUsedMiB)),
    },
    externalMiBLast: last(own.map((s) => s.externalMiB)),
    loopP99MsMax: max(own.map((s) => s.loopP99Ms)),
    loopMaxMs: max(own.map((s) => s.loopMaxMs)),
    serverCpuPercent: share(span, (s) => s.serverCpuS),
    postgresCpuPercent: span[0]?.postgresCpuS === null ? null : share(span, (s) => s.postgresCpuS),
    generatorCpuPercent: Object.fromEntries(
      generators.map((g) => [g, share(span, (s) => s.generatorCpuS[g] ?? null)]),
    ),
    health: {
      probes: probes.length,
      failed: probes.filter((p) => p.ms === null).length,
      over1s: probes.filter((p) => p.ms === null || p.ms > 1000).length,
      p99Ms: p99(answered),
      maxMs: max(probes.map((p) => p.ms ?? 5000)),
    },
    renames: { count: renamed.length, statuses, p99Ms: p99(finite(renamed.map((r) => r.ms))) },
  }
}

export function figures(samples: Sample[], edits: EditRecord[], health: Probe[], renames: Probe[]): Figures {
  const phases: Partial<Record<Phase, PhaseFigures>> = {}
  for (const phase of ['warmup', 'baseline', 'attack', 'cooldown'] as const) {
    const firstIndex = samples.findIndex((s) => s.phase === phase)
    if (firstIndex < 0) continue
    phases[phase] = phaseFigures(phase, samples, edits, health, renames, samples[firstIndex - 1])
  }
  const lost = edits.filter((e) => e.latencyMs === null)
  const lostEditsByPhase: Partial<Record<Phase, number>> = {}
  for (const e of lost) lostEditsByPhase[e.phase] = (lostEditsByPhase[e.phase] ?? 0) + 1
  return { phases, lostEdits: lost.length, lostEditsByPhase, editsTotal: edits.length }
}
