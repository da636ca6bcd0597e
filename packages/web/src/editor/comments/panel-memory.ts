/**
 * What the comments panel remembers in this browser (which layers are hidden, which filters are
 * set), per user and document, so one person's choice never follows another person who signs in
 * on the same machine. A store that refuses (blocked or full storage) or a value from some other
 * version is never an error: the panel then starts as it would without one.
 */

/** What of `Storage` the panel needs (a fake in tests). */
export type PanelStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** The key of one of the panel's choices (`commentLayers`, `commentFilters`) for a user and document. */
export const panelMemoryKey = (choice: string, userId: string, documentId: string) =>
  `trepart.${choice}.${userId}.${documentId}`

/** What is saved under `key`, parsed; undefined when nothing is, or it cannot be read. */
export function recall(store: PanelStore | null, key: string): unknown {
  try {
    const raw = store?.getItem(key)
    return raw ? JSON.parse(raw) : undefined
  } catch {
    return undefined
  }
}

/** Saves `value` under `key`, or removes the entry for `undefined` (the panel as it starts). */
export function remember(store: PanelStore | null, key: string, value: unknown): void {
  try {
    if (value === undefined) store?.removeItem(key)
    else store?.setItem(key, JSON.stringify(value))
  } catch {
    // A full or blocked storage: the choice holds for this visit only.
  }
}

/** `localStorage` when the browser lets us use it. */
export function browserStore(): PanelStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}
