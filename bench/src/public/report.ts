/** The public pages bench's figures as markdown tables, and its target (rps ratio ≥ 0.5). */
import { median, percentile } from '../metrics/stats.js'
import { fmt } from '../report.js'
import type { LoadResult } from './messages.js'

/** At least this share of a static file server's requests per second, serving the same bytes. */
export const RPS_RATIO_TARGET = 0.5

/** One timed series of requests. */
export interface Timed {
  label: string
  /** ms per request; empty when the series could not run (then `note` says why). */
  ms: number[]
  bytes: number
  failures: Record<string, number>
  note?: string
}

/** One load window on one server. */
export interface LoadRun {
  round: number
  result: LoadResult
  /** Server CPU seconds over the recorded window. */
  serverCpuSec: number
}

export interface PublicResults {
  document: { pages: number; words: number; updateBytes: number; blocks: Record<string, number> }
  renders: Timed[]
  final: { bytes: number; etag: string | null; cacheControl: string | null }
  staticServer: string
  concurrency: number
  trepart: LoadRun[]
  static: LoadRun[]
  live: {
    pages: number
    words: number
    readers: number
    open: number
    openFailures: Record<string, number>
    openMs: number
    rssBeforeBytes: number
    rssOpenBytes: number
    rssAfterEditBytes: number
    peakRssBytes: number
    commitMs: number
    /** ms from sending the edit until each reader had it. */
    deliveredMs: number[]
    missing: number
    ended: number
    waitMs: number
    liveIntervalMs: number
  } | null
}

const MiB = 1024 * 1024
const failureText = (f: Record<string, number>) =>
  Object.entries(f)
    .map(([why, n]) => `${n}× ${why}`)
    .join(', ') || '0'

function rps(run: LoadRun): number {
  return run.result.ok / (run.result.elapsedMs / 1000)
}

const cpuUsPerRequest = (run: LoadRun) => (run.serverCpuSec / Math.max(1, run.result.ok)) * 1e6
const all = (runs: LoadRun[], get: (r: LoadRun) => number[]) => runs.flatMap(get)

/** Trepart's rps over the static server's, per round (both measured in the same round), and their median. */
export function rpsRatio(r: PublicResults): number {
  return median(r.trepart.map((t) => rps(t) / rps(r.static.find((s) => s.round === t.round)!)))
}

export function failedRequests(r: PublicResults): number {
  return [...r.trepart, ...r.static].reduce((n, run) => n + run.result.requests - run.result.ok, 0)
}

