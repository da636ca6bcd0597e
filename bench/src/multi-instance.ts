/**
 * `npm run bench:multi [-- --smoke] [--repeats n] [--docs n] [--instances 1,2,3] [--systems a,b]`:
 * the busy day with each document's clients spread over 1, 2 and 3 instances on this machine —
 * Trepart in shared mode (PostgreSQL + Redis), and Hocuspocus with its Redis extension where that
 * installs — for issue 15. Prints a table per system and the estimate for three machines; a full run
 * (no --smoke, no filter) replaces the "Scale-out (issue 15)" section of docs/performance.md and
 * nothing else. Exits 1 if an edit was lost or a run failed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { machine } from './metrics/machine.js'
import { type SystemName, systemLabels } from './multi/cluster.js'
import { hocuspocusRedisMissing } from './multi/hocuspocus-cluster.js'
import {
  busiestOtherLoad,
  estimate,
  OTHER_LOAD_NOTE_CORES,
  section,
  systemTable,
  withSection,
} from './multi/report.js'
import { type MultiResult, runMulti } from './multi/run.js'
import { fmt } from './report.js'
import { type EditScenario, scenarios } from './scenarios.js'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    repeats: { type: 'string' },
    instances: { type: 'string' },
    systems: { type: 'string' },
    docs: { type: 'string' },
  },
})

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const allCounts = [1, 2, 3]
const allSystems: SystemName[] = ['trepart', 'hocuspocus-redis']
/** Full size: one repeat keeps the run to a few minutes; pass --repeats 3 for medians. */
const FULL_REPEATS = 1
/**
 * Full size runs the busy day's documents (2 writers at 10 edits/s + 18 readers each) but 20 of
 * them, not 50: the 50-document day already keeps 1.5 of the 2 cores busy with one instance (server,
 * PostgreSQL and generators in docs/performance.md), and every added instance adds work on the same
 * cores, so at 2–3 instances it would measure an overloaded machine's queues instead of what an
 * edit costs. `--docs 50` runs the whole day anyway.
 */
const FULL_DOCS = 20
const SMOKE_REPEATS = 1
const POSTGRES_CONNECT_TIMEOUT_MS = 3000

async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: postgresUrl,
    connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MS,
  })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return null
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    await client.end().catch(() => {})
  }
}

function list<T extends string | number>(text: string | undefined, all: T[], parse: (s: string) => T): T[] {
  if (!text) return all
  const wanted = text.split(',').map(parse)
  const unknown = wanted.filter((w) => !all.includes(w))
  if (unknown.length) throw new Error(`unknown: ${unknown.join(', ')} (known: ${all.join(', ')})`)
  return wanted
}

