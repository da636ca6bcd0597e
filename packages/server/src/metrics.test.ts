import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { Metrics } from './metrics.js'
import { openDatabase, SQLITE_FILE_NAME } from './store/database.js'
import { KyselyDocumentStore } from './store/document-store.js'
import { GroupCommitter } from './store/group-committer.js'
import { waitFor } from './test-support/wait-for.js'

/** The value of the sample line `name` (with its labels, e.g. `x_bucket{le="0.01"}`), or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

describe('Metrics', () => {
  it('shows what was recorded under its names, and the gauges as they are when scraped', async () => {
    let connections = 3
    const metrics = new Metrics({ connections: () => connections, rooms: () => 2 }, { processMetrics: false })
    metrics.commitDone(4, 2)
    metrics.commitDone(1, 30)
    metrics.commitFailed()
    metrics.fanoutReceived(20)
    metrics.gapFilled(5)
    metrics.gapFilled(2)
    metrics.redisReconnected()

    let text = await metrics.text()
    expect(sample(text, 'trepart_connections')).toBe(3)
    expect(sample(text, 'trepart_rooms')).toBe(2)
    expect(sample(text, 'trepart_commits_total')).toBe(2)
    expect(sample(text, 'trepart_committed_updates_total')).toBe(5)
    expect(sample(text, 'trepart_commit_seconds_count')).toBe(2)
    expect(sample(text, 'trepart_commit_seconds_sum')).toBeCloseTo(0.032)
    expect(sample(text, 'trepart_commit_seconds_bucket{le="0.0025"}')).toBe(1)
    expect(sample(text, 'trepart_commit_seconds_bucket{le="0.05"}')).toBe(2)
    expect(sample(text, 'trepart_commit_failures_total')).toBe(1)
    expect(sample(text, 'trepart_fanout_lag_seconds_count')).toBe(1)
    expect(sample(text, 'trepart_fanout_lag_seconds_bucket{le="0.01"}')).toBe(0)
    expect(sample(text, 'trepart_fanout_lag_seconds_bucket{le="0.025"}')).toBe(1)
    expect(sample(text, 'trepart_fanout_lag_seconds_bucket{le="10"}')).toBe(1)
    expect(sample(text, 'trepart_fanout_gaps_filled_total')).toBe(2)
    expect(sample(text, 'trepart_fanout_gap_updates_total')).toBe(7)
    expect(sample(text, 'trepart_redis_reconnects_total')).toBe(1)
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/)

    connections = 0
    text = await metrics.text()
    expect(sample(text, 'trepart_connections')).toBe(0)
  })

  it('keeps each instance its own: two servers in one process never share a count', async () => {
    const a = new Metrics({ connections: () => 1, rooms: () => 1 })
    const b = new Metrics({ connections: () => 7, rooms: () => 0 })
    a.commitDone(3, 1)
    a.commitDone(3, 1)
    b.gapFilled(9)

    const [textA, textB] = await Promise.all([a.text(), b.text()])
    expect(sample(textA, 'trepart_commits_total')).toBe(2)
    expect(sample(textB, 'trepart_commits_total')).toBe(0)
    expect(sample(textA, 'trepart_fanout_gap_updates_total')).toBe(0)
    expect(sample(textB, 'trepart_fanout_gap_updates_total')).toBe(9)
    expect(sample(textA, 'trepart_connections')).toBe(1)
    expect(sample(textB, 'trepart_connections')).toBe(7)
  })

  it('includes the process metrics once per scrape, collected once per process, unless turned off', async () => {
    const withProcess = await new Metrics({ connections: () => 0, rooms: () => 0 }).text()
    const again = await new Metrics({ connections: () => 0, rooms: () => 0 }).text()
    for (const text of [withProcess, again]) {
      const types = text.split('\n').filter((l) => l.startsWith('# TYPE process_cpu_user_seconds_total '))
      expect(types).toHaveLength(1)
      expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge')
    }
    const without = await new Metrics(
      { connections: () => 0, rooms: () => 0 },
      { processMetrics: false },
    ).text()
    expect(without).not.toContain('process_cpu_user_seconds_total')
    expect(without).toContain('trepart_commits_total')
  })

  it('never throws on a value prom-client would refuse (the committer calls it on its commit path)', async () => {
    const metrics = new Metrics({ connections: () => 0, rooms: () => 0 }, { processMetrics: false })
    expect(() => {
      metrics.commitDone(Number.NaN, -1)
      metrics.gapFilled(-3)
      metrics.fanoutReceived(-50) // the sender's clock ahead of this one
      metrics.fanoutReceived(Number.NaN)
    }).not.toThrow()
    const text = await metrics.text()
    expect(sample(text, 'trepart_commits_total')).toBe(1)
    expect(sample(text, 'trepart_committed_updates_total')).toBe(0)
    expect(sample(text, 'trepart_fanout_lag_seconds_count')).toBe(1)
    expect(sample(text, 'trepart_fanout_lag_seconds_bucket{le="0.0005"}')).toBe(1)
  })

  it('labels nothing but histogram buckets: no document, user or name can reach a scrape', async () => {
    const metrics = new Metrics({ connections: () => 1, rooms: () => 1 }, { processMetrics: false })
    metrics.commitDone(1, 1)
    metrics.fanoutReceived(1)
    const samples = (await metrics.text()).split('\n').filter((l) => l.startsWith('trepart_'))
    expect(samples.length).toBeGreaterThan(10)
    for (const line of samples) expect(line).toMatch(/^trepart_[a-z_]+(\{le="[^"]+"\})? \S+$/)
  })

  it('counts what a real group committer reports: failed attempts, then the transaction that got through', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-metrics-'))
    const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 20 })
    const store = KyselyDocumentStore.for(opened)
    const locker = new Database(path.join(dataDir, SQLITE_FILE_NAME))
    try {
      const metrics = new Metrics({ connections: () => 0, rooms: () => 0 }, { processMetrics: false })
      const committer = new GroupCommitter(
        store,
        { retryBaseMs: 5, retryMaxMs: 20, failureCloseMs: 10_000, observer: metrics },
        pino({ level: 'silent' }),
      )
      await committer.enqueue('doc', new Uint8Array([1]))
      // Another connection holds SQLite's write lock: attempts fail until it lets go.
      locker.exec('BEGIN IMMEDIATE')
      const second = committer.enqueue('doc', new Uint8Array([2]))
      await waitFor(async () => (sample(await metrics.text(), 'trepart_commit_failures_total') ?? 0) >= 1)
      locker.exec('COMMIT')
      await second
      const text = await metrics.text()
      expect(sample(text, 'trepart_commits_total')).toBe(2)
      expect(sample(text, 'trepart_committed_updates_total')).toBe(2)
      expect(sample(text, 'trepart_commit_seconds_count')).toBe(2)
      expect(sample(text, 'trepart_commit_failures_total')).toBe(committer.stats.failures)
    } finally {
      locker.close()
      await store.close()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
