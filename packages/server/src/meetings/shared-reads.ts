/**
 * One read shared by every caller that asks for the same key in the same turn. A change to a
 * meeting is one event, delivered to every open stream of it on this instance in one go: without
 * this, N open meeting pages would make N identical reads (five queries each) per change, and N
 * pages arriving at an open meeting (each recorded present, each a change) N² of them.
 *
 * A read is joinable only until the microtasks queued when it began have run. Anyone who joins
 * asks because of an event delivered before then, and every such event was published after its
 * change was committed and before this read's queries went out: what the read finds includes it.
 */
export class SharedReads<T> {
  private readonly joinable = new Map<string, Promise<T>>()

  /** Reads in flight that can still be joined (tests). */
  get size(): number {
    return this.joinable.size
  }

  /** The read of `key` begun in this turn, or a new one by `load`. */
  read(key: string, load: () => Promise<T>): Promise<T> {
    const pending = this.joinable.get(key)
    if (pending) return pending
    const started = load()
    this.joinable.set(key, started)
    queueMicrotask(() => {
      if (this.joinable.get(key) === started) this.joinable.delete(key)
    })
    return started
  }
}
