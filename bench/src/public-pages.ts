/**
 * The public pages bench of issue 14 (`npm run bench:public [-- --smoke]`), on one Trepart started
 * as `npm start` runs it (SQLite) with the public limits raised so that they do not answer instead
 * of the server:
 * 1. render: a document of about 100 printed pages written through the websocket; its draft page
 *    `/p/:token` timed after an edit (read and render) and unchanged, its final page once, and its
 *    exports through the member route;
 * 2. a cached final page's requests per second against a static file server serving the same
 *    bytes in the same run, loaded alike from a generator process (target: at least half);
 * 3. the server's memory while 1,000 readers hold a draft's live stream open, and how long an edit
 *    takes to reach all of them.
 * Writes public.md under bench/results/<time>/ (smoke: under the OS temp directory); exits 1 when
 * an answer failed or a reader missed the edit.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as Y from 'yjs'
import { WORDS_PER_PAGE, writePublicDocument } from './content.js'
import { nowMs } from './load/light-client.js'
import { machine } from './metrics/machine.js'
import { cpuSeconds, peakRssBytes, rssBytes, waitUntilQuiet } from './metrics/proc.js'
import { spawnServer } from './peers/peer.js'
import { startTrepart, type TrepartPeer } from './peers/trepart.js'
import { DraftWriter } from './public/draft-writer.js'
import { GeneratorProcess } from './public/generator-process.js'
import { makeFinal, shareLink, signatories } from './public/publish.js'
import {
  failedRequests,
  type LoadRun,
  type PublicResults,
  publicReport,
  RPS_RATIO_TARGET,
  rpsRatio,
  type Timed,
} from './public/report.js'

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    pages: { type: 'string' },
    renders: { type: 'string' },
    exports: { type: 'string' },
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    concurrency: { type: 'string', default: '32' },
    readers: { type: 'string' },
    'live-pages': { type: 'string' },
  },
})
const smoke = values.smoke ?? false
/** Full figures, or the smoke run's (a few seconds of each part). */
const plan = {
  pages: Number(values.pages ?? (smoke ? 5 : 100)),
  renders: Number(values.renders ?? (smoke ? 5 : 30)),
  exports: Number(values.exports ?? (smoke ? 1 : 5)),
  loadMs: Number(values.seconds ?? (smoke ? 2 : 10)) * 1000,
  warmupMs: smoke ? 500 : 2000,
  rounds: Number(values.rounds ?? (smoke ? 1 : 3)),
  concurrency: Number(values.concurrency),
  readers: Number(values.readers ?? (smoke ? 50 : 1000)),
  livePages: Number(values['live-pages'] ?? (smoke ? 2 : 10)),
}
const EXPORT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const
/** The live readers' draft feed: the server's default, stated in the output. */
const LIVE_INTERVAL_MS = 500
/** How long the readers get to receive the edit before the missing are counted. */
const LIVE_WAIT_MS = 30_000
const WRITE_TIMEOUT_MS = 60_000
const REQUEST_TIMEOUT_MS = 300_000

