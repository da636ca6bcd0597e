/**
 * One task at a time per key in this process, in arrival order; a task whose turn has not come
 * within its wait is dropped from the line and fails with the error `timedOut` makes.
 *
 * Why: on PostgreSQL a document's discussion writes take an advisory lock (SPEC C8), and each
 * write that waits for it holds a pooled connection. Waiting for their turn here first, the writes
 * of one document hold at most one of this instance's connections between them, however many
 * arrive at once: a stalled holder cannot let its document's writers take the pool that every
 * read and edit shares (SPEC C9). The line's cap is time: every waiter leaves it within its wait
 * (each user's writes are bounded besides by their bucket, COMMENT_WRITES_PER_MINUTE).
 */
interface Waiter {
  /** Called when its turn comes. */
  start(): void
}

export class Turns {
  /** Per key: the task running now first, then its waiters in order. */
  private readonly lines = new Map<string, Waiter[]>()

  /** Keys with a task running (for tests: empty once every task has ended). */
  get size(): number {
    return this.lines.size
  }

  async run<T>(key: string, waitMs: number, timedOut: () => Error, task: () => Promise<T>): Promise<T> {
    let line = this.lines.get(key)
    if (line === undefined) {
      line = []
      this.lines.set(key, line)
    }
    const waiter: Waiter = { start: () => {} }
    line.push(waiter)
    if (line.length > 1) await this.turn(line, waiter, waitMs, timedOut)
    try {
      return await task()
    } finally {
      line.shift()
      const next = line[0]
      if (next === undefined) this.lines.delete(key)
      else next.start()
    }
  }

  /** Resolves when `waiter` is first in `line`, or leaves the line and rejects after `waitMs`. */
  private turn(line: Waiter[], waiter: Waiter, waitMs: number, timedOut: () => Error): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        line.splice(line.indexOf(waiter), 1)
        reject(timedOut())
      }, waitMs)
      waiter.start = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }
}
