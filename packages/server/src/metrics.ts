/**
 * Prometheus metrics of one instance (`GET /metrics`): connections, rooms, commits and their
 * latency, fan-out lag between instances, gaps filled from the database, Redis reconnects. Each
 * instance owns its registry (never prom-client's global one: tests run many servers in one
 * process, and each must count only its own). Counts only, never a label: no document id, user id
 * or name ever reaches a scrape.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { CommitObserver } from './store/group-committer.js'

/** Read when scraped, so the gauges need no bookkeeping on the hot paths. */
export interface MetricsSources {
  connections: () => number
  rooms: () => number
}

export interface MetricsOptions {
  /** Include the process's own metrics (CPU, memory, event-loop lag, GC); on unless false. */
  processMetrics?: boolean
}

/** A commit takes about a millisecond on SQLite, a few on PostgreSQL, seconds when storage struggles. */
const COMMIT_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]
/** Fan-out lag: a Redis hop is sub-millisecond to milliseconds; a gap filled from the database waits seconds. */
const FANOUT_BUCKETS_S = [...COMMIT_BUCKETS_S, 10]

/**
 * A count or duration as prom-client takes it: it throws on NaN and on a negative count, and the
 * committer calls in here on its commit path, where nothing may throw.
 */
const amount = (n: number) => (Number.isFinite(n) && n > 0 ? n : 0)

let processRegistry: Registry | undefined
/** How often the event-loop delay monitor samples (prom-client's default is 10 ms). */
const PROCESS_MONITOR_PRECISION_MS = 100
/**
 * The process's default metrics, collected once per process into a registry of their own and shown
 * in every instance's scrape. prom-client 15's `collectDefaultMetrics` sets no interval, but each
 * call enables an event-loop delay monitor and a GC `PerformanceObserver` that nothing can turn off
 * again: called per instance, every server a test starts would leave both behind. They describe the
 * process, not an instance, so one set is also what is true.
 */
function processMetricsRegistry(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry()
    // The event-loop delay monitor wakes the process every `precision` ms for as long as it lives:
    // at prom-client's default (10 ms) an idle server never goes quiet. A tenth of a second is
    // fine-grained enough for a scrape every few seconds.
    collectDefaultMetrics({
      register: processRegistry,
      eventLoopMonitoringPrecision: PROCESS_MONITOR_PRECISION_MS,
    })
  }
  return processRegistry
}

export class Metrics implements CommitObserver {
  private readonly registry = new Registry()
  private readonly processMetrics: boolean
  private readonly commits: Counter
  private readonly committedUpdates: Counter
  private readonly commitSeconds: Histogram
  private readonly commitFailures: Counter
  private readonly fanoutLagSeconds: Histogram
  private readonly gapsFilled: Counter
  private readonly gapUpdates: Counter
  private readonly redisReconnects: Counter

  constructor(sources: MetricsSources, options: MetricsOptions = {}) {
    this.processMetrics = options.processMetrics !== false
    // Started at the first scrape, not here: a server nobody scrapes (the default, one machine)
    // runs no monitor at all, and its idle and per-edit CPU stay what they were.
    const registers = [this.registry]
    new Gauge({
      name: 'trepart_connections',
      help: 'Open collaboration websockets on this instance.',
      registers,
      collect() {
        this.set(sources.connections())
      },
    })
    new Gauge({
      name: 'trepart_rooms',
      help: 'Documents loaded in memory on this instance.',
      registers,
      collect() {
        this.set(sources.rooms())
      },
    })
    this.commits = new Counter({
      name: 'trepart_commits_total',
      help: 'Update-log transactions committed (a group commit holds one or more updates).',
      registers,
    })
    this.committedUpdates = new Counter({
      name: 'trepart_committed_updates_total',
      help: 'Document updates committed to the update log.',
      registers,
    })
    this.commitSeconds = new Histogram({
      name: 'trepart_commit_seconds',
      help: 'Time one update-log transaction took to write.',
      buckets: COMMIT_BUCKETS_S,
      registers,
    })
    this.commitFailures = new Counter({
      name: 'trepart_commit_failures_total',
      help: 'Update-log transaction attempts that failed (each retry counts).',
      registers,
    })
    this.fanoutLagSeconds = new Histogram({
      name: 'trepart_fanout_lag_seconds',
      help: "Time from an update's commit on another instance to its arrival here (across both machines' clocks).",
      buckets: FANOUT_BUCKETS_S,
      registers,
    })
    this.gapsFilled = new Counter({
      name: 'trepart_fanout_gaps_filled_total',
      help: 'Holes or silences in the fan-out filled from the database.',
      registers,
    })
    this.gapUpdates = new Counter({
      name: 'trepart_fanout_gap_updates_total',
      help: 'Updates read from the database to fill fan-out gaps.',
      registers,
    })
    this.redisReconnects = new Counter({
      name: 'trepart_redis_reconnects_total',
      help: 'Times the connection to Redis was made again after it was lost.',
      registers,
    })
  }

  /** A transaction of `updates` updates was committed in `latencyMs`. */
  commitDone(updates: number, latencyMs: number): void {
    this.commits.inc()
    this.committedUpdates.inc(amount(updates))
    this.commitSeconds.observe(amount(latencyMs) / 1000)
  }

  /** A transaction attempt failed (it may be retried). */
  commitFailed(): void {
    this.commitFailures.inc()
  }

  /**
   * An update committed on another instance arrived `lagMs` after its commit. The two clocks may
   * disagree; a negative lag (this clock behind) counts as none rather than throwing it away.
   */
  fanoutReceived(lagMs: number): void {
    if (!Number.isFinite(lagMs)) return
    this.fanoutLagSeconds.observe(amount(lagMs) / 1000)
  }

  /** A gap in the fan-out was filled from the database with `updates` updates. */
  gapFilled(updates: number): void {
    this.gapsFilled.inc()
    this.gapUpdates.inc(amount(updates))
  }

  redisReconnected(): void {
    this.redisReconnects.inc()
  }

  /** The Prometheus text exposition of this instance (and of the process, unless turned off). */
  async text(): Promise<string> {
    const own = await this.registry.metrics()
    return this.processMetrics ? own + (await processMetricsRegistry().metrics()) : own
  }

  /** The `Content-Type` of {@link text}. */
  get contentType(): string {
    return this.registry.contentType
  }
}
