/**
 * The public pages bench's load generator, in its own process so that it never shares an event
 * loop with a server it measures. Plain `node:http` (undici is not installed here): GETs over a
 * keep-alive Agent for requests per second, and event streams (`Accept: text/event-stream`) whose
 * frames it counts and scans for an edit's marker, for the live readers. Driven over IPC
 * (messages.ts); exits with its parent.
 */
import http from 'node:http'
import { nowMs } from '../load/light-client.js'
import type { FromGenerator, LoadResult, ToGenerator } from './messages.js'

function send(message: FromGenerator): void {
  process.send?.(message)
}

const count = (failures: Record<string, number>, reason: string) => {
  failures[reason] = (failures[reason] ?? 0) + 1
}

/** Counts the occurrences of `needle` in a byte stream fed chunk by chunk (matches may straddle chunks). */
class Scanner {
  private tail: Buffer = Buffer.alloc(0)

  constructor(private readonly needle: Buffer) {}

  feed(chunk: Buffer): number {
    const bytes = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk
    let found = 0
    for (
      let at = bytes.indexOf(this.needle);
      at !== -1;
      at = bytes.indexOf(this.needle, at + this.needle.length)
    )
      found++
    // A copy: a slice would keep the whole chunk alive per stream.
    this.tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - this.needle.length + 1)))
    return found
  }
}

async function load(plan: Extract<ToGenerator, { type: 'load' }>): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency })
  const result: LoadResult = {
    type: 'loaded',
    requests: 0,
    ok: 0,
    failures: {},
    elapsedMs: 0,
    latenciesUs: [],
    cpuSec: 0,
  }
  let recording = false
  let stopped = false
  const one = () =>
    new Promise<void>((resolve) => {
      const sent = nowMs()
      // A socket that dies mid-answer may report on the request and on the answer: count it once.
      let done = false
      const fail = (reason: string) => {
        if (done) return
        done = true
        if (recording) {
          result.requests++
          count(result.failures, reason)
        }
        resolve()
      }
      const req = http.get(plan.url, { agent }, (res) => {
        let bytes = 0
        res.on('data', (chunk: Buffer) => {
          bytes += chunk.length
        })
        res.on('error', (error) => fail(error.message))
        res.on('end', () => {
          if (res.statusCode !== 200) return fail(`HTTP ${res.statusCode}`)
          if (bytes !== plan.expectBytes) return fail(`${bytes} bytes, not ${plan.expectBytes}`)
          if (done) return
          done = true
          if (recording) {
            result.requests++
            result.ok++
            result.latenciesUs.push(Math.round((nowMs() - sent) * 1000))
          }
          resolve()
        })
      })
      req.on('error', (error) => fail(error.message))
    })
  const lanes = Array.from({ length: plan.concurrency }, async () => {
    while (!stopped) await one()
  })
  await new Promise((r) => setTimeout(r, plan.warmupMs))
  recording = true
  send({ type: 'measuring' })
  const start = nowMs()
  const cpu0 = process.cpuUsage()
  await new Promise((r) => setTimeout(r, plan.durationMs))
  recording = false
  stopped = true
  result.elapsedMs = nowMs() - start
  const cpu = process.cpuUsage(cpu0)
  result.cpuSec = (cpu.user + cpu.system) / 1e6
  await Promise.all(lanes)
  agent.destroy()
  return result
}

interface Stream {
  req: http.ClientRequest
  res: http.IncomingMessage | null
  articles: number
  ended: boolean
  marker: Scanner | null
  markedAt: number | null
}

const streams: Stream[] = []
let onMarked: (() => void) | null = null
const ARTICLE = Buffer.from('event: article\n')

/** Opens one stream; resolves with null once its first article is in, or with why it failed. */
function openStream(url: string): Promise<string | null> {
  return new Promise((resolve) => {
    const articles = new Scanner(ARTICLE)
    const req = http.get(url, { agent: false, headers: { accept: 'text/event-stream' } })
    const stream: Stream = { req, res: null, articles: 0, ended: false, marker: null, markedAt: null }
    let settled = false
    const once = (why: string | null) => {
      if (settled) return
      settled = true
      if (why === null) streams.push(stream)
      resolve(why)
    }
    req.on('error', (error) => {
      stream.ended = true
      once(error.message)
    })
    req.on('response', (res) => {
      stream.res = res
      if (res.statusCode !== 200) {
        res.resume()
        return once(`HTTP ${res.statusCode}`)
      }
      res.on('data', (chunk: Buffer) => {
        stream.articles += articles.feed(chunk)
        if (stream.articles > 0) once(null)
        if (stream.marker && stream.markedAt === null && stream.marker.feed(chunk) > 0) {
          stream.markedAt = nowMs()
          onMarked?.()
        }
      })
      res.on('close', () => {
        stream.ended = true
        once('ended before its first article')
        onMarked?.()
      })
    })
  })
}

async function openStreams(plan: Extract<ToGenerator, { type: 'open-streams' }>): Promise<FromGenerator> {
  const failures: Record<string, number> = {}
  const start = nowMs()
  let next = 0
  let open = 0
  const deadline = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), plan.timeoutMs).unref())
  const lanes = Array.from({ length: Math.min(plan.openAtOnce, plan.count) }, async () => {
    while (next < plan.count) {
      next++
      const why = await Promise.race([openStream(plan.url), deadline])
      if (why === 'timeout') return count(failures, `not open within ${plan.timeoutMs} ms`)
      if (why === null) open++
      else count(failures, why)
    }
  })
  await Promise.all(lanes)
  return { type: 'streams-open', open, failures, elapsedMs: nowMs() - start }
}

async function watch(plan: Extract<ToGenerator, { type: 'watch' }>): Promise<FromGenerator> {
  const needle = Buffer.from(plan.marker)
  for (const s of streams) {
    s.marker = new Scanner(needle)
    s.markedAt = null
  }
  const pending = () => streams.filter((s) => s.markedAt === null && !s.ended).length
  send({ type: 'watching' })
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, plan.timeoutMs)
    onMarked = () => {
      if (pending() > 0) return
      clearTimeout(timer)
      resolve()
    }
    onMarked()
  })
  onMarked = null
  return {
    type: 'marked',
    receivedAt: streams.flatMap((s) => (s.markedAt === null ? [] : [s.markedAt])),
    missing: pending(),
    ended: streams.filter((s) => s.ended).length,
  }
}

process.on('message', (message: ToGenerator) => {
  const answer = async (): Promise<FromGenerator> => {
    switch (message.type) {
      case 'load':
        return load(message)
      case 'open-streams':
        return openStreams(message)
      case 'watch':
        return watch(message)
      case 'close-streams':
        for (const s of streams.splice(0)) s.req.destroy()
        return { type: 'streams-closed' }
    }
  }
  answer().then(send, (error: unknown) =>
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  )
})
process.on('disconnect', () => process.exit(0))
