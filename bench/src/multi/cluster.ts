/**
 * What a run needs from several instances of one server on this machine: where each listens, its
 * pid (for /proc), the headers every websocket sends, documents to edit, and — Trepart only — each
 * instance's `/metrics`.
 */
import type { Protocol } from '../load/wire.js'
import type { Scrape } from './prometheus.js'

export type SystemName = 'trepart' | 'hocuspocus-redis'

export const systemLabels: Record<SystemName, string> = {
  trepart: 'Trepart (shared mode: PostgreSQL + Redis)',
  'hocuspocus-redis': 'Hocuspocus 4.7 + Redis extension (+ one SQLite file)',
}

export interface ClusterInstance {
  readonly pid: number
  /** y-websocket: the URL room names are appended to; Hocuspocus: the server URL. */
  readonly baseUrl: string
  readonly failed: () => string | null
}

export interface Cluster {
  readonly system: SystemName
  readonly protocol: Protocol
  readonly instances: readonly ClusterInstance[]
  readonly headers: Record<string, string>
  /** PostgreSQL database the instances share (Trepart), for its backends' CPU. */
  readonly database: string | null
  createDocuments(count: number): Promise<string[]>
  /** Every instance's `/metrics`, in instance order (Trepart only). */
  scrape?(): Promise<Scrape[]>
  /** Stops every instance; rejects if one did not stop cleanly. */
  stop(): Promise<void>
}
