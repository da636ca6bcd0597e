/**
 * Group commit without a timer. When the store can write synchronously (SQLite) and nothing is
 * queued, the first update of an event-loop turn is committed at once, so an edit made alone is
 * relayed without waiting for the turn to end. The updates that arrive after it in the same turn
 * are queued and go into one transaction when the committer runs (on the next turn); updates
 * arriving during a commit wait for the next one. Order is kept: nothing is committed at once while
 * anything is queued. A failed commit is retried with exponential backoff and logged; when storage has
 * been failing for `failureCloseMs`, the waiting updates are rejected with {@link CommitFailedError}
 * so their writers can be told to reconnect (their clients still hold the edits).
 */
import type { Logger } from 'pino'
import type { DocumentStore, PendingUpdate } from './document-store.js'

export class CommitFailedError extends Error {
  override name = 'CommitFailedError'
}

/**
 * The store refused the update because its document is no longer a draft: scaled out, a round
 * started on another instance locked it in the database before this instance heard of it.
 */
export class DocumentLockedError extends Error {
  override name = 'DocumentLockedError'
}

export interface GroupCommitterOptions {
  retryBaseMs: number
  retryMaxMs: number
  failureCloseMs: number
  /** Told of every transaction (metrics). Runs on the commit path: it must be cheap and never throw. */
  observer?: CommitObserver
}

/** Transactions, as they end: committed (with their updates and how long the write took) or failed. */
export interface CommitObserver {
  commitDone(updates: number, latencyMs: number): void
  commitFailed(): void
}

/** Told the update's log seq once it is committed, or the error that ended the attempts. */
export interface CommitCallbacks {
  committed(seq: number): void
  failed(error: Error): void
}

interface QueuedUpdate extends PendingUpdate {
  callbacks: CommitCallbacks
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

  /** Whether an update was committed at once in the current event-loop turn. */
  private committedThisTurn = false
  private readonly endTurn = (): void => {
    this.committedThisTurn = false
  }

  /**
   * Commits the update durably, then calls `callbacks.committed` — before returning when it could
   * be written at once, else on a later turn. Never calls both callbacks, nor either twice.
   */
  submit(documentId: string, data: Uint8Array, callbacks: CommitCallbacks): void {
    if (!this.running && !this.committedThisTurn && this.store.appendNow) {
      let seqs: number[] | null = null
      const started = performance.now()
      try {
        seqs = this.store.appendNow([{ documentId, data }])
      } catch {
        // Left to the queued path below, which retries with backoff and logs the failure.
      }
      if (seqs) {
        this.committedThisTurn = true
        setImmediate(this.endTurn)
        this.succeeded(1, performance.now() - started)
        this.tell(callbacks, seqs[0]!)
        return
      }
    }
    this.queue.push({ documentId, data, callbacks })
    if (!this.running) {
      this.running = true
      setImmediate(() => void this.run())
    }
  }

  /** {@link submit} as a promise of the update's log seq. */
  enqueue(documentId: string, data: Uint8Array): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      this.submit(documentId, data, { committed: resolve, failed: reject })
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

  private succeeded(updates: number, latencyMs: number): void {
    if (this.failingSince !== null) {
      this.log.info({ failedForMs: Date.now() - this.failingSince }, 'storage recovered')
      this.failingSince = null
    }
    this.stats.commits++
    this.stats.updates += updates
    this.options.observer?.commitDone(updates, latencyMs)
  }

  /** The update is committed whatever the callback does: its error must not read as a failed commit. */
  private tell(callbacks: CommitCallbacks, seq: number): void {
    try {
      callbacks.committed(seq)
    } catch (error) {
      this.log.error({ err: error }, 'handling a committed update failed')
    }
  }

  private refuse(callbacks: CommitCallbacks, error: Error): void {
    try {
      callbacks.failed(error)
    } catch (callbackError) {
      this.log.error({ err: callbackError }, 'handling a refused update failed')
    }
  }

  private async commitWithRetry(batch: QueuedUpdate[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const started = performance.now()
      try {
        const seqs = await this.store.append(batch)
        this.succeeded(batch.length, performance.now() - started)
        for (const [i, item] of batch.entries()) {
          const seq = seqs[i]
          if (seq != null) this.tell(item.callbacks, seq)
          else this.refuse(item.callbacks, new DocumentLockedError('the document is locked'))
        }
        return
      } catch (error) {
        this.stats.failures++
        this.options.observer?.commitFailed()
        const now = Date.now()
        this.failingSince ??= now
        const documents = [...new Set(batch.map((b) => b.documentId))]
        if (now - this.failingSince >= this.options.failureCloseMs) {
          this.log.error(
            { err: error, documents, updates: batch.length, attempt },
            'commit failed; giving up on batch',
          )
          const failure = new CommitFailedError('storage unavailable', { cause: error })
          for (const item of batch) this.refuse(item.callbacks, failure)
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
