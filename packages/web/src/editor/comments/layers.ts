/**
 * Comment layers: one per party (its shared threads) and one for the viewer's own party's internal
 * threads. Which are hidden is remembered in this browser per user and document (panel-memory.ts).
 */
import { PARTY_KEYS } from '@trepart/shared/parties'
import { type PanelStore, panelMemoryKey, recall, remember } from './panel-memory.js'

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
  panelMemoryKey('commentLayers', userId, documentId)

/** The hidden layers saved for this user and document; none when nothing (valid) is saved. */
export function loadHiddenLayers(
  store: PanelStore | null,
  userId: string,
  documentId: string,
): Set<LayerKey> {
  const saved = recall(store, layerStorageKey(userId, documentId))
  if (!Array.isArray(saved)) return new Set()
  return new Set(saved.filter((k): k is LayerKey => (LAYER_KEYS as readonly unknown[]).includes(k)))
}

/** Saves the hidden layers (all shown: the entry is removed). */
export function saveHiddenLayers(
  store: PanelStore | null,
  userId: string,
  documentId: string,
  hidden: ReadonlySet<LayerKey>,
): void {
  const value = hidden.size === 0 ? undefined : LAYER_KEYS.filter((k) => hidden.has(k))
  remember(store, layerStorageKey(userId, documentId), value)
}
