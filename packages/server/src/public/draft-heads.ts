/**
 * Shared mode: what another instance writes to a draft must reach this instance's public readers
 * and its draft cache even when no room here holds the document (public readers never join one).
 * Every interval, while anything is cached or watched, one query reads the log heads of those
 * documents; a head that moved marks its document as changed. Nothing runs while nobody reads.
 */
import type { Logger } from 'pino'

export interface DraftHeadsDeps {
  heads(documentIds: readonly string[]): Promise<Map<string, number>>
  /** The documents cached or watched now. */
  documents(): string[]
  /** The document's head moved: its cached article and its watchers go stale. */
  moved(documentId: string): void
}

export class DraftHeads {
  private readonly last = new Map<string, number>()
  private readonly timer: NodeJS.Timeout
  private running = false

  constructor(
    private readonly deps: DraftHeadsDeps,
    intervalMs: number,
    private readonly log: Logger,
  ) {
    this.timer = setInterval(() => void this.check(), intervalMs)
    this.timer.unref()
  }

  /** One round of the check (the timer's; tests call it to not wait). */
  async check(): Promise<void> {
    if (this.running) return
    const ids = [...new Set(this.deps.documents())]
    for (const id of this.last.keys()) if (!ids.includes(id)) this.last.delete(id)
    if (ids.length === 0) return
    this.running = true
    try {
      const heads = await this.deps.heads(ids)
      for (const [id, head] of heads) {
        const before = this.last.get(id)
        this.last.set(id, head)
        // First seen: its entry may predate a write made elsewhere before this read.
        if (head !== before) this.deps.moved(id)
      }
    } catch (error) {
      this.log.warn({ err: error }, 'draft heads not read; trying again')
    } finally {
      this.running = false
    }
  }

  close(): void {
    clearInterval(this.timer)
  }
}