async function main(): Promise<number> {
  const started = Date.now()
  if (!fs.existsSync(path.join(repoRoot, 'packages/server/dist/main.js'))) {
    console.error(
      'packages/server/dist/main.js is missing: build first (npx turbo run build --filter=@trepart/bench)',
    )
    return 2
  }
  const counts = list(values.instances, allCounts, Number)
  let systems = list(values.systems, allSystems, (s) => s as SystemName)
  const repeats = values.repeats ? Number(values.repeats) : values.smoke ? SMOKE_REPEATS : FULL_REPEATS
  const day = scenarios(values.smoke).find((s) => s.id === 'busy')
  if (day?.kind !== 'edit') throw new Error('no busy scenario in scenarios.ts')
  const fullDay = scenarios(false).find((s) => s.id === 'busy')
  const docs = values.docs ? Number(values.docs) : values.smoke ? day.docs : FULL_DOCS
  const busy: EditScenario = {
    ...day,
    docs,
    title: `busy day: ${docs} docs × (${day.writers} writers at ${day.editsPerSecond} edits/s + ${day.lightReaders} readers)`,
  }

  // Shared mode needs PostgreSQL: without it there is nothing to measure for Trepart.
  const pgProblem = await postgresProblem()
  if (pgProblem) {
    console.error(`PostgreSQL at ${postgresUrl} is unreachable: ${pgProblem}`)
    return 1
  }
  let skipped: string | null = null
  if (systems.includes('hocuspocus-redis')) {
    const missing = await hocuspocusRedisMissing()
    if (missing) {
      skipped = `@hocuspocus/extension-redis does not load beside @hocuspocus/server 4.7.0 on Node ${process.version}: ${missing}`
      console.warn(`skipping Hocuspocus + Redis: ${skipped}`)
      systems = systems.filter((s) => s !== 'hocuspocus-redis')
    }
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const outDir = values.smoke
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-multi-smoke-'))
    : path.join(repoRoot, 'bench/results', `multi-${stamp}`)
  fs.mkdirSync(outDir, { recursive: true })
  console.log(
    `trepart bench:multi${values.smoke ? ' (smoke)' : ''}: ${busy.title}; ${counts.join('/')} instances; ` +
      `${systems.map((s) => systemLabels[s]).join(', ')}; ${repeats} repeat(s); results in ${outDir}`,
  )

  const results: MultiResult[] = []
  // Repeat by repeat, every instance count and system in turn: each comparison is measured minutes
  // apart, not a whole series apart, on a machine whose other load drifts.
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const n of counts) {
      for (const system of systems) {
        const t0 = Date.now()
        const r = await runMulti(system, n, busy, repeat, { repoRoot, postgresUrl })
        results.push(r)
        const cpu = r.edits ? (r.instanceCpuSec.reduce((a, b) => a + b, 0) / r.edits) * 1000 : Number.NaN
        const lag = r.fanout
          ? `, fan-out ${fmt(r.fanout.count)} (p50 ${fmt(r.fanout.p50Ms?.value ?? Number.NaN)} ms), ${r.fanout.gapsFilled} gaps filled`
          : ''
        console.log(
          `  ${system} × ${n} #${repeat + 1}: ${r.clients} clients,` +
            (r.latency ? ` p50 ${fmt(r.latency.p50)} p99 ${fmt(r.latency.p99)} ms,` : '') +
            ` ${r.edits} edits, ${r.lost} lost, CPU ${fmt(cpu)} s/1,000 edits${lag}` +
            `${r.error ? '' : r.settleMs === null ? ', never quiet' : `, quiet after ${(r.settleMs / 1000).toFixed(1)} s`}` +
            ` (${((Date.now() - t0) / 1000).toFixed(1)} s)${r.error ? ` ERROR ${r.error}` : ''}`,
        )
      }
    }
  }

  const minutes = Math.max(1, Math.round((Date.now() - started) / 60_000))
  const flags = [
    ...(values.smoke ? ['--smoke'] : []),
    ...(values.repeats ? [`--repeats ${repeats}`] : []),
    ...(values.docs ? [`--docs ${docs}`] : []),
  ]
  const command = `npm run bench:multi${flags.length ? ` -- ${flags.join(' ')}` : ''}`
  const info = machine()
  const machineLine = `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os}, Node ${info.node}.`
  const tables = [
    ...systems.map((s) => systemTable(results, s, counts)),
    ...(skipped ? [`${systemLabels['hocuspocus-redis']}: not run (${skipped}).\n`] : []),
    '### Estimate for three machines',
    '',
    ...estimate(results, counts, info.cores),
    '',
  ].join('\n')
  console.log(`\n${machineLine}\nCommand: \`${command}\` (${minutes} min).\n\n${tables}`)
  const busiest = busiestOtherLoad(results)
  if (busiest > OTHER_LOAD_NOTE_CORES) {
    console.warn(`other work kept up to ${fmt(busiest)} cores busy during the runs: latencies include it`)
  }
  fs.writeFileSync(path.join(outDir, 'multi.md'), `${machineLine}\nCommand: \`${command}\`\n\n${tables}`)
  fs.writeFileSync(
    path.join(outDir, 'multi.json'),
    `${JSON.stringify({ machine: info, command, startedAt: new Date(started).toISOString(), scenario: busy, counts, systems, skipped, results }, null, 2)}\n`,
  )

  if (!values.smoke && !values.instances && !values.systems) {
    const doc = path.join(repoRoot, 'docs/performance.md')
    const text = section({
      results,
      counts,
      systems,
      skipped,
      command,
      machineLine,
      date: new Date(started).toISOString().slice(0, 10),
      minutes,
      scenarioTitle: busy.title,
      docs,
      fullDayDocs: fullDay?.kind === 'edit' ? fullDay.docs : Number.NaN,
      cores: info.cores,
    })
    fs.writeFileSync(
      doc,
      withSection(fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : '# Performance\n', text),
    )
    console.log(`updated the Scale-out (issue 15) section of ${doc}`)
  }
  console.log(`results: ${outDir}`)

  const lost = results.reduce((n, r) => n + r.lost + r.missingReceipts, 0)
  const failed = results.filter((r) => r.error !== null)
  if (lost > 0) console.error(`FAIL: ${lost} edits (or edit receipts) lost`)
  for (const f of failed) console.error(`FAIL: ${f.system} × ${f.instances} #${f.repeat + 1}: ${f.error}`)
  return lost > 0 || failed.length > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
