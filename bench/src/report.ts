/**
 * Turns run results into the markdown table (each figure with its ratio to the peer measured in
 * the same repeat; a scenario with a baseline, such as busy-comments, with its ratio to the
 * baseline instead) and the list of targets, met or not.
 */
import { median } from './metrics/stats.js'
import { type PeerName, peerLabels } from './peers/peer.js'
import type { RunResult } from './run-scenario.js'
import type { EditScenario, Scenario } from './scenarios.js'

interface Metric {
  label: string
  get: (r: RunResult) => number | null | undefined
  /** Only meaningful for these peers. */
  only?: PeerName[]
}

const maxOf = (values: number[]) => (values.length ? Math.max(...values) : Number.NaN)

const editMetrics: Metric[] = [
  { label: 'latency p50 (ms)', get: (r) => r.latency?.p50 },
  { label: 'latency p95 (ms)', get: (r) => r.latency?.p95 },
  { label: 'latency p99 (ms)', get: (r) => r.latency?.p99 },
  { label: 'latency max (ms)', get: (r) => r.latency?.max },
  { label: 'edits sent', get: (r) => r.edits },
  { label: 'edits lost', get: (r) => r.lost },
  { label: 'connect all clients (ms)', get: (r) => r.connectMs },
  { label: 'server CPU s / 1,000 edits', get: (r) => r.cpuPer1000Edits },
  { label: 'PostgreSQL CPU s / 1,000 edits', get: (r) => r.dbCpuPer1000Edits, only: ['trepart-pg'] },
  { label: 'server peak RSS (MiB)', get: (r) => r.peakRssMiB },
  { label: 'update-log appends / s', get: (r) => r.committedPerSec, only: ['trepart-sqlite', 'trepart-pg'] },
  { label: 'generator event-loop use (max)', get: (r) => maxOf(r.generatorElu.run) },
  { label: 'generator event-loop delay p99 (ms)', get: (r) => r.generatorLoopDelayMs.p99 },
  {
    label: 'generator CPU (cores busy)',
    get: (r) => (r.windowSec ? r.generatorCpuSec.run / r.windowSec : Number.NaN),
  },
  { label: 'server CPU (cores busy)', get: (r) => (r.windowSec ? r.serverCpuSec / r.windowSec : Number.NaN) },
  { label: 'other load on the machine (cores busy)', get: (r) => r.otherLoadCores },
]

const find = (label: string, list: Metric[]) => list.find((m) => m.label === label)!
const trepartPeers: PeerName[] = ['trepart-sqlite', 'trepart-pg']

/** The rows of a scenario beside its baseline: the keystroke path first, then the comments. */
const comparedMetrics: Metric[] = [
  ...[
    'latency p50 (ms)',
    'latency p95 (ms)',
    'latency p99 (ms)',
    'latency max (ms)',
    'edits sent',
    'edits lost',
    'server CPU s / 1,000 edits',
    'server CPU (cores busy)',
    'PostgreSQL CPU s / 1,000 edits',
    'server peak RSS (MiB)',
  ].map((label) => find(label, editMetrics)),
  {
    label: 'comments accepted (threads + replies)',
    get: (r) => r.comments && r.comments.threads + r.comments.replies,
  },
  { label: 'comments / s', get: (r) => r.comments?.perSec },
  { label: 'comment writes failed', get: (r) => r.comments?.failed },
  { label: 'comment write p50 (ms, until answered)', get: (r) => r.comments?.latency?.p50 },
  { label: 'comment write p99 (ms, until answered)', get: (r) => r.comments?.latency?.p99 },
  {
    label: 'comment events received, per comment',
    get: (r) => r.comments && r.comments.serverEvents / Math.max(1, r.comments.threads + r.comments.replies),
  },
  ...['generator event-loop use (max)', 'other load on the machine (cores busy)'].map((label) =>
    find(label, editMetrics),
  ),
]

const capacityMetrics: Metric[] = [
  { label: 'connect all clients (ms)', get: (r) => r.connectMs },
  { label: 'connect one client p50 (ms)', get: (r) => r.connectClientP50Ms },
  { label: 'server RSS with all connected (MiB)', get: (r) => r.rssMiB },
  { label: 'server peak RSS (MiB)', get: (r) => r.peakRssMiB },
  { label: 'server CPU s (connect + hold)', get: (r) => r.serverCpuSec },
  { label: 'generator event-loop use (max)', get: (r) => maxOf(r.generatorElu.connect) },
]

