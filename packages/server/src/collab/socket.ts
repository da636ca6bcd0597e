import type { DocumentStatus, Role } from '@trepart/shared'

/**
 * The only thing the collaboration core knows about a transport. The websocket adapter
 * (`ws-adapter.ts`) wraps a `ws` socket in this; tests may wrap anything else.
 */
export interface CollabSocket {
  send(data: Uint8Array): void
  /**
   * Sends `data` with the next frame `send` sends, or after a short delay at most, in order (the
   * websocket adapter's `SoonWrites` says why). Without it, `send`.
   */
  sendSoon?(data: Uint8Array): void
  close(code: number, reason: string): void
}

/** What others see of a connection in presence: stamped by the server, never taken from the client. */
export interface Presence {
  id: string
  name: string
  party: string
  role: string
  color: string
}

/** Who is behind a connection, as decided by the server at upgrade time. */
export interface Principal {
  /** Stable id of the user (or of the anonymous visitor in tests with open rooms). */
  id: string
  name?: string
  /** The session (hashed id) the connection was opened with; revoked sessions close it. */
  sessionId?: string
  /** When that session expires (epoch ms): the connection is checked again then, and closed unless renewed. */
  sessionExpiresAt?: number
  workspaceId?: string
  /**
   * The member's party in that workspace: which comment threads the connection may hear of. Kept
   * current by the access events (a party change moves it at once).
   */
  party?: string
  /** When set, every awareness state of the connection carries this as its `user` field. */
  presence?: Presence
}

/**
 * What a connection may do; changes (demotion, party change, a lock) apply to open connections at
 * once, through `RoomRegistry.updateAdmission` only.
 */
export interface Admission {
  principal: Principal
  /**
   * The member's role and the document's status when known (always, with accounts): `canWrite` is
   * then `canWrite(role, status)` from @trepart/shared, recomputed whenever either changes. Without
   * them (tests of the collab core alone) `canWrite` is fixed.
   */
  access?: { role: Role; documentStatus: DocumentStatus }
  canWrite: boolean
}
