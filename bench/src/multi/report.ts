/**
 * The scale-out tables (one per system, a column per instance count, medians over repeats), the
 * estimate for three machines reasoned from the measured costs, and the "Scale-out (issue 15)"
 * section of docs/performance.md, which a full run replaces between its markers and nowhere else.
 */
import { median } from '../metrics/stats.js'
import { fmt } from '../report.js'
import { type SystemName, systemLabels } from './cluster.js'
import type { Estimate } from './prometheus.js'
import type { MultiResult } from './run.js'

interface Row {
  label: string
  /** A figure of one run, or a text cell already formatted (for per-instance lists). */
  get: (r: MultiResult) => number | null | undefined
  only?: SystemName
  /** Summed over repeats (losses) instead of their median. */
  sum?: boolean
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0)
/** `1`, `1 and 2`, `1, 2 and 3`. */
const and = (items: Array<string | number>) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`
const per1000 = (cpu: number | null, r: MultiResult) =>
  cpu === null || !r.edits ? Number.NaN : (cpu / r.edits) * 1000
const summedCpu = (r: MultiResult) => sum(r.instanceCpuSec)
const estimateMs = (e: Estimate | null | undefined) => e?.value ?? Number.NaN

const rows: Row[] = [
  { label: 'latency p50 (ms), writer to every other client', get: (r) => r.latency?.p50 },
  { label: 'latency p95 (ms)', get: (r) => r.latency?.p95 },
  { label: 'latency p99 (ms)', get: (r) => r.latency?.p99 },
  { label: 'latency max (ms)', get: (r) => r.latency?.max },
  { label: 'clients', get: (r) => r.clients },
  { label: 'edits sent', get: (r) => r.edits },
  { label: 'edits lost (all repeats)', get: (r) => r.lost, sum: true },
  { label: 'server CPU s / 1,000 edits, all instances summed', get: (r) => per1000(summedCpu(r), r) },
  {
    label: 'server CPU s / 1,000 edits, per instance (mean)',
    get: (r) => per1000(summedCpu(r) / r.instances, r),
  },
  { label: 'server CPU (cores busy), summed', get: (r) => (r.windowSec ? summedCpu(r) / r.windowSec : null) },
  { label: 'Redis CPU s / 1,000 edits', get: (r) => per1000(r.redisCpuSec, r) },
  { label: 'PostgreSQL CPU s / 1,000 edits', get: (r) => per1000(r.postgresCpuSec, r), only: 'trepart' },
  { label: 'fan-out lag p50 (ms, from buckets)', get: (r) => estimateMs(r.fanout?.p50Ms), only: 'trepart' },
  { label: 'fan-out lag p99 (ms, from buckets)', get: (r) => estimateMs(r.fanout?.p99Ms), only: 'trepart' },
  { label: 'updates received from another instance', get: (r) => r.fanout?.count, only: 'trepart' },
  {
    label: '… per edit (every other instance: n − 1)',
    get: (r) => (r.fanout && r.edits ? r.fanout.count / r.edits : null),
    only: 'trepart',
  },
  { label: 'gaps filled from the database', get: (r) => r.fanout?.gapsFilled, only: 'trepart', sum: true },
  { label: 'updates committed (all instances)', get: (r) => r.fanout?.committedUpdates, only: 'trepart' },
  { label: 'instance peak RSS (MiB, largest)', get: (r) => Math.max(...r.peakRssMiB) },
  { label: 'generator CPU (cores busy)', get: (r) => (r.windowSec ? r.generatorCpuSec / r.windowSec : null) },
  { label: 'generator event-loop delay p99 (ms)', get: (r) => r.generatorLoopDelayP99Ms },
  { label: 'other load on the machine (cores busy)', get: (r) => r.otherLoadCores },
  { label: 'whole machine (cores busy)', get: (r) => machineBusyCores(r) },
]

function ok(r: MultiResult): boolean {
  return r.error === null
}

function runsOf(results: MultiResult[], system: SystemName, n: number): MultiResult[] {
  return results.filter((r) => r.system === system && r.instances === n && ok(r))
}

function figure(results: MultiResult[], system: SystemName, n: number, row: Row): number {
  const values = runsOf(results, system, n)
    .map((r) => row.get(r))
    .filter((v): v is number => typeof v === 'number' && !Number.isNaN(v))
  if (!values.length) return Number.NaN
  return row.sum ? sum(values) : median(values)
}

/** Each instance's CPU per 1,000 edits, median over repeats: `0.41 · 0.39 · 0.40`. */
function perInstanceCell(results: MultiResult[], system: SystemName, n: number): string {
  const runs = runsOf(results, system, n)
  if (!runs.length) return '–'
  return Array.from({ length: n }, (_, i) =>
    fmt(median(runs.map((r) => per1000(r.instanceCpuSec[i] ?? Number.NaN, r)))),
  ).join(' · ')
}

export function systemTable(results: MultiResult[], system: SystemName, counts: number[]): string {
  const head = `| figure | ${counts.map((n) => `${n} instance${n > 1 ? 's' : ''}`).join(' | ')} |`
  const lines = [head, `| --- |${counts.map(() => ' ---: |').join('')}`]
  for (const row of rows) {
    if (row.only && row.only !== system) continue
    lines.push(`| ${row.label} | ${counts.map((n) => fmt(figure(results, system, n, row))).join(' | ')} |`)
    if (row.label.startsWith('server CPU s / 1,000 edits, per instance')) {
      lines.push(
        `| … each instance | ${counts.map((n) => perInstanceCell(results, system, n)).join(' | ')} |`,
      )
    }
  }
  const repeats = Math.max(0, ...counts.map((n) => runsOf(results, system, n).length))
  const failed = results.filter((r) => r.system === system && !ok(r))
  return [
    `### ${systemLabels[system]}`,
    '',
    `Median of ${repeats} repeat${repeats === 1 ? '' : 's'} per column${failed.length ? `; ${failed.length} failed run(s) left out` : ''}.`,
    '',
    ...lines,
    '',
  ].join('\n')
}

