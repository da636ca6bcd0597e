/**
 * The local copy of one user's document in IndexedDB (y-indexeddb): edits made without a connection
 * survive a reload and reach the server when the connection returns. Only for people who may write;
 * a reader's edits are never kept.
 *
 * y-indexeddb stores each update in its own IndexedDB transaction as the update happens. IndexedDB
 * runs transactions on the same store in order, so a read transaction started afterwards completes
 * only once those writes are durable: that is what {@link LocalDoc.flushed} waits for, and what lets
 * the status line truthfully say "kept on this device".
 */
import { IndexeddbPersistence } from 'y-indexeddb'
import type * as Y from 'yjs'
import { localDocName, registerLocalHandle } from './local-data.js'

export interface LocalDoc {
  /** Resolves once the local copy has been read into the doc (false: there is no usable copy). */
  loaded: Promise<boolean>
  /** Resolves true once every update so far is durably stored; false when the copy is gone. */
  flushed(): Promise<boolean>
  /** Stops storing; keeps what is stored. */
  close(): void
  /** Stops storing and deletes the stored copy (its edits can no longer be delivered). */
  clear(): Promise<void>
}

export function openLocalDoc(userId: string, documentId: string, doc: Y.Doc): LocalDoc | null {
  if (typeof indexedDB === 'undefined') return null
  let persistence: IndexeddbPersistence
  try {
    persistence = new IndexeddbPersistence(localDocName(userId, documentId), doc)
  } catch {
    return null
  }
  let open = true
  const close = () => {
    if (!open) return
    open = false
    unregister()
    void persistence.destroy().catch(() => {})
  }
  const unregister = registerLocalHandle(userId, close)
  const database = persistence._db.then(
    (db) => {
      // Someone deletes the database (logging out, here or in another tab): stop writing to it, or
      // y-indexeddb would throw from inside the doc's update handler on the closed connection.
      db.addEventListener('versionchange', close)
      return db
    },
    () => null,
  )
  const loaded = Promise.race([
    persistence.whenSynced.then(() => true),
    database.then((db) => (db ? new Promise<boolean>(() => {}) : false)),
  ])
  return {
    loaded,
    async flushed() {
      const db = await database
      if (!db || !open) return false
      return new Promise<boolean>((resolve) => {
        try {
          const tx = db.transaction(['updates'], 'readonly')
          tx.oncomplete = () => resolve(open)
          tx.onerror = () => resolve(false)
          tx.onabort = () => resolve(false)
        } catch {
          resolve(false) // closed meanwhile
        }
      })
    },
    close,
    async clear() {
      const wasOpen = open
      open = false
      unregister()
      if (wasOpen) await persistence.clearData().catch(() => {})
    },
  }
}
