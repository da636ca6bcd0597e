/**
 * The one seam where a websocket upgrade is admitted or refused. Until accounts exist every
 * visitor is let in as an anonymous writer; the accounts issue replaces this with a session and
 * membership check. A refusal is answered as plain HTTP before any room loads.
 */
import { randomUUID } from 'node:crypto'
import type { Admission } from '../collab/socket.js'

export interface UpgradeRefusal {
  refusal: { status: 401 | 403 | 404; id: string; message: string }
}

export interface UpgradeRequest {
  documentId: string
  headers: Headers
}

export type AuthorizeUpgrade = (request: UpgradeRequest) => Promise<Admission | UpgradeRefusal>

export const openRooms: AuthorizeUpgrade = async () => ({
  principal: { id: `anonymous-${randomUUID()}` },
  canWrite: true,
})

export function isRefusal(result: Admission | UpgradeRefusal): result is UpgradeRefusal {
  return 'refusal' in result
}
