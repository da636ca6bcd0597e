/**
 * When the collaboration socket is refused (closed before it opened: the browser only says 1006) or
 * closed for good, the page asks the API about the document, whose answer says why, and whether
 * trying again can help.
 */
import { CloseCode, isPermanentClose } from '@trepart/shared'
import { closeMessage } from './close-messages.js'
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
  if (apiStatus === 401) return { message: closeMessage(CloseCode.Unauthorized), signIn: true }
  if (apiStatus === 403 || apiStatus === 404)
    return { message: closeMessage(CloseCode.NotFound), signIn: false }
  return null
}

/** Minimum time between two questions to the API while attempts keep being refused. */
export const VERDICT_INTERVAL_MS = 10_000

/**
 * Whether a status change calls for asking the API: a refused attempt (at most once per
 * {@link VERDICT_INTERVAL_MS}, the first one always), or a permanent close.
 */
export function needsVerdict(status: CollabStatus, lastAskedAt: number | null, now: number): boolean {
  if (status.connection === 'closed') {
    // "Removed from the workspace" says it all; the API would only answer "no access".
    const code = status.closeCode
    return code !== null && isPermanentClose(code) && code !== CloseCode.Removed
  }
  if (status.connection !== 'disconnected' || status.refusals === 0) return false
  return lastAskedAt === null || now - lastAskedAt >= VERDICT_INTERVAL_MS
}
