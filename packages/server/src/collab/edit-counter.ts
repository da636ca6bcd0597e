/**
 * Counts committed edits per document, writing party and UTC day in memory, and hands what it
 * counted to the store every `flushMs` in one batch, and once more on close. The party is the
 * writing connection's, as the server admitted it: a client never says which party it writes for.
 * `count` is on the keystroke path, so it only increments a Map entry: no await, no database.
 * A batch that fails to store is added back and tried again with the next one.
 */
import type { Logger } from 'pino'
import type { EditCountRow } from '../store/participation.js'

/** Milliseconds in a UTC day. */
const DAY_MS = 86_400_000

export class EditCounter {
  /**
   * Per document, its counted rows (one per writing party and day: a handful). Looked up by the
   * document alone, so counting an edit builds no key string and allocates nothing once the row
   * exists.
   */
  private pending = new Map<string, EditCountRow[]>()
  private rows = 0
  /** Today's `YYYY-MM-DD` (UTC), formatted once a day rather than once per edit. */
  private day = ''
  private dayEndsAt = 0
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
    const now = this.now()
    if (now >= this.dayEndsAt || now < this.dayEndsAt - DAY_MS) {
      this.day = new Date(now).toISOString().slice(0, 10)
      this.dayEndsAt = (Math.floor(now / DAY_MS) + 1) * DAY_MS
    }
    this.add(documentId, workspaceId, party, this.day, 1)
    // One timer while anything is counted: an idle server runs none.
    if (!this.timer && !this.closed) this.schedule()
  }

  /** Rows counted and not yet stored (tests, metrics). */
  get pendingRows(): number {
    return this.rows
  }

  private add(documentId: string, workspaceId: string, party: string, day: string, edits: number): void {
    const rows = this.pending.get(documentId)
    if (!rows) {
      this.pending.set(documentId, [{ documentId, workspaceId, party, day, edits }])
      this.rows++
      return
    }
    for (const row of rows) {
      if (row.party === party && row.day === day) {
        row.edits += edits
        return
      }
    }
    rows.push({ documentId, workspaceId, party, day, edits })
    this.rows++
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, this.flushMs)
    this.timer.unref()
  }

  /** Stores everything counted so far; resolves when it is stored (or failed and was kept). */
  async flush(): Promise<void> {
    // One batch at a time: the next waits, then takes what was counted meanwhile.
    while (this.flushing) await this.flushing
    if (this.rows === 0) return
    const batch = [...this.pending.values()].flat()
    this.pending = new Map()
    this.rows = 0
    this.flushing = this.store(batch).then(
      () => {},
      (err: unknown) => {
        this.log.warn({ err, rows: batch.length }, 'edit counts not stored; kept for the next flush')
        for (const row of batch) this.add(row.documentId, row.workspaceId, row.party, row.day, row.edits)
        if (!this.closed && !this.timer) this.schedule()
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
