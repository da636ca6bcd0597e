/**
 * Comment layers: one per party (its shared threads) and one for the viewer's own party's internal
 * threads. Which are hidden is remembered in this browser per user and document, so one person's
 * choice never follows another person who signs in on the same machine.
 */
import { PARTY_KEYS } from '@trepart/shared/parties'

export type LayerKey = (typeof PARTY_KEYS)[number] | 'internal'
export const LAYER_KEYS: readonly LayerKey[] = [...PARTY_KEYS, 'internal']

/** The layer a thread belongs to: internal threads are their own layer, shared ones their party's. */
export function layerOf(thread: { visibility: 'shared' | 'party'; party: string }): LayerKey | null {
  if (thread.visibility === 'party') return 'internal'
  return (PARTY_KEYS as readonly string[]).includes(thread.party) ? (thread.party as LayerKey) : null
}

/** Whether a thread shows with `hidden` layers off (a thread of an unknown party always shows). */
export function inShownLayer(
  thread: { visibility: 'shared' | 'party'; party: string },
  hidden: ReadonlySet<LayerKey>,
) {
  const layer = layerOf(thread)
  return layer === null || !hidden.has(layer)
}

export const layerStorageKey = (userId: string, documentId: string) =>
  `trepart.commentLayers.${userId}.${documentId}`

/** What of `Storage` the preference needs (a fake in tests). */
export type LayerStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

/** The hidden layers saved for this user and document; none when nothing (valid) is saved. */
export function loadHiddenLayers(
  store: LayerStore | null,
  userId: string,
  documentId: string,
): Set<LayerKey> {
  try {
    const raw = store?.getItem(layerStorageKey(userId, documentId))
    const saved: unknown = raw ? JSON.parse(raw) : []
    if (!Array.isArray(saved)) return new Set()
    return new Set(saved.filter((k): k is LayerKey => (LAYER_KEYS as readonly unknown[]).includes(k)))
  } catch {
    // Unreadable (storage blocked, or a value from some other version): all layers show.
    return new Set()
  }
}

/** Saves the hidden layers (all shown: the entry is removed). Storage that refuses is ignored. */
export function saveHiddenLayers(
  store: LayerStore | null,
  userId: string,
  documentId: string,
  hidden: ReadonlySet<LayerKey>,
): void {
  const key = layerStorageKey(userId, documentId)
  try {
    if (hidden.size === 0) store?.removeItem(key)
    else store?.setItem(key, JSON.stringify(LAYER_KEYS.filter((k) => hidden.has(k))))
  } catch {
    // A full or blocked storage: the choice holds for this visit only.
  }
}

/** `localStorage` when the browser lets us use it. */
export function browserStore(): LayerStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}