const cpu1000 = (label: string) => rows.find((r) => r.label.startsWith(label))!

/** Cores the machine was busy with, ours and other work's, during a run's window. */
function machineBusyCores(r: MultiResult): number {
  if (!r.windowSec) return Number.NaN
  const ours = sum(r.instanceCpuSec) + r.redisCpuSec + (r.postgresCpuSec ?? 0) + r.generatorCpuSec
  return ours / r.windowSec + r.otherLoadCores
}

/** A run whose machine was busier than this share of its cores measured queues, not only costs. */
const SATURATED_SHARE = 0.9

/** Instance counts at which the median run had the machine's cores (nearly) full. */
export function saturatedCounts(
  results: MultiResult[],
  system: SystemName,
  counts: number[],
  cores: number,
): number[] {
  return counts.filter((n) => {
    const busy = runsOf(results, system, n).map(machineBusyCores)
    return busy.length > 0 && median(busy) >= SATURATED_SHARE * cores
  })
}

/**
 * The figures the estimate for three machines rests on, from the measured medians: what crossing
 * an instance costs, and how far one instance, Redis and PostgreSQL would each carry the load if
 * each had its own machine. Every line says it is an estimate and what it assumes.
 */
export function estimate(results: MultiResult[], counts: number[], cores: number): string[] {
  const system: SystemName = 'trepart'
  const at = (n: number, label: string) => figure(results, system, n, cpu1000(label))
  const spread = counts.filter((n) => n > 1)
  const largest = Math.max(...counts)
  if (!counts.includes(1) || spread.length === 0) return ['(needs runs with 1 and with 2 or 3 instances)']
  const summed1 = at(1, 'server CPU s / 1,000 edits, all')
  const summedN = at(largest, 'server CPU s / 1,000 edits, all')
  const perInstanceN = at(largest, 'server CPU s / 1,000 edits, per instance')
  const redisN = at(largest, 'Redis CPU')
  const pgN = at(largest, 'PostgreSQL CPU')
  const edits = figure(results, system, largest, cpu1000('edits sent'))
  const windows = runsOf(results, system, largest).map((r) => r.windowSec)
  const rate = windows.length ? edits / median(windows) : Number.NaN
  if (![summed1, summedN, perInstanceN].every(Number.isFinite)) return ['(a run failed: no estimate)']
  const crossing = spread.map((n) => {
    const received = at(n, '… per edit')
    const us =
      received > 0 ? ((at(n, 'server CPU s / 1,000 edits, all') - summed1) / received) * 1000 : Number.NaN
    return `${fmt(us)} µs at ${n} instances`
  })
  const oneInstanceCeiling = 1000 / summed1
  const ceilings = spread.map((n) => {
    const ceiling = 1000 / at(n, 'server CPU s / 1,000 edits, per instance')
    return `${n} instances on ${n} machines about ${fmt(ceiling)} edits/s (×${(ceiling / oneInstanceCeiling).toFixed(2)})`
  })
  const clusterCeiling = 1000 / perInstanceN
  const full = saturatedCounts(results, system, counts, cores)
  const lines = [
    `- Crossing instances costs CPU: spread over ${largest} instances, the instances together spend ` +
      `${fmt(summedN)} s of CPU per 1,000 edits against ${fmt(summed1)} s on one (×${(summedN / summed1).toFixed(2)}). ` +
      `Each update received from another instance costs about ${and(crossing)} of instance CPU ` +
      '(the measured difference divided by the updates received: an estimate of the per-crossing cost).',
    `- One instance per machine (estimate): with every document's clients spread over all ${largest} instances (no sticky ` +
      `sessions, the worst case), every instance handles every edit — its own writers' commits and the others' ` +
      `updates — but relays only to its own clients. Each would spend ${fmt(perInstanceN)} s of CPU per 1,000 edits: ` +
      `at this run's ${fmt(rate)} edits/s, ${fmt((perInstanceN * rate) / 1000)} cores on each machine instead of ` +
      `${fmt((summed1 * rate) / 1000)} on one instance doing it all.`,
    `- Ceiling (estimate, a full core per instance, where latency would already have grown): one instance alone about ` +
      `${fmt(oneInstanceCeiling)} edits/s; ${ceilings.join('; ')}. Documents whose clients sit on fewer instances ` +
      `(a balancer that keeps a document together) would come closer to ×${largest}.` +
      (full.length
        ? ` The runs at ${and(full)} instance(s) had the ${cores} cores full; a saturated instance groups more ` +
          'work per commit and per relay, so its CPU per edit — and the ceiling reasoned from it — is on the optimistic side.'
        : ''),
  ]
  if (Number.isFinite(redisN) && redisN > 0) {
    lines.push(
      `- Redis (one thread) spent ${fmt(redisN)} s per 1,000 edits at ${largest} instances: a core of its own would carry ` +
        `about ${fmt(1000 / redisN)} edits/s (estimate), ${
          1000 / redisN > clusterCeiling
            ? `above the ${largest} instances' ceiling: not the first limit`
            : `below the ${largest} instances' ceiling: the first limit`
        }.`,
    )
  }
  if (Number.isFinite(pgN)) {
    // Per edit, a database spends less the busier it is (grouped commits): the ceiling's need lies
    // between what the measured runs spent per edit.
    const pg1 = at(1, 'PostgreSQL CPU')
    const need = [pgN, pg1].filter(Number.isFinite).map((c) => fmt((c * clusterCeiling) / 1000))
    const range = [...new Set(need)].sort((a, b) => Number.parseFloat(a) - Number.parseFloat(b)).join('–')
    lines.push(
      `- PostgreSQL spent ${fmt(pgN)} s per 1,000 edits at ${largest} instances and ${fmt(pg1)} s at one (the ` +
        "run's backends and its WAL writer, checkpointer and background writer): at the " +
        `${largest}-instance ceiling that is about ${range} cores (estimate; commits are grouped, so a busier ` +
        'database spends less per edit).',
    )
  }
  lines.push(
    '- Not measured here: the network. On three machines every update crosses to Redis and back ' +
      '(two LAN hops, a fraction of a millisecond each) and every commit goes to PostgreSQL over the network, ' +
      'so the fan-out lag and edit latency measured here on one machine are a floor.',
  )
  return lines
}

/** Other load (cores) above which the output and the section say the machine was not quiet. */
export const OTHER_LOAD_NOTE_CORES = 0.1

/** The most cores other work kept busy during any run. */
export function busiestOtherLoad(results: MultiResult[]): number {
  return Math.max(0, ...results.map((r) => r.otherLoadCores).filter(Number.isFinite))
}

export const SECTION_BEGIN =
  '<!-- scale-out: written by `npm run bench:multi` (full size); it replaces everything up to the end marker. -->'
export const SECTION_END = '<!-- /scale-out -->'

export function section(options: {
  results: MultiResult[]
  counts: number[]
  systems: SystemName[]
  skipped: string | null
  command: string
  machineLine: string
  date: string
  minutes: number
  scenarioTitle: string
  docs: number
  /** Documents of the single-instance busy day at full size (scenarios.ts). */
  fullDayDocs: number
  cores: number
}): string {
  const fullDay = options.fullDayDocs
  const { results, counts } = options
  const busiest = busiestOtherLoad(results)
  const full = options.systems
    .map((system) => ({ system, counts: saturatedCounts(results, system, counts, options.cores) }))
    .filter((f) => f.counts.length > 0)
  const saturation = full.length
    ? `\n\nThe cores were full (at least ${Math.round(SATURATED_SHARE * 100)} % busy) in the runs of ${full
        .map((f) => `${systemLabels[f.system].replace(/ \(.*$/, '')} at ${and(f.counts)} instance(s)`)
        .join('; ')}: their latency is mostly queueing for a core, not the cost of the path.`
    : ''
  const lost = sum(results.map((r) => r.lost + r.missingReceipts))
  const gaps = sum(results.map((r) => r.fanout?.gapsFilled ?? 0))
  const failed = results.filter((r) => r.error !== null).length
  const outcome = [
    lost === 0 ? 'that no edit was lost' : `that ${lost} edits (or edit receipts) were lost`,
    gaps === 0
      ? 'no gap had to be filled from the database'
      : `${gaps} gaps were filled from the database (an update from another instance came later than the ` +
        'gap wait, FANOUT_GAP_WAIT_MS, or not at all)',
    ...(failed ? [`${failed} run(s) failed and are left out of the tables`] : []),
  ].join(', ')
  const hocuspocus = options.systems.includes('hocuspocus-redis')
    ? `${systemTable(results, 'hocuspocus-redis', counts)}
\`@hocuspocus/extension-redis\` 4.7.0 installs beside the bench's \`@hocuspocus/server\` 4.7.0 and loads on
Node 20 (npm warns that the server declares Node ≥ 22, as it does for the single-instance peer). Each
instance stores into one SQLite file they share, after Hocuspocus's 2–10 s debounce, under a Redis
lock; its fan-out delivers at most once and has no lag metric of its own, so only the clients'
latency shows the crossing. Trepart commits every edit before anyone sees it, on every instance.
`
    : `### ${systemLabels['hocuspocus-redis']}\n\nNot run: ${options.skipped ?? 'left out by the command'}.\n`
  return `${SECTION_BEGIN}
## Scale-out (issue 15)

\`npm run bench:multi\` (\`bench/src/multi-instance.ts\`; what it does is in
[bench/README.md](../bench/README.md#scale-out-issue-15)) runs the busy day
(${options.scenarioTitle.replace(/^busy day: /, '')}) with each document's clients dealt round robin over 1, 2 and 3 instances on this machine, so that the two
writers of a document sit on different instances and most of its readers get each edit through
another instance. Trepart runs in shared mode (one PostgreSQL database and one Redis of the run's own
per run); Hocuspocus runs with its Redis extension. Latency is from a writer's edit until every other
client of the document has it, as in the single-instance busy day.${
    options.docs === fullDay
      ? ''
      : `

The full size runs ${options.docs} of the busy day's ${fullDay} documents (each as busy: 2 writers at 10
edits/s and 18 readers): the whole day keeps 1.5 of the 2 cores busy with one instance already (see
the busy day above), and every added instance adds work on the same cores, so at 2–3 instances it
would measure an overloaded machine's queues rather than what an edit costs. \`--docs ${fullDay}\` runs
the whole day.`
  }

Measured ${options.date}: \`${options.command}\` (${options.minutes} min). ${options.machineLine}${
    busiest > OTHER_LOAD_NOTE_CORES
      ? `

**Not a quiet machine:** other work kept up to ${fmt(busiest)} cores busy during these runs (the
"other load" row: CPU the machine spent outside the instances, Redis, the run's PostgreSQL processes
and the generators). The latencies, above all at 2 and 3 instances where the two cores were already
nearly full, include that contention; CPU per 1,000 edits is less affected. Run it again on a quiet
machine for clean tails.`
      : ''
  }

${systemTable(results, 'trepart', counts)}
${hocuspocus}
### What two cores can and cannot show

Every instance, PostgreSQL, Redis and both load generators share the same two cores, so more
instances cannot show more throughput here: the offered load is the same in every column, and each
added instance only adds work (it applies and relays updates another instance committed) on the same
cores. What the runs do show: the CPU an edit costs when it crosses an instance (the summed CPU per
1,000 edits beside one instance's), the fan-out lag from a commit on one instance to its arrival on
another (the instances' own \`trepart_fanout_lag_seconds\`, estimated from its buckets), ${outcome},
and what Redis and PostgreSQL spend per edit. Latency tails at 2 and 3 instances include the cores being shared by more
processes; "other load" says how much else ran, "whole machine" how full the ${options.cores} cores were.${saturation}

### What this predicts for three machines

${estimate(results, counts, options.cores).join('\n')}

${SECTION_END}
`
}

/** `doc` with the section replaced where its markers are, or appended at the end. */
export function withSection(doc: string, text: string): string {
  const begin = doc.indexOf(SECTION_BEGIN)
  const end = doc.indexOf(SECTION_END)
  if (begin !== -1 && end > begin) {
    return doc.slice(0, begin) + text.trimEnd() + doc.slice(end + SECTION_END.length)
  }
  return `${doc.trimEnd()}\n\n${text}`
}
