/**
 * The only thing the collaboration core knows about a transport. The websocket adapter
 * (`ws-adapter.ts`) wraps a `ws` socket in this; tests may wrap anything else.
 */
export interface CollabSocket {
  send(data: Uint8Array): void
  close(code: number, reason: string): void
}

/** Who is behind a connection, as decided by the server at upgrade time. */
export interface Principal {
  /** Stable id of the user (or of the anonymous visitor before accounts exist). */
  id: string
  name?: string
}

export interface Admission {
  principal: Principal
  canWrite: boolean
}
