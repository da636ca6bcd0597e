/**
 * Runs one task per item, at most `limit` at a time, for work that may be asked for all at once
 * (re-authorizing every open connection): unbounded, thousands of database reads would start in one
 * turn and queue every request behind them. A new set replaces what still waits; tasks already
 * running finish.
 */
export class BoundedRunner<T> {
  private waiting: T[] = []
  private next = 0
  private active = 0

  constructor(
    private readonly limit: number,
    private readonly run: (item: T) => Promise<void>,
    /** Told when a task rejects; the runner goes on with the rest. */
    private readonly onError: (error: unknown, item: T) => void,
  ) {}

  /** Drops whatever of the last set has not started, and works through `items`. */
  replace(items: Iterable<T>): void {
    this.waiting = [...items]
    this.next = 0
    this.pump()
  }

  /** Drops everything not started (shutdown). */
  clear(): void {
    this.waiting = []
    this.next = 0
  }

  /** Tasks running now. */
  get running(): number {
    return this.active
  }

  /** Items not started yet. */
  get pending(): number {
    return this.waiting.length - this.next
  }

  private pump(): void {
    while (this.active < this.limit && this.next < this.waiting.length) {
      const item = this.waiting[this.next++] as T
      this.active++
      // A task that throws synchronously is a rejection like any other: the slot comes back.
      Promise.resolve()
        .then(() => this.run(item))
        .catch((error) => this.onError(error, item))
        .finally(() => {
          this.active--
          this.pump()
        })
    }
    if (this.next >= this.waiting.length && this.waiting.length > 0) {
      this.waiting = []
      this.next = 0
    }
  }
}
