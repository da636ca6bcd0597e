/**
 * Counts committed edits per document, writing party and UTC day in memory, and hands what it
 * counted to the store every `flushMs` in one batch, and once more on close. The party is the
 * writing connection's, as the server admitted it: a client never says which party it writes for.
 * `count` is on the keystroke path, so it only increments a Map entry: no await, no database.
 * A batch that fails to store is added back and tried again with the next one.
 */
import type { Logger } from 'pino'
import type { EditCountRow } from '../store/participation.js'

export class EditCounter {
  /** `documentId \n party \n day` → the counted row. */
  private pending = new Map<string, EditCountRow>()
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> | null = null
  private closed = false

  constructor(
    private readonly store: (rows: EditCountRow[]) => Promise<void>,
    private readonly flushMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** One committed edit of `documentId` by a connection of `party` in `workspaceId`. */
  count(documentId: string, workspaceId: string, party: string): void {
    const day = new Date(this.now()).toISOString().slice(0, 10)
    const key = `${documentId}\n${party}\n${day}`
    const row = this.pending.get(key)
    if (row) row.edits++
    else this.pending.set(key, { documentId, workspaceId, party, day, edits: 1 })
    // One timer while anything is counted: an idle server runs none.
    if (!this.timer && !this.closed) {
      this.timer = setTimeout(() => {
        this.timer = null
        void this.flush()
      }, this.flushMs)
      this.timer.unref()
    }
  }

  /** Rows counted and not yet stored (tests, metrics). */
  get pendingRows(): number {
    return this.pending.size
  }

  /** Stores everything counted so far; resolves when it is stored (or failed and was kept). */
  async flush(): Promise<void> {
    // One batch at a time: the next waits, then takes what was counted meanwhile.
    while (this.flushing) await this.flushing
    if (this.pending.size === 0) return
    const batch = this.pending
    this.pending = new Map()
    this.flushing = this.store([...batch.values()]).then(
      () => {},
      (err: unknown) => {
        this.log.warn({ err, rows: batch.size }, 'edit counts not stored; kept for the next flush')
        for (const [key, row] of batch) {
          const now = this.pending.get(key)
          if (now) now.edits += row.edits
          else this.pending.set(key, row)
        }
        if (!this.closed && !this.timer) {
          this.timer = setTimeout(() => {
            this.timer = null
            void this.flush()
          }, this.flushMs)
          this.timer.unref()
        }
      },
    )
    try {
      await this.flushing
    } finally {
      this.flushing = null
    }
  }

  /** Stops the timer and stores what is left (after the rooms' last commits, before the database closes). */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.flush()
  }
}