const joinMetrics: Metric[] = [
  { label: 'all joiners have the whole reply (ms)', get: (r) => r.connectClientMaxMs },
  { label: 'one joiner p50 (ms)', get: (r) => r.connectClientP50Ms },
  { label: 'document (MiB)', get: (r) => (r.documentBytes ?? Number.NaN) / 1024 / 1024 },
  { label: 'server CPU s (join)', get: (r) => r.serverCpuSec },
  { label: 'server peak RSS (MiB)', get: (r) => r.peakRssMiB },
  { label: 'generator event-loop use (max)', get: (r) => maxOf(r.generatorElu.connect) },
]

function metricsFor(s: Scenario): Metric[] {
  return s.kind === 'edit' ? editMetrics : s.kind === 'capacity' ? capacityMetrics : joinMetrics
}

/** A figure as the tables show it: about three significant digits, `–` when there is none. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '–'
  if (Number.isInteger(v)) return v.toLocaleString('en-US')
  const a = Math.abs(v)
  return a >= 100
    ? Math.round(v).toLocaleString('en-US')
    : a >= 10
      ? v.toFixed(1)
      : a >= 1
        ? v.toFixed(2)
        : v.toFixed(3)
}

function ok(r: RunResult): boolean {
  return r.error === null
}

/** Median of a metric over the repeats of one peer in one scenario. */
export function medianOf(results: RunResult[], scenario: string, peer: PeerName, m: Metric): number {
  return median(
    results
      .filter((r) => r.scenario === scenario && r.peer === peer && ok(r))
      .map((r) => m.get(r) ?? Number.NaN),
  )
}

/** Median over repeats of a/b, each pair measured in the same repeat. */
function ratioOf(results: RunResult[], scenario: string, a: PeerName, b: PeerName, m: Metric): number {
  return pairRatio(results, { scenario, peer: a }, { scenario, peer: b }, m)
}

/** Median over repeats of a/b for two (scenario, peer) runs, each pair measured in the same repeat. */
function pairRatio(
  results: RunResult[],
  a: { scenario: string; peer: PeerName },
  b: { scenario: string; peer: PeerName },
  m: Metric,
): number {
  const ratios: number[] = []
  for (const ra of results.filter((r) => r.scenario === a.scenario && r.peer === a.peer && ok(r))) {
    const rb = results.find(
      (r) => r.scenario === b.scenario && r.peer === b.peer && r.repeat === ra.repeat && ok(r),
    )
    const va = m.get(ra)
    const vb = rb ? m.get(rb) : null
    if (va == null || vb == null || !Number.isFinite(va) || !Number.isFinite(vb) || vb === 0) continue
    ratios.push(va / vb)
  }
  return median(ratios)
}

const ratioText = (v: number) => (Number.isFinite(v) ? `×${v.toFixed(2)}` : '–')

/**
 * A scenario beside its baseline from the same run, per Trepart peer: each figure for both and
 * their ratio (scenario / baseline, median of per-repeat ratios), so the cost of the one change
 * (comments, for busy-comments) on the keystroke path reads off one table.
 */
function comparedTable(
  results: RunResult[],
  s: EditScenario & { baseline: string },
  peers: PeerName[],
): string[] {
  const lines: string[] = []
  const repeats = new Set(results.filter((r) => r.scenario === s.id).map((r) => r.repeat)).size
  const against = s.alternate
    ? `Compared with \`${s.baseline}\`: the slices of the same runs without the comment load (${s.alternate.slicesEach} of each kind, in turn: off, on, on, off, …) (\`${s.id}\` / \`${s.baseline}\`).`
    : `Compared with \`${s.baseline}\` from the same run (\`${s.id}\` / \`${s.baseline}\`).`
  lines.push(
    `### ${s.title}`,
    '',
    `${against} Median of ${repeats} repeat${repeats > 1 ? 's' : ''}; ratios are medians of per-repeat ratios.`,
    '',
  )
  const shown = trepartPeers.filter((p) => peers.includes(p) && (!s.peers || s.peers.includes(p)))
  const head = ['figure']
  for (const p of shown) head.push(`${peerLabels[p]}: ${s.baseline}`, s.id, `${s.id} / ${s.baseline}`)
  lines.push(`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`)
  for (const m of comparedMetrics) {
    const row = [m.label]
    for (const p of shown) {
      if (m.only && !m.only.includes(p)) {
        row.push('–', '–', '–')
        continue
      }
      row.push(
        fmt(medianOf(results, s.baseline, p, m)),
        fmt(medianOf(results, s.id, p, m)),
        ratioText(pairRatio(results, { scenario: s.id, peer: p }, { scenario: s.baseline, peer: p }, m)),
      )
    }
    lines.push(`| ${row.join(' | ')} |`)
  }
  const row = ['server CPU above the baseline, per comment (ms)']
  for (const p of shown) row.push('–', fmt(extraCpuPerComment(results, s, p)), '–')
  lines.push(`| ${row.join(' | ')} |`, '')
  return lines
}

