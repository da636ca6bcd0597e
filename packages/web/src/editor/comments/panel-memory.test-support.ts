/** Stores for the tests of what the comments panel remembers (a `Storage` needs a browser). */
import type { PanelStore } from './panel-memory.js'

/** A store in memory, with its entries to look at. */
export function memoryStore(): PanelStore & { data: Map<string, string> } {
  const data = new Map<string, string>()
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  }
}

/** A store as a browser with blocked (reading) and full (writing) storage has it. */
export const refusingStore: PanelStore = {
  getItem: () => {
    throw new Error('blocked')
  },
  setItem: () => {
    throw new Error('full')
  },
  removeItem: () => {},
}
