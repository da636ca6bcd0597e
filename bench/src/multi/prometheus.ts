/**
 * Reads an instance's `GET /metrics` (Prometheus text format): counters and histogram buckets
 * by series, the difference of two scrapes (what a measured window added), and quantiles estimated
 * from cumulative buckets the way Prometheus's `histogram_quantile` does (linear within a bucket),
 * since a histogram keeps no single observation.
 */

/** Series name with its labels as printed (`name{le="0.005"}`) → value. */
export type Scrape = Map<string, number>

export function parseMetrics(text: string): Scrape {
  const out: Scrape = new Map()
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue
    const at = line.lastIndexOf(' ')
    if (at === -1) continue
    const value = Number(line.slice(at + 1))
    if (!Number.isNaN(value)) out.set(line.slice(0, at), value)
  }
  return out
}

export async function scrape(metricsUrl: string, timeoutMs: number): Promise<Scrape> {
  const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs) })
  if (!res.ok) throw new Error(`${metricsUrl}: HTTP ${res.status}`)
  return parseMetrics(await res.text())
}

/** What `after` added to `before`, series by series, summed over instances. */
export function added(pairs: Array<{ before: Scrape; after: Scrape }>): Scrape {
  const out: Scrape = new Map()
  for (const { before, after } of pairs) {
    for (const [series, value] of after) {
      out.set(series, (out.get(series) ?? 0) + value - (before.get(series) ?? 0))
    }
  }
  return out
}

export function value(s: Scrape, series: string): number {
  return s.get(series) ?? 0
}

export interface Bucket {
  /** Upper bound in the metric's unit; Infinity for `+Inf`. */
  le: number
  /** Observations at or below `le` (cumulative). */
  count: number
}

export function buckets(s: Scrape, histogram: string): Bucket[] {
  const out: Bucket[] = []
  const pattern = new RegExp(`^${histogram}_bucket\\{le="([^"]+)"\\}$`)
  for (const [series, count] of s) {
    const m = pattern.exec(series)
    if (m) out.push({ le: m[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(m[1]), count })
  }
  return out.sort((a, b) => a.le - b.le)
}

export interface Estimate {
  value: number
  /** True when the rank fell in the `+Inf` bucket: the value is the highest finite bound, a floor. */
  atLeast: boolean
}

/**
 * The `q` quantile (0..1) from cumulative buckets, interpolated linearly inside the bucket that
 * holds its rank (the first bucket from 0), as `histogram_quantile`; null with no observation.
 */
export function quantile(list: Bucket[], q: number): Estimate | null {
  const total = list.at(-1)?.count ?? 0
  if (total <= 0) return null
  const rank = q * total
  let lower = 0
  let below = 0
  for (const b of list) {
    if (b.count >= rank) {
      if (b.le === Number.POSITIVE_INFINITY) return { value: lower, atLeast: true }
      const inBucket = b.count - below
      const share = inBucket > 0 ? (rank - below) / inBucket : 1
      return { value: lower + (b.le - lower) * share, atLeast: false }
    }
    lower = b.le
    below = b.count
  }
  return { value: lower, atLeast: true }
}