/**
 * The server CPU the scenario used beyond its baseline in the same repeat (per edit, times its
 * edits) over the comments it accepted, in ms: what one comment costs, all of it counted (the
 * request, the anchor, the store, the events), median over repeats.
 */
function extraCpuPerComment(
  results: RunResult[],
  s: EditScenario & { baseline: string },
  peer: PeerName,
): number {
  const values: number[] = []
  for (const r of results.filter((x) => x.scenario === s.id && x.peer === peer && ok(x))) {
    const b = results.find(
      (x) => x.scenario === s.baseline && x.peer === peer && x.repeat === r.repeat && ok(x),
    )
    const comments = r.comments ? r.comments.threads + r.comments.replies : 0
    if (!b || r.cpuPer1000Edits === null || b.cpuPer1000Edits === null || comments === 0) continue
    values.push(((r.cpuPer1000Edits - b.cpuPer1000Edits) * r.edits) / comments)
  }
  return median(values)
}

const hasBaseline = (s: Scenario): s is EditScenario & { baseline: string } =>
  s.kind === 'edit' && s.baseline !== undefined

export function table(results: RunResult[], scenarios: Scenario[], peers: PeerName[]): string {
  const lines: string[] = []
  const has = (p: PeerName) => peers.includes(p)
  for (const s of scenarios) {
    if (!results.some((r) => r.scenario === s.id)) continue
    if (hasBaseline(s)) {
      lines.push(...comparedTable(results, s, peers))
      continue
    }
    const repeats = new Set(results.filter((r) => r.scenario === s.id).map((r) => r.repeat)).size
    lines.push(
      `### ${s.title}`,
      '',
      `Median of ${repeats} repeat${repeats > 1 ? 's' : ''}; ratios are medians of per-repeat ratios.`,
      '',
    )
    const head = ['figure']
    if (has('trepart-sqlite')) head.push(peerLabels['trepart-sqlite'])
    if (has('reference')) head.push(peerLabels.reference)
    if (has('trepart-sqlite') && has('reference')) head.push('SQLite / reference')
    if (has('hocuspocus')) head.push(peerLabels.hocuspocus)
    if (has('trepart-pg')) head.push(peerLabels['trepart-pg'])
    if (has('trepart-pg') && has('hocuspocus')) head.push('PostgreSQL / Hocuspocus')
    lines.push(`| ${head.join(' | ')} |`, `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`)
    for (const m of metricsFor(s)) {
      const cell = (p: PeerName) => (m.only && !m.only.includes(p) ? '–' : fmt(medianOf(results, s.id, p, m)))
      const row = [m.label]
      const pair = (a: PeerName, b: PeerName) =>
        m.only && !(m.only.includes(a) && m.only.includes(b))
          ? '–'
          : ratioText(ratioOf(results, s.id, a, b, m))
      if (has('trepart-sqlite')) row.push(cell('trepart-sqlite'))
      if (has('reference')) row.push(cell('reference'))
      if (has('trepart-sqlite') && has('reference')) row.push(pair('trepart-sqlite', 'reference'))
      if (has('hocuspocus')) row.push(cell('hocuspocus'))
      if (has('trepart-pg')) row.push(cell('trepart-pg'))
      if (has('trepart-pg') && has('hocuspocus')) row.push(pair('trepart-pg', 'hocuspocus'))
      lines.push(`| ${row.join(' | ')} |`)
    }
    lines.push('')
  }
  return lines.join('\n')
}

export interface Target {
  text: string
  met: boolean | null
  figure: string
}

