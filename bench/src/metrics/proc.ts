/**
 * Process figures from /proc: CPU seconds (utime + stime) and peak resident memory (VmHWM) of one
 * process, and the CPU of every PostgreSQL process, so a database-backed run can show what the
 * database spent beside what the server spent.
 */
import fs from 'node:fs'

const TICKS_PER_SECOND = 100

/** utime + stime of `pid` in seconds, or null once the process is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may hold spaces and parentheses: fields are counted after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
  } catch {
    return null
  }
}

/** CPU time of each thread of `pid` in milliseconds (schedstat: nanoseconds, not 10 ms ticks). */
function threadCpuMs(pid: number): Map<string, number> | null {
  let tasks: string[]
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`)
  } catch {
    return null
  }
  const out = new Map<string, number>()
  for (const task of tasks) {
    try {
      out.set(
        task,
        Number(fs.readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]) / 1e6,
      )
    } catch {
      // A thread that ended between listing and reading.
    }
  }
  return out.size > 0 ? out : null
}

/** CPU milliseconds between two samples, over the threads present in both. */
function cpuBetween(before: Map<string, number>, after: Map<string, number>): number {
  let ms = 0
  for (const [task, then] of before) {
    const now = after.get(task)
    if (now !== undefined) ms += now - then
  }
  return ms
}

export interface QuietOptions {
  /** The window over which CPU use is judged. */
  windowMs: number
  /** Windows in a row that must be quiet. */
  windows: number
  /** At most this share of one core in a window counts as quiet. */
  maxCoreShare: number
  timeoutMs: number
}

/**
 * Waits until `pid` has been quiet for `windows` windows in a row, so that work a server's start
 * or setup left running is not counted as the scenario's: V8 keeps compiling and collecting on
 * background threads for a while after a start (an idle Trepart used 4–25 ms of CPU per second in
 * its first 10–20 s, then none; the reference about 3). Resolves with the milliseconds waited, or
 * null if it was not quiet within the timeout (or the process is gone).
 */
export async function waitUntilQuiet(pid: number, options: QuietOptions): Promise<number | null> {
  const started = performance.now()
  let before = threadCpuMs(pid)
  let quiet = 0
  while (before && performance.now() - started < options.timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, options.windowMs))
    const after = threadCpuMs(pid)
    if (!after) return null
    quiet = cpuBetween(before, after) <= options.windowMs * options.maxCoreShare ? quiet + 1 : 0
    if (quiet >= options.windows) return performance.now() - started
    before = after
  }
  return null
}

function statusField(pid: number, field: string): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)
    return match ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}

/** Peak resident set size of `pid` in bytes (VmHWM), or null once the process is gone. */
export function peakRssBytes(pid: number): number | null {
  return statusField(pid, 'VmHWM')
}

/** Current resident set size of `pid` in bytes (VmRSS). */
export function rssBytes(pid: number): number | null {
  return statusField(pid, 'VmRSS')
}

/** CPU seconds of every process whose command is `postgres`, by pid. */
export function postgresCpu(): Map<number, number> {
  const out = new Map<number, number>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim()
      if (comm !== 'postgres') continue
    } catch {
      continue
    }
    const cpu = cpuSeconds(Number(entry))
    if (cpu !== null) out.set(Number(entry), cpu)
  }
  return out
}

/**
 * CPU the PostgreSQL processes spent between two {@link postgresCpu} readings. Backends that
 * started in between count from zero; ones that exited in between are lost (the server's pool
 * keeps its connections for the run, so this is rare).
 */
export function postgresCpuDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0)
  return total
}

/** Busy CPU seconds of the whole machine (all cores) from /proc/stat: everything but idle and iowait. */
export function machineBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number)
  return (
    ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) /
    TICKS_PER_SECOND
  )
}
