/**
 * Group commit without a timer: the updates queued when the committer runs (the next event-loop
 * turn after the first one arrives) go into one transaction; updates arriving during a commit wait
 * for the next one. A failed commit is retried with exponential backoff and logged; when storage has
 * been failing for `failureCloseMs`, the waiting updates are rejected with {@link CommitFailedError}
 * so their writers can be told to reconnect (their clients still hold the edits).
 */
import type { Logger } from 'pino'
import type { DocumentStore, PendingUpdate } from './document-store.js'

export class CommitFailedError extends Error {
  override name = 'CommitFailedError'
}

export interface GroupCommitterOptions {
  retryBaseMs: number
  retryMaxMs: number
  failureCloseMs: number
}

interface QueuedUpdate extends PendingUpdate {
  resolve: (seq: number) => void
  reject: (error: Error) => void
}

export interface CommitStats {
  commits: number
  updates: number
  failures: number
}

export class GroupCommitter {
  private queue: QueuedUpdate[] = []
  private running = false
  private failingSince: number | null = null
  private idleWaiters: Array<() => void> = []
  readonly stats: CommitStats = { commits: 0, updates: 0, failures: 0 }

  constructor(
    private readonly store: DocumentStore,
    private readonly options: GroupCommitterOptions,
    private readonly log: Logger,
  ) {}

  /** Resolves with the update's log seq once it is durably committed. */
  enqueue(documentId: string, data: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.queue.push({ documentId, data, resolve, reject })
      if (!this.running) {
        this.running = true
        setImmediate(() => void this.run())
      }
    })
  }

  /** Number of updates queued or being committed. */
  get pending(): number {
    return this.queue.length + this.inFlight
  }

  private inFlight = 0

  /** Resolves when nothing is queued or being committed. */
  whenIdle(): Promise<void> {
    if (!this.running) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue
      this.queue = []
      this.inFlight = batch.length
      await this.commitWithRetry(batch)
      this.inFlight = 0
    }
    this.running = false
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const w of waiters) w()
  }

  private async commitWithRetry(batch: QueuedUpdate[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const seqs = await this.store.append(batch)
        if (this.failingSince !== null) {
          this.log.info({ failedForMs: Date.now() - this.failingSince }, 'storage recovered')
          this.failingSince = null
        }
        this.stats.commits++
        this.stats.updates += batch.length
        for (const [i, item] of batch.entries()) item.resolve(seqs[i]!)
        return
      } catch (error) {
        this.stats.failures++
        const now = Date.now()
        this.failingSince ??= now
        const documents = [...new Set(batch.map((b) => b.documentId))]
        if (now - this.failingSince >= this.options.failureCloseMs) {
          this.log.error(
            { err: error, documents, updates: batch.length, attempt },
            'commit failed; giving up on batch',
          )
          const failure = new CommitFailedError('storage unavailable', { cause: error })
          for (const item of batch) item.reject(failure)
          return
        }
        const delay = Math.min(this.options.retryMaxMs, this.options.retryBaseMs * 2 ** attempt)
        this.log.warn(
          { err: error, documents, updates: batch.length, attempt, retryInMs: delay },
          'commit failed; retrying',
        )
        await new Promise((r) => setTimeout(r, delay))
      }
    }
  }
}