/** Raised for this bench only; everything else is the server's default. */
const publicEnv = {
  // Every request of the bench comes from 127.0.0.1: the per-address limits would answer 429/503
  // long before the server is the bottleneck.
  PUBLIC_REQUESTS_PER_MINUTE: '1000000000',
  PUBLIC_REQUESTS_BURST: '1000000000',
  MAX_PUBLIC_STREAMS: String(Math.max(5000, plan.readers * 2)),
  MAX_PUBLIC_STREAMS_PER_ADDRESS: String(plan.readers * 2),
  MAX_PUBLIC_STREAMS_PER_LINK: String(Math.max(2000, plan.readers * 2)),
  // Not raised: the default, set here so the output can state it.
  PUBLIC_LIVE_INTERVAL_MS: String(LIVE_INTERVAL_MS),
  // Exports, share links, rounds and decisions are document actions: the exports are timed in a row.
  DOCUMENT_ACTIONS_PER_MINUTE: '100000',
  DOCUMENT_ACTIONS_BURST: '10000',
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const staticEntry = fileURLToPath(new URL('./public/static-server.js', import.meta.url))
const STATIC_SERVER =
  'node:http, in its own process, stat per request, `fs.createReadStream` piped to the answer, ' +
  'Content-Type, Content-Length, Last-Modified and a weak ETag of size and mtime (as `send` makes them)'

interface Answer {
  status: number
  ms: number
  body: Buffer
  headers: Headers
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const t0 = nowMs()
  // Bounded: a 100-page PDF takes seconds, a hung server must not hang the bench.
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
  const body = Buffer.from(await res.arrayBuffer())
  return { status: res.status, ms: nowMs() - t0, body, headers: res.headers }
}

const count = (failures: Record<string, number>, why: string) => {
  failures[why] = (failures[why] ?? 0) + 1
}

/** Counts of what the page's article holds, to show the document is what it claims. */
function articleBlocks(html: string): Record<string, number> {
  const article = /<article>([\s\S]*)<\/article>/.exec(html)?.[1] ?? ''
  const n = (re: RegExp) => (article.match(re) ?? []).length
  return {
    headings: n(/<h[2-4][\s>]/g),
    paragraphs: n(/<p[\s>]/g),
    lists: n(/<(ul|ol)[\s>]/g),
    'list items': n(/<li[\s>]/g),
    quotes: n(/<blockquote[\s>]/g),
    tables: n(/<table[\s>]/g),
    links: n(/<a\s/g),
  }
}

/** Writes a document of `pages` through a websocket; answers the open writer and the word count. */
async function writtenDraft(peer: TrepartPeer, id: string, pages: number, lastWord: string) {
  const writer = await DraftWriter.connect(`${peer.baseUrl}/${id}`, id, peer.headers, WRITE_TIMEOUT_MS)
  let words = 0
  await writer.write((doc) => {
    words = writePublicDocument(doc, pages, lastWord)
  }, WRITE_TIMEOUT_MS)
  return { writer, words }
}

/** Part 1: the draft page after an edit (read + render) and unchanged. */
async function draftRenders(writer: DraftWriter, url: string): Promise<Timed[]> {
  const cold: Timed = {
    label: 'draft `/p/:token` after an edit (read + render)',
    ms: [],
    bytes: 0,
    failures: {},
  }
  const warm: Timed = { label: 'draft `/p/:token` unchanged (article kept)', ms: [], bytes: 0, failures: {} }
  for (let i = 0; i < plan.renders; i++) {
    const marker = `endring${i}q${process.pid}`
    await writer.appendParagraph(`Ny setning ${marker}.`, WRITE_TIMEOUT_MS)
    const a = await get(url)
    if (a.status !== 200) count(cold.failures, `HTTP ${a.status}`)
    // The answer must be the new text: otherwise it was not a render of the committed change.
    else if (!a.body.includes(marker)) count(cold.failures, 'without the edit committed before it')
    else cold.ms.push(a.ms)
    cold.bytes = a.body.length
  }
  for (let i = 0; i < plan.renders; i++) {
    const a = await get(url)
    if (a.status !== 200) count(warm.failures, `HTTP ${a.status}`)
    else warm.ms.push(a.ms)
    warm.bytes = a.body.length
  }
  return [cold, warm]
}

/** The member export route, each format `plan.exports` times. */
async function exportTimes(peer: TrepartPeer, id: string, status: string): Promise<Timed[]> {
  const out: Timed[] = []
  for (const format of EXPORT_FORMATS) {
    const t: Timed = { label: `export ${format} (${status}, member route)`, ms: [], bytes: 0, failures: {} }
    for (let i = 0; i < plan.exports; i++) {
      const a = await get(`${peer.httpBase}/api/documents/${id}/export?format=${format}`, {
        cookie: peer.cookie,
        origin: peer.httpBase,
      })
      // 400: the server does not know the format (yet).
      if (a.status === 400) {
        t.note = `not offered by this server (HTTP 400 for format=${format})`
        break
      }
      if (a.status !== 200) count(t.failures, `HTTP ${a.status}`)
      else t.ms.push(a.ms)
      t.bytes = a.body.length
    }
    out.push(t)
  }
  return out
}

/** Part 3: memory and delivery with `plan.readers` event streams open on a draft. */
async function liveReaders(
  peer: TrepartPeer,
  gen: GeneratorProcess,
  id: string,
): Promise<PublicResults['live']> {
  const { writer, words } = await writtenDraft(peer, id, plan.livePages, `live${process.pid}`)
  try {
    const url = `${await shareLink(peer, id)}/live`
    const quiet = { windowMs: 500, windows: 2, maxCoreShare: 0.01, timeoutMs: smoke ? 5_000 : 30_000 }
    await waitUntilQuiet(peer.pid, quiet)
    const rssBeforeBytes = rssBytes(peer.pid) ?? Number.NaN
    gen.send({ type: 'open-streams', url, count: plan.readers, openAtOnce: 50, timeoutMs: 120_000 })
    const opened = await gen.next('streams-open', 130_000)
    await waitUntilQuiet(peer.pid, quiet)
    const rssOpenBytes = rssBytes(peer.pid) ?? Number.NaN
    const marker = `direkte${process.pid}`
    gen.send({ type: 'watch', marker, timeoutMs: LIVE_WAIT_MS })
    await gen.next('watching', 10_000)
    const sent = nowMs()
    await writer.appendParagraph(`Siste endring ${marker}.`, WRITE_TIMEOUT_MS)
    const commitMs = nowMs() - sent
    const marked = await gen.next('marked', LIVE_WAIT_MS + 10_000)
    await waitUntilQuiet(peer.pid, quiet)
    const rssAfterEditBytes = rssBytes(peer.pid) ?? Number.NaN
    gen.send({ type: 'close-streams' })
    await gen.next('streams-closed', 10_000)
    return {
      pages: plan.livePages,
      words,
      readers: plan.readers,
      open: opened.open,
      openFailures: opened.failures,
      openMs: opened.elapsedMs,
      rssBeforeBytes,
      rssOpenBytes,
      rssAfterEditBytes,
      peakRssBytes: peakRssBytes(peer.pid) ?? Number.NaN,
      commitMs,
      deliveredMs: marked.receivedAt.map((at) => at - sent),
      missing: marked.missing,
      ended: marked.ended,
      waitMs: LIVE_WAIT_MS,
      liveIntervalMs: LIVE_INTERVAL_MS,
    }
  } finally {
    writer.close()
  }
}

/** One load window on the server of `pid` at `url`: the generator's answers and the server's CPU in it. */
async function loadOnce(
  gen: GeneratorProcess,
  pid: number,
  url: string,
  expectBytes: number,
  round: number,
): Promise<LoadRun> {
  gen.send({
    type: 'load',
    url,
    concurrency: plan.concurrency,
    warmupMs: plan.warmupMs,
    durationMs: plan.loadMs,
    expectBytes,
  })
  await gen.next('measuring', plan.warmupMs + 30_000)
  const cpu0 = cpuSeconds(pid) ?? Number.NaN
  const result = await gen.next('loaded', plan.loadMs + 60_000)
  const serverCpuSec = (cpuSeconds(pid) ?? Number.NaN) - cpu0
  return { round, result, serverCpuSec }
}

/** Part 2: the final page's bytes served by Trepart and by a static file server, round by round. */
async function finalLoad(peer: TrepartPeer, gen: GeneratorProcess, url: string, page: Buffer, dir: string) {
  const file = path.join(dir, 'page.html')
  fs.writeFileSync(file, page)
  const server = await spawnServer([staticEntry, file, 'text/html; charset=UTF-8'], {
    cwd: repoRoot,
    env: process.env,
    ready: /static server at (\S+)/,
    timeoutMs: 10_000,
    label: 'static file server',
  })
  const staticUrl = server.match[1]!
  const trepart: LoadRun[] = []
  const statics: LoadRun[] = []
  try {
    for (let round = 0; round < plan.rounds; round++) {
      // Alternating which goes first, so neither always has the warmer (or busier) machine.
      const order = round % 2 === 0 ? ['static', 'trepart'] : ['trepart', 'static']
      for (const which of order) {
        if (which === 'static')
          statics.push(await loadOnce(gen, server.child.pid!, staticUrl, page.length, round))
        else trepart.push(await loadOnce(gen, peer.pid, url, page.length, round))
        const last = which === 'static' ? statics.at(-1)! : trepart.at(-1)!
        console.log(
          `  round ${round + 1} ${which}: ${(last.result.ok / (last.result.elapsedMs / 1000)).toFixed(0)} rps, ${last.result.requests - last.result.ok} failed`,
        )
      }
    }
  } finally {
    await server.stop(5_000, true)
  }
  return { trepart, static: statics }
}

async function main(): Promise<number> {
  const started = Date.now()
  if (!fs.existsSync(path.join(repoRoot, 'packages/server/dist/main.js'))) {
    console.error(
      'packages/server/dist/main.js is missing: build first (npx turbo run build --filter=@trepart/bench)',
    )
    return 2
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const outDir = smoke
    ? fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-public-smoke-'))
    : path.join(repoRoot, 'bench/results', stamp)
  fs.mkdirSync(outDir, { recursive: true })
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-public-'))
  console.log(
    `trepart public pages bench${smoke ? ' (smoke)' : ''}: ${JSON.stringify(plan)}; results in ${outDir}`,
  )

  const peer = await startTrepart({
    repoRoot,
    postgres: false,
    profileDir: null,
    postgresUrl: '',
    env: publicEnv,
  })
  const gen = new GeneratorProcess()
  let results: PublicResults
  try {
    const signers = await signatories(peer)
    const [id, liveId] = await peer.createDocuments(2)
    // Readers first, on a server that has rendered nothing big yet: after the 100-page renders the
    // heap shrinks while the readers open, and their memory came out negative.
    console.log(`live: ${plan.readers} readers`)
    const live = await liveReaders(peer, gen, liveId!)

    const lastWord = `slutt${process.pid}`
    const { writer, words } = await writtenDraft(peer, id!, plan.pages, lastWord)
    const updateBytes = Y.encodeStateAsUpdate(writer.doc).byteLength
    const url = await shareLink(peer, id!)
    const first = await get(url)
    if (first.status !== 200 || !first.body.includes(lastWord))
      throw new Error(`the draft page answered ${first.status} without the document's last word`)
    console.log(
      `document: ${plan.pages} pages, ${words} words (${WORDS_PER_PAGE} a page), page ${first.body.length} bytes`,
    )

    console.log('render: draft page')
    const renders = await draftRenders(writer, url)
    writer.close()

    console.log('final: sign-off by three parties')
    await makeFinal(peer, id!, signers)
    const final = await get(url)
    if (final.status !== 200 || !final.body.includes(lastWord))
      throw new Error(`the final page answered ${final.status} without the document's last word`)
    renders.push({
      label: 'final `/p/:token`, first request (render)',
      ms: [final.ms],
      bytes: final.body.length,
      failures: {},
    })
    const again = await get(url)
    if (!again.body.equals(final.body)) throw new Error('the final page changed between two requests')
    console.log('exports')
    renders.push(...(await exportTimes(peer, id!, 'final')))

    console.log(
      `load: ${plan.rounds} round(s) of ${plan.loadMs / 1000} s each, ${plan.concurrency} connections`,
    )
    const load = await finalLoad(peer, gen, url, final.body, scratch)

    results = {
      document: { pages: plan.pages, words, updateBytes, blocks: articleBlocks(first.body.toString()) },
      renders,
      final: {
        bytes: final.body.length,
        etag: final.headers.get('etag'),
        cacheControl: final.headers.get('cache-control'),
      },
      staticServer: STATIC_SERVER,
      concurrency: plan.concurrency,
      ...load,
      live,
    }
  } finally {
    await gen.close()
    await peer.stop()
    fs.rmSync(scratch, { recursive: true, force: true })
  }

  const info = machine()
  const command = `npm run bench:public${smoke ? ' -- --smoke' : ''}`
  const markdown = publicReport(results, [
    `## Public pages${smoke ? ' (smoke: scaled down, not figures to quote)' : ''}`,
    '',
    `Machine: ${info.cpu}, ${info.cores} cores, ${info.memoryGiB} GiB, ${info.os}, Node ${info.node}.`,
    `Command: \`${command}\` (${((Date.now() - started) / 1000).toFixed(0)} s). Trepart on SQLite, as \`npm start\` runs it.`,
  ])
  fs.writeFileSync(path.join(outDir, 'public.md'), markdown)
  fs.writeFileSync(
    path.join(outDir, 'public.json'),
    `${JSON.stringify({ machine: info, command, plan, startedAt: new Date(started).toISOString(), results }, null, 2)}\n`,
  )
  console.log(`\n${markdown}`)
  console.log(`results: ${outDir}`)

  const failures = [
    ...results.renders.flatMap((t) =>
      Object.entries(t.failures).map(([why, n]) => `${t.label}: ${n}× ${why}`),
    ),
    ...(failedRequests(results) > 0 ? [`${failedRequests(results)} failed answers under load`] : []),
    ...(results.live && (results.live.open < results.live.readers || results.live.missing > 0)
      ? [
          `live: ${results.live.open} of ${results.live.readers} open, ${results.live.missing} without the edit`,
        ]
      : []),
  ]
  for (const f of failures) console.error(`FAIL: ${f}`)
  const ratio = rpsRatio(results)
  if (!(ratio >= RPS_RATIO_TARGET))
    console.warn(`target not met: rps ratio ×${ratio.toFixed(2)} < ${RPS_RATIO_TARGET}`)
  return failures.length > 0 ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error)
    process.exit(2)
  },
)
