/** Percentiles and medians over plain number arrays. */

/** Nearest-rank percentile of `values` (need not be sorted); NaN for an empty array. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = Float64Array.from(values).sort()
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] ?? Number.NaN
}

export function median(values: readonly number[]): number {
  const finite = values.filter((v) => Number.isFinite(v))
  if (finite.length === 0) return Number.NaN
  const sorted = [...finite].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface LatencySummary {
  count: number
  p50: number
  p95: number
  p99: number
  max: number
}

/** Summary of latencies given in microseconds, reported in milliseconds. */
export function summarize(latenciesUs: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesUs).sort()
  const at = (p: number) =>
    sorted.length === 0
      ? Number.NaN
      : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0) /
        1000
  return {
    count: sorted.length,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? 0) / 1000 : Number.NaN,
  }
}
