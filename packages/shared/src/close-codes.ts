/**
 * Websocket close codes used by the collaboration server, shared with the web app so both sides
 * agree on what each means.
 *
 * The stock `y-websocket` client stops reconnecting after a code in 4400–4499 and retries after
 * any other code, so the ranges carry meaning:
 * - 4400–4499: the server decided that reconnecting cannot help (forbidden, too large, bad data);
 * - 4500–4599: try again later (storage trouble, a full room).
 * 1001 ("going away") is used on shutdown and 1009 ("message too big") by `ws` for oversize frames.
 */
export const CloseCode = {
  /** Server is shutting down or restarting; clients reconnect. */
  GoingAway: 1001,
  /**
   * The session got a new token (password change in this browser): reconnect, and the browser
   * sends the new cookie. A stolen copy of the old cookie is refused on reconnect.
   */
  SessionReplaced: 4002,
  /** A frame larger than the server's maximum message size (sent by `ws` itself). */
  MessageTooBig: 1009,
  /** A malformed frame: random bytes, text, truncated varints, an unknown message type, a bad update. */
  ProtocolError: 4400,
  /** The session is missing, expired or was logged out. */
  Unauthorized: 4401,
  /** The connection may not do what it tried. */
  Forbidden: 4403,
  /** The document does not exist or the user has no access to it. */
  NotFound: 4404,
  /** The member was removed from the workspace. */
  Removed: 4410,
  /** The document has reached its maximum size and refuses further growth. */
  DocumentTooLarge: 4413,
  /** Storage could not commit updates for a while; the client still holds its edits and resends them. */
  StorageUnavailable: 4500,
  /** The document could not be loaded; refusing instead of serving an empty document. */
  LoadFailed: 4501,
  /** The room has reached its maximum number of connections. */
  RoomFull: 4503,
  /** An unexpected server error closed this connection only. */
  InternalError: 4504,
  /** The client did not read what the server sent fast enough (or asked for too much); reconnect. */
  TooSlow: 4505,
  /**
   * This user holds as many connections as one user may (to this document, or overall): most
   * often tabs left open; reconnecting later succeeds once some have closed.
   */
  TooManyConnections: 4506,
  /**
   * The document was locked for sign-off (a round started on another instance) while this write was
   * on its way, and the database refused it; reconnect: the document is read-only from then on.
   */
  DocumentLocked: 4507,
} as const

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/** Stable ids for close codes, used as message keys by the web app. */
export const closeCodeId: Record<CloseCode, string> = {
  [CloseCode.GoingAway]: 'collab.going_away',
  [CloseCode.SessionReplaced]: 'collab.session_replaced',
  [CloseCode.MessageTooBig]: 'collab.message_too_big',
  [CloseCode.ProtocolError]: 'collab.protocol_error',
  [CloseCode.Unauthorized]: 'collab.unauthorized',
  [CloseCode.Forbidden]: 'collab.forbidden',
  [CloseCode.NotFound]: 'collab.not_found',
  [CloseCode.Removed]: 'collab.removed',
  [CloseCode.DocumentTooLarge]: 'collab.document_too_large',
  [CloseCode.StorageUnavailable]: 'collab.storage_unavailable',
  [CloseCode.LoadFailed]: 'collab.load_failed',
  [CloseCode.RoomFull]: 'collab.room_full',
  [CloseCode.InternalError]: 'collab.internal_error',
  [CloseCode.TooSlow]: 'collab.too_slow',
  [CloseCode.TooManyConnections]: 'collab.too_many_connections',
  [CloseCode.DocumentLocked]: 'collab.document_locked',
}

/** The stock client's rule: codes 4400–4499 mean "do not reconnect". */
export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500
}
