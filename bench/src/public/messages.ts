/** Messages between the public pages bench (public-pages.ts) and its load-generator process. */

export type ToGenerator =
  /**
   * GETs `url` over `concurrency` keep-alive connections, each sending its next request when the
   * last answer is read to its end: `warmupMs` unrecorded, then `durationMs` recorded. Every answer
   * must be a 200 of `expectBytes` bytes; anything else is counted as a failure.
   */
  | {
      type: 'load'
      url: string
      concurrency: number
      warmupMs: number
      durationMs: number
      expectBytes: number
    }
  /** Opens `count` event streams on `url` (at most `openAtOnce` opening at a time). */
  | { type: 'open-streams'; url: string; count: number; openAtOnce: number; timeoutMs: number }
  /** Reports when every open stream has received `marker`, or after `timeoutMs`. */
  | { type: 'watch'; marker: string; timeoutMs: number }
  | { type: 'close-streams' }

export interface LoadResult {
  type: 'loaded'
  /** Answers read in the recorded window, and how many of them were 200s of the expected size. */
  requests: number
  ok: number
  /** Failure reasons with their counts (`HTTP 429`, `bytes 123`, network errors). */
  failures: Record<string, number>
  /** The recorded window as the generator measured it. */
  elapsedMs: number
  /** µs from sending each recorded request to the end of its answer. */
  latenciesUs: number[]
  /** CPU seconds the generator spent in the recorded window. */
  cpuSec: number
}

export type FromGenerator =
  /** The recorded window starts now (server CPU is read from here). */
  | { type: 'measuring' }
  | LoadResult
  | {
      type: 'streams-open'
      /** Streams that answered 200 and delivered their first article. */
      open: number
      failures: Record<string, number>
      /** ms from the first open until the last stream had its first article. */
      elapsedMs: number
    }
  | { type: 'watching' }
  | {
      type: 'marked'
      /** When each stream that got the marker got it (nowMs, comparable across processes). */
      receivedAt: number[]
      /** Open streams that had not got it when the wait ended. */
      missing: number
      /** Streams that ended while open. */
      ended: number
    }
  | { type: 'streams-closed' }
  | { type: 'error'; message: string }
