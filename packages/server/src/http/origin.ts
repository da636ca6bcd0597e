/** Origin allow-list check shared by the websocket upgrade and (later) state-changing routes. */
export function isAllowedOrigin(origin: string | undefined, allowed: readonly string[]): boolean {
  // A request without Origin is not from a browser page; other checks (sessions) still apply.
  if (origin === undefined) return true
  return allowed.includes(origin)
}
