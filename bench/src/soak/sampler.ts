/**
 * Once a second: the server's resident memory (VmRSS, VmHWM), open file descriptors, CPU, heap and
 * event-loop delay (from the preload), the CPU of the load generator's own processes, and — each
 * on its own timer — a /healthz probe and the admin's rename of the document (the honest activity
 * that makes every open event stream receive an event each second).
 */
import fs from 'node:fs'
import http from 'node:http'
import { nowMs } from '../load/light-client.js'
import { cpuSeconds, peakRssBytes, postgresCpu, postgresCpuDelta, rssBytes } from '../metrics/proc.js'
import type { Phase } from './messages.js'
import type { SoakServer } from './server.js'

const MiB = 1024 * 1024

export interface Sample {
  /** Seconds since sampling started. */
  t: number
  phase: Phase
  rssMiB: number | null
  hwmMiB: number | null
  fds: number | null
  serverCpuS: number | null
  heapUsedMiB: number | null
  externalMiB: number | null
  loopP99Ms: number | null
  loopMaxMs: number | null
  /** Busy CPU seconds of every `postgres` process (PostgreSQL runs). */
  postgresCpuS: number | null
  generatorCpuS: Record<string, number | null>
}

export interface Probe {
  t: number
  phase: Phase
  /** Milliseconds to the answer, or null when there was none within the timeout. */
  ms: number | null
  status: number | null
}

export function fdCount(pid: number): number | null {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length
  } catch {
    return null
  }
}

/** GET /healthz with its own connection (no pool to hide a stuck accept queue). */
export function probeHealth(
  httpBase: string,
  timeoutMs: number,
): Promise<{ ms: number | null; status: number | null }> {
  const started = nowMs()
  return new Promise((resolve) => {
    const request = http.get(`${httpBase}/healthz`, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume()
      response.on('end', () => resolve({ ms: nowMs() - started, status: response.statusCode ?? null }))
    })
    request.on('timeout', () => request.destroy(new Error('timeout')))
    request.on('error', () => resolve({ ms: null, status: null }))
  })
}

export class Sampler {
  readonly samples: Sample[] = []
  readonly health: Probe[] = []
  readonly renames: Probe[] = []
  phase: Phase = 'warmup'
  private readonly timers: NodeJS.Timeout[] = []
  private readonly started = nowMs()
  private renameCount = 0

  constructor(
    private readonly server: SoakServer,
    private readonly generators: () => Record<string, number | null>,
    private readonly rename: { documentId: string; cookie: string },
  ) {}

  private now(): number {
    return (nowMs() - this.started) / 1000
  }

  start(): void {
    const { pid } = this.server
    const postgres = this.server.backend === 'postgres'
    // Summed per backend between samples, so a backend that exits does not lower the total.
    let pgBefore = postgres ? postgresCpu() : new Map<number, number>()
    let pgTotal = 0
    const sample = () => {
      const stats = this.server.stats()
      let pgCpu: number | null = null
      if (postgres) {
        const now = postgresCpu()
        pgTotal += postgresCpuDelta(pgBefore, now)
        pgBefore = now
        pgCpu = pgTotal
      }
      const rss = rssBytes(pid)
      const hwm = peakRssBytes(pid)
      this.samples.push({
        t: this.now(),
        phase: this.phase,
        rssMiB: rss === null ? null : rss / MiB,
        hwmMiB: hwm === null ? null : hwm / MiB,
        fds: fdCount(pid),
        serverCpuS: cpuSeconds(pid),
        heapUsedMiB: stats ? stats.heapUsed / MiB : null,
        externalMiB: stats ? (stats.external + stats.arrayBuffers) / MiB : null,
        loopP99Ms: stats?.loopP99Ms ?? null,
        loopMaxMs: stats?.loopMaxMs ?? null,
        postgresCpuS: pgCpu,
        generatorCpuS: this.generators(),
      })
    }
    sample()
    this.timers.push(setInterval(sample, 1000))
    // One probe at a time: a stuck server gets one probe per timeout, not a pile of them.
    let probing = false
    this.timers.push(
      setInterval(() => {
        if (probing) return
        probing = true
        const t = this.now()
        const phase = this.phase
        void probeHealth(this.server.httpBase, 5_000).then((r) => {
          this.health.push({ t, phase, ...r })
          probing = false
        })
      }, 1000),
    )
    let renaming = false
    this.timers.push(
      setInterval(() => {
        if (renaming) return
        renaming = true
        const t = this.now()
        const phase = this.phase
        const started = nowMs()
        const n = ++this.renameCount
        // A long title (near the 200-character limit), as meetings' working titles get.
        const title = `Forslag ${n}: ${'budsjett og bemanning i helse og omsorg, '.repeat(4)}`.slice(0, 190)
        fetch(`${this.server.httpBase}/api/documents/${this.rename.documentId}`, {
          method: 'PATCH',
          headers: {
            'content-type': 'application/json',
            origin: this.server.httpBase,
            cookie: this.rename.cookie,
          },
          body: JSON.stringify({ title }),
          signal: AbortSignal.timeout(10_000),
        })
          .then(async (res) => {
            await res.body?.cancel()
            this.renames.push({ t, phase, ms: nowMs() - started, status: res.status })
          })
          .catch(() => this.renames.push({ t, phase, ms: null, status: null }))
          .finally(() => {
            renaming = false
          })
      }, 1000),
    )
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer)
    this.timers.length = 0
  }
}