function renderTable(r: PublicResults): string[] {
  const lines = [
    '| request | n | median (ms) | p95 (ms) | max (ms) | bytes | failures |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ]
  for (const t of r.renders) {
    if (t.ms.length === 0) {
      lines.push(`| ${t.label} | 0 | – | – | – | – | ${t.note ?? failureText(t.failures)} |`)
      continue
    }
    lines.push(
      `| ${t.label} | ${t.ms.length} | ${fmt(median(t.ms))} | ${fmt(percentile(t.ms, 95))} | ${fmt(Math.max(...t.ms))} | ${fmt(t.bytes)} | ${failureText(t.failures)} |`,
    )
  }
  return lines
}

function loadTable(r: PublicResults): string[] {
  const row = (label: string, get: (runs: LoadRun[]) => number, ratio = true) => {
    const a = get(r.trepart)
    const b = get(r.static)
    return `| ${label} | ${fmt(a)} | ${fmt(b)} | ${ratio ? `×${(a / b).toFixed(2)}` : '–'} |`
  }
  const windowSec = (runs: LoadRun[]) => runs.reduce((s, x) => s + x.result.elapsedMs / 1000, 0)
  return [
    '| figure | Trepart `/p/:token` (final, cached) | static file server | Trepart / static |',
    '| --- | ---: | ---: | ---: |',
    `| requests per second (median of rounds) | ${fmt(median(r.trepart.map(rps)))} | ${fmt(median(r.static.map(rps)))} | ×${rpsRatio(r).toFixed(2)} (median of per-round ratios; target ≥ ${RPS_RATIO_TARGET}) |`,
    row(
      'latency p50 (ms)',
      (runs) =>
        percentile(
          all(runs, (x) => x.result.latenciesUs),
          50,
        ) / 1000,
    ),
    row(
      'latency p99 (ms)',
      (runs) =>
        percentile(
          all(runs, (x) => x.result.latenciesUs),
          99,
        ) / 1000,
    ),
    row('server CPU µs / request (median of rounds)', (runs) => median(runs.map(cpuUsPerRequest))),
    row('server CPU (cores busy)', (runs) => runs.reduce((s, x) => s + x.serverCpuSec, 0) / windowSec(runs)),
    row(
      'generator CPU (cores busy)',
      (runs) => runs.reduce((s, x) => s + x.result.cpuSec, 0) / windowSec(runs),
    ),
    row('answers counted', (runs) => runs.reduce((s, x) => s + x.result.ok, 0)),
    `| failed answers (not 200, or not ${fmt(r.final.bytes)} bytes) | ${failureText(mergeFailures(r.trepart))} | ${failureText(mergeFailures(r.static))} | – |`,
    `| rps per round | ${r.trepart.map((x) => fmt(rps(x))).join(', ')} | ${r.static.map((x) => fmt(rps(x))).join(', ')} | – |`,
  ]
}

function mergeFailures(runs: LoadRun[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const run of runs)
    for (const [why, n] of Object.entries(run.result.failures)) out[why] = (out[why] ?? 0) + n
  return out
}

function liveTable(live: NonNullable<PublicResults['live']>): string[] {
  const perReader = live.open ? (live.rssOpenBytes - live.rssBeforeBytes) / live.open / 1024 : Number.NaN
  const d = live.deliveredMs
  return [
    '| figure | value |',
    '| --- | ---: |',
    `| readers open (of ${fmt(live.readers)}) | ${fmt(live.open)} |`,
    `| streams refused or failed while opening | ${failureText(live.openFailures)} |`,
    `| open all, each to its first article (ms) | ${fmt(live.openMs)} |`,
    `| server RSS before (MiB) | ${fmt(live.rssBeforeBytes / MiB)} |`,
    `| server RSS with the readers open (MiB) | ${fmt(live.rssOpenBytes / MiB)} |`,
    `| RSS per open reader (KiB) | ${fmt(perReader)} |`,
    `| server RSS after the edit reached them (MiB) | ${fmt(live.rssAfterEditBytes / MiB)} |`,
    `| server peak RSS, VmHWM (MiB) | ${fmt(live.peakRssBytes / MiB)} |`,
    `| edit committed (ms from sending) | ${fmt(live.commitMs)} |`,
    `| edit reached a reader, p50 (ms from sending) | ${fmt(percentile(d, 50))} |`,
    `| edit reached a reader, p95 (ms) | ${fmt(percentile(d, 95))} |`,
    `| edit reached every reader (ms) | ${d.length === live.open && live.open > 0 ? fmt(Math.max(...d)) : '–'} |`,
    `| readers without the edit after ${fmt(live.waitMs / 1000)} s | ${fmt(live.missing)} |`,
    `| streams that ended while open | ${fmt(live.ended)} |`,
  ]
}

export function publicReport(r: PublicResults, heading: string[]): string {
  const blocks = Object.entries(r.document.blocks)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')
  const ratio = rpsRatio(r)
  const lines = [
    ...heading,
    '',
    `### Render: a ${r.document.pages}-page document`,
    '',
    `${fmt(r.document.words)} words (its Yjs state ${fmt(r.document.updateBytes / 1024)} KiB); the page holds ${blocks}. ` +
      'Requests one at a time from the bench process over keep-alive, each timed to the last byte. ' +
      'A draft’s article is read and rendered once per committed change (draft-content.ts), so the ' +
      '“after an edit” row commits an edit through the websocket before each request and checks the ' +
      'answer holds it: that is the full read and render; “unchanged” is the page around a kept article. ' +
      '`renderPublicPage` is not exported by @trepart/server, so it is timed over HTTP only.',
    '',
    ...renderTable(r),
    '',
    `### Cached final page against a static file server (same ${fmt(r.final.bytes)} bytes, same run)`,
    '',
    `${r.concurrency} keep-alive connections from one generator process (node:http Agent), each sending its ` +
      `next GET when the last answer is read; rounds alternate which server goes first. Trepart's page: ` +
      `\`cache-control: ${r.final.cacheControl ?? '–'}\`, ETag ${r.final.etag ? 'set' : 'missing'}; ` +
      `the generator sends no If-None-Match, so every answer is the whole page. Static: ${r.staticServer}.`,
    '',
    ...loadTable(r),
    '',
    `Target: Trepart at least ${RPS_RATIO_TARGET} × the static server's requests per second — ` +
      `${Number.isFinite(ratio) && ratio >= RPS_RATIO_TARGET ? 'met' : 'not met'} (×${ratio.toFixed(2)}).`,
  ]
  if (r.live) {
    lines.push(
      '',
      `### ${fmt(r.live.readers)} live readers of a draft (${r.live.pages} pages, ${fmt(r.live.words)} words)`,
      '',
      'Event streams on `/p/:token/live` opened from the generator process with plain GETs ' +
        '(`Accept: text/event-stream`), each counted open when its first `article` frame is in. RSS is ' +
        'VmRSS of the server process after it has been quiet for a second (no GC forced). Then one ' +
        'edit is committed through the websocket; the draft feed renders at most once per ' +
        `PUBLIC_LIVE_INTERVAL_MS (${r.live.liveIntervalMs} ms here), which is inside the delivery times.`,
      '',
      ...liveTable(r.live),
    )
  }
  return `${lines.join('\n')}\n`
}
