/**
 * Who holds how many connections: per document (loading rooms included) and per user, overall
 * and per document. The caps are checked when a connection arrives, before its room loads, so a
 * crowd connecting to a cold document is held to the room's limit too, and one account cannot
 * take every place in a document (or the server's sockets) from the others.
 */
import { CloseCode } from '@trepart/shared'
import type { Connection } from './connection.js'

export interface ConnectionCapLimits {
  maxConnectionsPerRoom: number
  maxConnectionsPerUser: number
  maxConnectionsPerUserPerDocument: number
}

export class ConnectionCaps {
  private readonly byDocument = new Map<string, Set<Connection>>()
  private readonly byUser = new Map<string, Set<Connection>>()
  /** The user each connection was counted for: released under that key even if its admission changes. */
  private readonly userOf = new WeakMap<Connection, string>()

  constructor(private readonly limits: ConnectionCapLimits) {}

  /**
   * Counts `conn` in, or answers the close code that refuses it. The room's limit comes first: a
   * full room is everyone's problem and says so ("too many people"); the user's own limits say
   * that this user holds too many.
   */
  admit(conn: Connection): CloseCode | null {
    const user = conn.admission.principal.id
    const inDocument = this.byDocument.get(conn.documentId)
    if ((inDocument?.size ?? 0) >= this.limits.maxConnectionsPerRoom) return CloseCode.RoomFull
    const ofUser = this.byUser.get(user)
    if ((ofUser?.size ?? 0) >= this.limits.maxConnectionsPerUser) return CloseCode.TooManyConnections
    if (ofUser && inDocument) {
      // The smaller set is bounded by the caps above: this loop is short.
      const [small, large] = ofUser.size <= inDocument.size ? [ofUser, inDocument] : [inDocument, ofUser]
      let both = 0
      for (const c of small) if (large.has(c)) both++
      if (both >= this.limits.maxConnectionsPerUserPerDocument) return CloseCode.TooManyConnections
    }
    add(this.byDocument, conn.documentId, conn)
    add(this.byUser, user, conn)
    this.userOf.set(conn, user)
    return null
  }

  /** Counts `conn` out; safe to call for a connection that was refused or already released. */
  release(conn: Connection): void {
    const user = this.userOf.get(conn)
    if (user === undefined) return
    this.userOf.delete(conn)
    remove(this.byDocument, conn.documentId, conn)
    remove(this.byUser, user, conn)
  }

  /** Connections counted for `documentId`, loading or joined (tests, metrics). */
  countFor(documentId: string): number {
    return this.byDocument.get(documentId)?.size ?? 0
  }

  /** Documents and users with a connection: both maps empty out when the connections go. */
  get size(): { documents: number; users: number } {
    return { documents: this.byDocument.size, users: this.byUser.size }
  }
}

function add(map: Map<string, Set<Connection>>, key: string, conn: Connection): void {
  let set = map.get(key)
  if (!set) {
    set = new Set()
    map.set(key, set)
  }
  set.add(conn)
}

function remove(map: Map<string, Set<Connection>>, key: string, conn: Connection): void {
  const set = map.get(key)
  if (!set?.delete(conn)) return
  if (set.size === 0) map.delete(key)
}
