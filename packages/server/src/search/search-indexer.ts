/**
 * Keeps the search index current, off the keystroke path. A committed write only marks its
 * document dirty (a Set insert; the timer is started once per run, not per write). A while later
 * (SEARCH_INDEX_DELAY_MS after the first mark, not a debounce: steady typing is indexed every few
 * seconds, not never) the dirty documents' text is read from their committed Y.Doc — the loaded
 * room's, or else the store's snapshot and log — and written in batches, one transaction each.
 * A failure is logged and the documents stay dirty for a retry with backoff; nothing is ever
 * thrown towards a room. On shutdown, what is dirty is indexed before the database closes.
 */
import type { Logger } from 'pino'
import { type ContentSource, readCommitted } from '../store/committed-content.js'
import type { IndexedText, SearchIndex } from '../store/search-index.js'
import { documentText } from './plain-text.js'

/** A failed run is retried after at least this long, even with SEARCH_INDEX_DELAY_MS=0. */
const RETRY_MIN_MS = 1_000

export type { ContentSource }

export interface SearchIndexerOptions {
  indexDelayMs: number
  indexBatchDocuments: number
  indexRetryMaxMs: number
  maxIndexedChars: number
}

export class SearchIndexer {
  private readonly dirty = new Set<string>()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private failures = 0
  private closed = false
  private idleWaiters: Array<() => void> = []

  constructor(
    readonly index: SearchIndex,
    private readonly content: ContentSource,
    private readonly options: SearchIndexerOptions,
    private readonly log: Logger,
  ) {}

  /**
   * A document's content was committed. Called on every committed write: O(1), nothing else.
   */
  markDirty(documentId: string): void {
    this.dirty.add(documentId)
    if (this.timer === undefined && this.running === undefined && !this.closed) this.schedule()
  }

  /**
   * Indexes a created or renamed document's title now, so it is found at once. Never throws: a
   * failure leaves the document to the next indexing run.
   */
  async indexTitle(documentId: string): Promise<void> {
    try {
      await this.index.writeTitle(documentId)
    } catch (error) {
      this.log.warn({ err: error, documentId }, 'search: title not indexed; retrying later')
      this.markDirty(documentId)
    }
  }

  /**
   * Queues every document that has no entry yet (made before the index existed, or whose title
   * write failed before a restart). One query; the indexing itself runs in the background. Never throws.
   */
  async catchUp(): Promise<void> {
    try {
      const ids = await this.index.unindexed()
      for (const id of ids) this.markDirty(id)
      if (ids.length > 0) this.log.info({ documents: ids.length }, 'search: indexing documents')
    } catch (error) {
      this.log.warn({ err: error }, 'search: could not list unindexed documents')
    }
  }

  /**
   * Resolves once nothing is dirty and no run is under way: the index holds every write committed
   * before the call (and any made meanwhile). Waits through the delay; it does not hurry the run.
   * After `close()`, at once.
   */
  whenIdle(): Promise<void> {
    if (this.isIdle() || this.closed) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Indexes what is dirty now (once, failures logged), then stops taking work. */
  async close(): Promise<void> {
    this.closed = true
    clearTimeout(this.timer)
    this.timer = undefined
    await this.running
    if (this.dirty.size > 0) await this.run()
    // Whatever failed stays unindexed until its next edit; nobody waits for it any longer.
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private isIdle(): boolean {
    return this.dirty.size === 0 && this.running === undefined
  }

  private schedule(delayMs = this.options.indexDelayMs): void {
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.run()
    }, delayMs)
    // A pending index run never keeps the process alive; shutdown runs it itself.
    this.timer.unref()
  }

  private run(): Promise<void> {
    const task = (async () => {
      // indexBatches catches what it expects; anything else must not stop indexing for good.
      const ok = await this.indexBatches().catch((error: unknown) => {
        this.log.error({ err: error }, 'search: indexing run failed; retrying later')
        return false
      })
      this.running = undefined
      if (this.closed) return
      if (ok) this.failures = 0
      else this.failures++
      if (this.dirty.size === 0) return
      // Writes that arrived during the run wait their own delay; failures wait longer each time.
      if (this.failures === 0) this.schedule()
      else {
        const base = Math.max(this.options.indexDelayMs, RETRY_MIN_MS)
        this.schedule(Math.min(base * 2 ** (this.failures - 1), this.options.indexRetryMaxMs))
      }
    })().finally(() => this.notifyIfIdle())
    this.running = task
    return task
  }

  /** Indexes every document dirty at the start; returns false when any failed (they stay dirty). */
  private async indexBatches(): Promise<boolean> {
    const ids = [...this.dirty]
    this.dirty.clear()
    let ok = true
    for (let i = 0; i < ids.length; i += this.options.indexBatchDocuments) {
      const batch = ids.slice(i, i + this.options.indexBatchDocuments)
      try {
        if (!(await this.indexBatch(batch))) ok = false
      } catch (error) {
        // Not expected (indexBatch catches what it can): the rest stays dirty for the retry.
        for (const id of ids.slice(i)) this.dirty.add(id)
        throw error
      }
    }
    return ok
  }

  private async indexBatch(ids: string[]): Promise<boolean> {
    let existing: string[]
    try {
      // Deleted documents (and rooms of ids that are no document) are not read at all.
      existing = await this.index.existing(ids)
    } catch (error) {
      this.log.warn({ err: error, documents: ids.length }, 'search: index not reachable; retrying later')
      for (const id of ids) this.dirty.add(id)
      return false
    }
    const entries: IndexedText[] = []
    let ok = true
    for (const documentId of existing) {
      try {
        entries.push({ documentId, text: await this.textOf(documentId) })
      } catch (error) {
        ok = false
        this.log.warn({ err: error, documentId }, 'search: content not read; retrying later')
        this.dirty.add(documentId)
      }
    }
    try {
      await this.index.write(entries)
      return ok
    } catch (error) {
      this.log.warn({ err: error, documents: entries.length }, 'search: batch not indexed; trying one by one')
    }
    // One document the database refuses must not hold back the rest of its batch.
    for (const entry of entries) {
      try {
        await this.index.write([entry])
      } catch (error) {
        ok = false
        this.log.warn({ err: error, documentId: entry.documentId }, 'search: not indexed; retrying later')
        this.dirty.add(entry.documentId)
      }
    }
    return ok
  }

  private textOf(documentId: string): Promise<string> {
    // The room's doc holds committed state only, and reading it changes nothing anyone sees.
    return readCommitted(this.content, documentId, (doc) => documentText(doc, this.options.maxIndexedChars))
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }
}
