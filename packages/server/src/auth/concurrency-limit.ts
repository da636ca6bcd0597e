/**
 * At most `max` of something at once per key, in this instance (logins per client address: each
 * one costs an argon2 check, so a burst from one address must not take every CPU). Keys are
 * forgotten as soon as nothing of theirs runs, so the map only holds what is in flight.
 */
export class ConcurrencyLimit {
  private readonly running = new Map<string, number>()

  constructor(private readonly max: number) {}

  /** A release function when there was room for one more under `key`; null when it is full. */
  tryAcquire(key: string): (() => void) | null {
    const count = this.running.get(key) ?? 0
    if (count >= this.max) return null
    this.running.set(key, count + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      const left = (this.running.get(key) ?? 1) - 1
      if (left > 0) this.running.set(key, left)
      else this.running.delete(key)
    }
  }

  /** Keys with something in flight (for leak checks). */
  get size(): number {
    return this.running.size
  }
}