/** The targets for the SQLite run against the reference server. */
export function targets(results: RunResult[], scenarios: Scenario[]): Target[] {
  const out: Target[] = []
  const t = 'trepart-sqlite'
  const ref = 'reference'
  for (const s of scenarios) {
    if (s.kind !== 'edit') continue
    if (hasBaseline(s)) {
      out.push(...withinOfBaseline(results, s))
      continue
    }
    for (const p of ['p50', 'p95', 'p99']) {
      const m = find(`latency ${p} (ms)`, editMetrics)
      const a = medianOf(results, s.id, t, m)
      const b = medianOf(results, s.id, ref, m)
      out.push({
        text: `${s.id}: latency ${p} ≤ reference`,
        met: Number.isFinite(a) && Number.isFinite(b) ? a <= b : null,
        figure: `${fmt(a)} ms vs ${fmt(b)} ms`,
      })
    }
    const cpu = find('server CPU s / 1,000 edits', editMetrics)
    const a = medianOf(results, s.id, t, cpu)
    const b = medianOf(results, s.id, ref, cpu)
    out.push({
      text: `${s.id}: server CPU per 1,000 edits ≤ 1.0× reference`,
      met: Number.isFinite(a) && Number.isFinite(b) ? a <= b : null,
      figure: `${fmt(a)} s vs ${fmt(b)} s (×${(a / b).toFixed(2)})`,
    })
  }
  const join = scenarios.find((s) => s.id === 'join-2mib')
  if (join) {
    const m = find('all joiners have the whole reply (ms)', joinMetrics)
    const a = medianOf(results, join.id, t, m)
    const b = medianOf(results, join.id, ref, m)
    out.push({
      text: `${join.id}: joiners have the whole reply in ≤ 0.25× the reference time`,
      met: Number.isFinite(a) && Number.isFinite(b) ? a <= 0.25 * b : null,
      figure: `${fmt(a)} ms vs ${fmt(b)} ms (×${(a / b).toFixed(2)})`,
    })
  }
  const capacity = scenarios.find((s) => s.kind === 'capacity')
  if (capacity) {
    const a = medianOf(results, capacity.id, t, find('server peak RSS (MiB)', capacityMetrics))
    out.push({
      text: `${capacity.id}: Trepart RSS < 500 MiB`,
      met: Number.isFinite(a) ? a < 500 : null,
      figure: `${fmt(a)} MiB peak`,
    })
  }
  const lost = results.reduce((n, r) => n + r.lost, 0)
  const failed = results.filter((r) => r.error !== null).length
  out.push({
    text: 'zero lost edits everywhere (and no failed run)',
    met: lost === 0 && failed === 0,
    figure: `${lost} lost, ${failed} failed runs`,
  })
  return out
}

/** Issue 12: comments keep the keystroke path's latency and CPU within 5 % of the baseline's. */
const BASELINE_TOLERANCE = 1.05

function withinOfBaseline(results: RunResult[], s: EditScenario & { baseline: string }): Target[] {
  const out: Target[] = []
  const t: PeerName = 'trepart-sqlite'
  const figures = [
    { label: 'latency p50 (ms)', name: 'latency p50', unit: 'ms' },
    { label: 'latency p99 (ms)', name: 'latency p99', unit: 'ms' },
    { label: 'server CPU s / 1,000 edits', name: 'server CPU per 1,000 edits', unit: 's' },
  ]
  for (const { label, name, unit } of figures) {
    const m = find(label, editMetrics)
    const ratio = pairRatio(results, { scenario: s.id, peer: t }, { scenario: s.baseline, peer: t }, m)
    const a = medianOf(results, s.id, t, m)
    const b = medianOf(results, s.baseline, t, m)
    out.push({
      text: `${s.id}: ${name} within 5 % of ${s.baseline} (SQLite)`,
      met: Number.isFinite(ratio) ? ratio <= BASELINE_TOLERANCE : null,
      figure: `${fmt(a)} ${unit} vs ${fmt(b)} ${unit} (${ratioText(ratio)})`,
    })
  }
  return out
}

export function targetList(list: Target[]): string {
  return list
    .map((t) => `- ${t.met === null ? 'n/a' : t.met ? '**met**' : '**not met**'} — ${t.text}: ${t.figure}`)
    .join('\n')
}
