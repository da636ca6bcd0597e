/**
 * Work that must run one at a time per key and read its state afresh each time (announcing a
 * thread's state, a document's open-thread counts, a round's awaited parties): a call while the
 * key's loop runs makes it go round once more, so the last round always reads the state after the
 * last call, whatever order concurrent requests finish in. A failing round is logged; the loop
 * goes on.
 */
import type { Logger } from 'pino'

/** Runs one loop per key at a time; a call while it runs makes it go round once more. */
export class SerialLoops {
  /** Keys whose loop runs; `true` when another round is wanted. */
  private readonly running = new Map<string, boolean>()

  constructor(private readonly log: Logger) {}

  get size(): number {
    return this.running.size
  }

  run(key: string, round: () => Promise<void>): void {
    if (this.running.has(key)) {
      this.running.set(key, true)
      return
    }
    this.running.set(key, false)
    void (async () => {
      try {
        do {
          this.running.set(key, false)
          try {
            await round()
          } catch (err) {
            // The clients keep what they had until the next write or their next reload.
            this.log.warn({ err, key }, 'announcement failed; the clients keep what they had')
          }
        } while (this.running.get(key) === true)
      } finally {
        this.running.delete(key)
      }
    })()
  }
}
