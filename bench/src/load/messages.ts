/** Messages between the coordinator (main.ts) and the load-generating worker processes. */
import type { Protocol } from './wire.js'

export interface DocPlan {
  /** Document id (Trepart) or name (peers). */
  room: string
  /** Full Yjs clients that write. */
  writers: number
  /** Full Yjs clients that only read. */
  readers: number
  /** Raw receive-only clients. */
  lightReaders: number
  /**
   * One base URL per client, in the order they are made (writers, readers, light readers), for
   * clients of one document spread over several server instances (`multi-instance.ts`); absent:
   * every client uses the plan's `baseUrl`.
   */
  baseUrls?: string[]
}

export interface WorkerPlan {
  workerIndex: number
  protocol: Protocol
  /** y-websocket: rooms are appended as `/<room>`; Hocuspocus: the server URL itself. */
  baseUrl: string
  headers: Record<string, string>
  docs: DocPlan[]
  editsPerSecond: number
  /** Sockets opening at once; the rest wait (the listen backlog is not what we measure). */
  connectConcurrency: number
  connectTimeoutMs: number
  /** Scan light clients' frames for edit markers. */
  scan: boolean
  /**
   * Trepart: every client sends `Hello` first, as the web app does, so the server sends it its
   * events (comment threads among them). Nothing else changes: these clients send no `Flush`.
   */
  hello: boolean
}

export type ToWorker =
  | { type: 'connect'; plan: WorkerPlan }
  | { type: 'run'; durationMs: number; drainMs: number }
  | { type: 'close' }

export interface Utilization {
  /** Event-loop utilisation 0..1 of the worker during the phase. */
  elu: number
  /** CPU seconds (user + system) the worker spent during the phase. */
  cpuSec: number
}

export type FromWorker =
  | ({ type: 'connected'; clients: number; connectMs: number[]; syncReplyBytes: number[] } & Utilization)
  | ({
      type: 'ran'
      edits: number
      /** Per fully delivered edit: µs from the edit until the last other client held it. */
      latenciesUs: number[]
      /** Edits some client of the document never received. */
      lost: number
      /** (edit, client) pairs missing. */
      missingReceipts: number
      disconnects: number
      /** Trepart `ServerEvent` frames the clients received during the run (only with `hello`). */
      serverEvents: number
      /** The worker's own event-loop delay during the run: a stalled generator shows here. */
      loopDelayP99Ms: number
      loopDelayMaxMs: number
    } & Utilization)
  | { type: 'error'; message: string }
