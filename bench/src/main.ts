/**
 * `npm run bench [-- --smoke] [--profile] [--scenarios a,b] [--peers a,b] [--repeats n]`:
 * runs every scenario against Trepart (SQLite and PostgreSQL), the reference server and
 * Hocuspocus, prints the table and the targets, writes raw JSON. A full run rewrites
 * docs/performance.md; `--smoke` writes only under the OS temp directory.
 * Exits non-zero if any edit was lost or any server or run failed.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { machine } from './metrics/machine.js'
import { topFrames } from './metrics/profile.js'
import type { PeerName } from './peers/peer.js'
import { table, targetList, targets } from './report.js'
import { failureText, type RunResult, runScenario } from './run-scenario.js'
import { scenarios as allScenarios, type Scenario } from './scenarios.js'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    scenarios: { type: 'string' },
    peers: { type: 'string' },
    repeats: { type: 'string' },
    workers: { type: 'string' },
    'budget-minutes': { type: 'string', default: '30' },
  },
})

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const postgresUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const allPeers: PeerName[] = ['trepart-sqlite', 'reference', 'hocuspocus', 'trepart-pg']

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 })
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

async function main(): Promise<number> {
  const started = Date.now()
  const serverEntry = path.join(repoRoot, 'packages/server/dist/main.js')
  if (!fs.existsSync(serverEntry)) {
    console.error(`${serverEntry} is missing: build first (npx turbo run build --filter=@trepart/bench)`)
    return 2
  }
  let scenarioList = allScenarios(values.smoke)
  if (values.scenarios) {
    const wanted = values.scenarios.split(',')
    scenarioList = scenarioList.filter((s) => wanted.includes(s.id))
  }
  if (values.workers) scenarioList = scenarioList.map((s) => ({ ...s, workers: Number(values.workers) }))
  let peers = values.peers ? (values.peers.split(',') as PeerName[]) : allPeers
  const unknown = peers.filter((p) => !allPeers.includes(p))
  if (unknown.length) {
    console.error(`unknown peers: ${unknown.join(', ')} (known: ${allPeers.join(', ')})`)
    return 2
  }
  if (peers.includes('trepart-pg')) {
    const why = await postgresReachable()
    if (why) {
      if (process.env.CI === 'true') {
        console.error(`PostgreSQL at ${postgresUrl} is unreachable: ${why}`)
        return 1
      }
      console.warn(`skipping trepart-pg: PostgreSQL at ${postgresUrl} is unreachable (${why})`)
      peers = peers.filter((p) => p !== 'trepart-pg')
    }
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const outDir = values.smoke
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-smoke-'))
    : path.join(repoRoot, 'bench/results', stamp)
  fs.mkdirSync(outDir, { recursive: true })
  const profileDir = values.profile ? path.join(outDir, 'profiles') : null
  const ctx = { repoRoot, postgresUrl, profileDir }
  const budgetMs = Number(values['budget-minutes']) * 60_000

  console.log(`trepart bench${values.smoke ? ' (smoke)' : ''}: ${peers.join(', ')}; results in ${outDir}`)
  for (const s of scenarioList) {
    if (s.kind === 'edit' && s.baseline && !s.alternate && !scenarioList.some((b) => b.id === s.baseline)) {
      console.warn(`${s.id} runs without ${s.baseline}: its table has nothing to compare with`)
    }
  }
  const results: RunResult[] = []
  for (const group of rounds(scenarioList)) {
    const repeats = (s: Scenario) => (values.repeats ? Number(values.repeats) : s.repeats)
    for (let repeat = 0; repeat < Math.max(...group.map(repeats)); repeat++) {
      for (const scenario of group) {
        if (repeat >= repeats(scenario)) continue
        if (Date.now() - started > budgetMs) {
          console.warn(
            `time budget of ${values['budget-minutes']} min spent: skipping ${scenario.id} #${repeat + 1}`,
          )
          continue
        }
        const only = scenario.kind === 'edit' ? scenario.peers : undefined
        for (const peer of peers.filter((p) => !only || only.includes(p))) {
          const t0 = Date.now()
          const ran = await runScenario(scenario, peer, repeat, ctx)
          results.push(...ran)
          const seconds = ((Date.now() - t0) / 1000).toFixed(1)
          for (const r of ran) {
            const latency = r.latency
              ? ` p50 ${r.latency.p50.toFixed(1)} p99 ${r.latency.p99.toFixed(1)} ms,`
              : ''
            const c = r.comments
            const comments = c
              ? `, ${c.threads} threads + ${c.replies} replies (${c.failed} failed), ${c.serverEvents} events to clients`
              : ''
            const cpu =
              r.cpuPer1000Edits === null ? '' : `, CPU ${r.cpuPer1000Edits.toFixed(3)} s/1,000 edits`
            console.log(
              `  ${r.scenario} #${repeat + 1} ${peer}:${latency} ${r.clients} clients in ${Math.round(r.connectMs)} ms,` +
                ` ${r.edits} edits, ${r.lost} lost${comments}${cpu}, rss ${Math.round(r.peakRssMiB)} MiB` +
                `${r.error ? '' : r.settleMs === null ? ', never quiet' : `, quiet after ${(r.settleMs / 1000).toFixed(1)} s`}` +
                ` (${seconds} s)${r.error ? ` ERROR ${r.error}` : ''}`,
            )
          }
          const c = ran[0]?.comments
          if (c && c.failed > 0) console.warn(`    comment writes failed: ${failureText(c)}`)
        }
      }
    }
  }

  const durationSec = (Date.now() - started) / 1000
  const command = values.smoke ? 'npm run bench -- --smoke' : 'npm run bench'
  const info = machine()
  const targetItems = targets(results, scenarioList)
  const markdown = [
    `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os}, Node ${info.node}.`,
    `Command: \`${command}\` (${Math.round(durationSec / 60)} min).`,
    '',
    table(results, scenarioList, peers),
    '### Targets',
    '',
    targetList(targetItems),
    '',
  ].join('\n')
  fs.writeFileSync(
    path.join(outDir, 'results.json'),
    `${JSON.stringify({ machine: info, command, startedAt: new Date(started).toISOString(), durationSec, peers, scenarios: scenarioList, results, targets: targetItems }, null, 2)}\n`,
  )
  fs.writeFileSync(path.join(outDir, 'results.md'), markdown)
  console.log(`\n${markdown}`)

  if (profileDir) {
    const top = topFrames(profileDir)
    const text = [
      `Top self-time frames over ${top.files.length} Trepart profiles (${Math.round(top.totalMs)} ms busy):`,
      '',
      '| self ms | % | frame |',
      '| ---: | ---: | --- |',
      ...top.frames.map((f) => `| ${Math.round(f.selfMs)} | ${f.percent.toFixed(1)} | \`${f.frame}\` |`),
      '',
    ].join('\n')
    fs.writeFileSync(path.join(outDir, 'profile.md'), text)
    console.log(text)
  }

  const complete = !values.smoke && !values.scenarios && !values.peers && !values.repeats && !values.workers
  if (complete) {
    const doc = path.join(repoRoot, 'docs/performance.md')
    fs.mkdirSync(path.dirname(doc), { recursive: true })
    const previous = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8') : ''
    const at = previous.indexOf(NOTES_MARKER)
    fs.writeFileSync(doc, performanceDoc(markdown, at === -1 ? '' : previous.slice(at + NOTES_MARKER.length)))
    console.log(`wrote ${doc}`)
  }
  console.log(`results: ${outDir} (${durationSec.toFixed(0)} s)`)

  const lost = results.reduce((n, r) => n + r.lost + r.missingReceipts, 0)
  const failed = results.filter((r) => r.error !== null)
  if (lost > 0) console.error(`FAIL: ${lost} edits (or edit receipts) lost`)
  for (const f of failed) console.error(`FAIL: ${f.scenario} #${f.repeat + 1} ${f.peer}: ${f.error}`)
  return lost > 0 || failed.length > 0 ? 1 : 0
}

/**
 * Scenarios in the order they run: one compared with another scenario as its baseline runs in
 * the baseline's rounds, repeat by repeat (a #1, b #1, a #2, …), so each pair is measured minutes
 * apart, not a whole series apart, on a machine that drifts. (`busy-comments` is its own baseline:
 * slices of one run, `alternate`.)
 */
function rounds(list: Scenario[]): Scenario[][] {
  const groups: Scenario[][] = []
  for (const s of list) {
    const baseline = s.kind === 'edit' ? s.baseline : undefined
    const group = baseline ? groups.find((g) => g[0]?.id === baseline) : undefined
    if (group) group.push(s)
    else groups.push([s])
  }
  return groups
}

/** What follows this line in docs/performance.md is written by people and kept across runs. */
const NOTES_MARKER = '<!-- Notes below are kept when npm run bench rewrites this file. -->'

function performanceDoc(markdown: string, notes: string): string {
  return `# Performance

Trepart against the servers people would otherwise pick, measured by \`bench/\` (see
[bench/README.md](../bench/README.md) for what each scenario does and how latency is measured).
Trepart runs as \`npm start\` runs it, with authentication and every edit committed to disk
before anyone else sees it; the reference server keeps documents in memory only; Hocuspocus
stores after a 2–10 s debounce. Regenerate with \`npm run bench\` (about 20 minutes).

${markdown}
${NOTES_MARKER}${notes || '\n'}`
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
