/**
 * What the web app keeps in this browser for offline use, and wiping it. Everything belongs to one
 * user: IndexedDB databases are named `trepart:<userId>:<documentId>` (the document's Yjs updates,
 * see local-doc.ts) and localStorage keys start with `trepart:<userId>:` (the last answer about a
 * document, so a reload without network can still open it). Logging out deletes all of it, so a
 * shared laptop never hands the next person someone else's unsent edits.
 *
 * Only `trepart:` (colon) names are ours here; other settings (the language, `trepart.locale`) stay.
 */
import type { DocumentInfo, MyWorkspace, User } from '../lib/api.js'

const PREFIX = 'trepart:'
/** The user whose data a reload without network may open (the last one signed in here). */
const CURRENT_USER_KEY = `${PREFIX}current-user`

/** The IndexedDB database of one user's local copy of one document. */
export function localDocName(userId: string, documentId: string): string {
  return `${PREFIX}${userId}:${documentId}`
}

const documentKey = (userId: string, documentId: string) => `${PREFIX}${userId}:document:${documentId}`

/** The last answer about a document, for opening it without network. */
export interface CachedDocument {
  user: Pick<User, 'id' | 'name'>
  document: DocumentInfo
  membership: MyWorkspace | null
  savedAt: string
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null // storage disabled by the browser
  }
}

function readJson<T>(key: string): T | null {
  try {
    const raw = storage()?.getItem(key)
    return raw ? (JSON.parse(raw) as T) : null
  } catch {
    return null
  }
}

function writeJson(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value))
  } catch {
    // Quota or disabled storage: offline opening is a convenience, not a promise.
  }
}

/** Keeps the document's details and the user's membership for a later offline reload. */
export function rememberDocument(entry: Omit<CachedDocument, 'savedAt'>): void {
  writeJson(CURRENT_USER_KEY, { id: entry.user.id, name: entry.user.name })
  writeJson(documentKey(entry.user.id, entry.document.id), { ...entry, savedAt: new Date().toISOString() })
}

/** The last signed-in user's cached answer about `documentId`, if any. */
export function cachedDocument(documentId: string): CachedDocument | null {
  const user = readJson<{ id: string }>(CURRENT_USER_KEY)
  return user ? readJson<CachedDocument>(documentKey(user.id, documentId)) : null
}

/** Open local copies, closed before their database is deleted (a blocked delete waits for them). */
const openHandles = new Set<{ userId: string; close: () => void }>()

/** Registers an open local copy; returns the function that unregisters it. */
export function registerLocalHandle(userId: string, close: () => void): () => void {
  const handle = { userId, close }
  openHandles.add(handle)
  return () => openHandles.delete(handle)
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name)
    request.onsuccess = () => resolve()
    request.onerror = () => resolve()
    // Another tab still has it open: the delete completes once that tab closes it (its versionchange
    // handler does so at once). Logging out need not wait for that.
    request.onblocked = () => resolve()
  })
}

/**
 * Deletes what this browser keeps for `userId`, or for every user when no id is given (logging
 * out: whoever used this browser before, nothing of theirs should remain for the next person).
 * Open local copies in this tab are closed first; other tabs close theirs on the delete's
 * `versionchange`.
 */
export async function wipeLocalData(userId?: string): Promise<void> {
  const ours = (name: string) => name.startsWith(userId ? `${PREFIX}${userId}:` : PREFIX)
  for (const handle of [...openHandles]) {
    if (!userId || handle.userId === userId) {
      openHandles.delete(handle)
      handle.close()
    }
  }
  const store = storage()
  if (store) {
    const keys = Array.from({ length: store.length }, (_, i) => store.key(i)).filter(
      (key): key is string => key !== null && ours(key),
    )
    for (const key of keys) store.removeItem(key)
    if (!userId || readJson<{ id: string }>(CURRENT_USER_KEY)?.id === userId)
      store.removeItem(CURRENT_USER_KEY)
  }
  if (typeof indexedDB === 'undefined') return
  const databases = (await indexedDB.databases?.().catch(() => [])) ?? []
  await Promise.all(databases.flatMap((db) => (db.name && ours(db.name) ? [deleteDatabase(db.name)] : [])))
}
