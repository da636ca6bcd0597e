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
    const hit = this.entries.get(key)
    this.entries.delete(key)
    const entry = hit && hit.state === state ? hit : { state, value: make() }
    this.entries.set(key, entry)
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
    return entry.value
  }

  /** Drops the entry of `key`; with `value`, only while the entry is still that one. */
  forget(key: string, value?: T): void {
    if (value === undefined || this.entries.get(key)?.value === value) this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }
}
