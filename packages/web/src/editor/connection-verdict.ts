/**
 * When the collaboration socket is refused (closed before it opened: the browser only says 1006) or
 * closed for good, the page asks the API about the document, whose answer says why, and whether
 * trying again can help.
 */
import { isPermanentClose } from '@trepart/shared'
import type { CollabStatus } from './save-status.js'

export interface ConnectionVerdict {
  message: string
  /** Signing in again would help: show a link to the sign-in page. */
  signIn: boolean
}

/**
 * What the status of `GET /api/documents/:id` (null: no answer) means for a connection that failed;
 * null when reconnecting may still help (the API can reach the document; the server is away).
 */
export function connectionVerdict(apiStatus: number | null): ConnectionVerdict | null {
  if (apiStatus === 401) return { message: 'Økten er utløpt – logg inn igjen', signIn: true }
  if (apiStatus === 403 || apiStatus === 404) {
    return { message: 'Dokumentet finnes ikke eller du har ikke tilgang', signIn: false }
  }
  return null
}

/** Minimum time between two questions to the API while attempts keep being refused. */
export const VERDICT_INTERVAL_MS = 10_000

/**
 * Whether a status change calls for asking the API: a refused attempt (at most once per
 * {@link VERDICT_INTERVAL_MS}, the first one always), or a permanent close.
 */
export function needsVerdict(status: CollabStatus, lastAskedAt: number | null, now: number): boolean {
  if (status.connection === 'closed') return status.closeCode !== null && isPermanentClose(status.closeCode)
  if (status.connection !== 'disconnected' || status.refusals === 0) return false
  return lastAskedAt === null || now - lastAskedAt >= VERDICT_INTERVAL_MS
}
