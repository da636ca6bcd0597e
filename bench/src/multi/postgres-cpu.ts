/**
 * CPU of the PostgreSQL processes that worked for one run: the backends connected to the run's own
 * database and the server-wide helpers every write goes through (WAL writer, checkpointer,
 * background writer, the postmaster). Backends of other databases are left out: other test suites
 * on this shared machine use the same PostgreSQL, and the plain sum of every `postgres` process
 * (`metrics/proc.ts`, what the single-instance bench reads) would count their queries as ours.
 */
import fs from 'node:fs'
import { cpuSeconds } from '../metrics/proc.js'

/** A client backend's title: `postgres: 15/main: user database 127.0.0.1(40112) idle`. */
const CLIENT_BACKEND = /\(\d+\)|\[local\]/

export function runPostgresCpu(database: string): Map<number, number> {
  const out = new Map<number, number>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    let title: string
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue
      title = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ')
    } catch {
      continue
    }
    const words = title.split(/\s+/)
    if (CLIENT_BACKEND.test(title) && !words.includes(database)) continue
    const cpu = cpuSeconds(Number(entry))
    if (cpu !== null) out.set(Number(entry), cpu)
  }
  return out
}
