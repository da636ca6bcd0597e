/**
 * The one seam where a websocket upgrade is admitted or refused; `session-upgrade.ts` is the
 * implementation the server uses. A refusal is answered as plain HTTP before any room loads.
 */
import type { Admission } from '../collab/socket.js'

export interface UpgradeRefusal {
  refusal: { status: 401 | 403 | 404; id: string; message: string }
}

export interface UpgradeRequest {
  documentId: string
  headers: Headers
}

export type AuthorizeUpgrade = (request: UpgradeRequest) => Promise<Admission | UpgradeRefusal>

export function isRefusal(result: Admission | UpgradeRefusal): result is UpgradeRefusal {
  return 'refusal' in result
}
