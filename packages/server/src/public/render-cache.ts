/**
 * Rendered pages kept while what they show holds: an entry is used only when its state (a string
 * naming everything the page depends on) is the same as now, and the least recently used entry
 * goes past `maxEntries`. For final pages, which change only with their amendments, and for
 * drafts' content (draft-content.ts), whose entries are dropped by `forget` on every write.
 */
export class RenderCache<T> {
  private readonly entries = new Map<string, { state: string; value: T }>()

  constructor(private readonly maxEntries: number) {}

  get(key: string, state: string, make: () => T): T {
    return this.peek(key, state) ?? this.put(key, state, make())
  }

  /**
   * `get` for values made asynchronously: the entry of `key` while its state is `state` (now the
   * most recently used), else undefined; then `put` what was made.
   */
  peek(key: string, state: string): T | undefined {
    const hit = this.entries.get(key)
    if (hit?.state !== state) return undefined
    this.entries.delete(key)
    this.entries.set(key, hit)
    return hit.value
  }

  put(key: string, state: string, value: T): T {
    this.entries.delete(key)
    this.entries.set(key, { state, value })
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return value
  }

  /** Drops the entry of `key`; with `value`, only while the entry is still that one. */
  forget(key: string, value?: T): void {
    if (value === undefined || this.entries.get(key)?.value === value) this.entries.delete(key)
  }

  /** The keys held (least recently used first). */
  keys(): IterableIterator<string> {
    return this.entries.keys()
  }

  get size(): number {
    return this.entries.size
  }
}
