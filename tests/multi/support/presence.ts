/** Presence as a test client sees it. */
import type { TestClient } from '../../support/clients.js'

/** The names in a client's presence (its own included when it set one), sorted. */
export function names(client: TestClient): string[] {
  return [...client.provider.awareness.getStates().values()]
    .map((s) => (s as { user?: { name?: string } }).user?.name)
    .filter((n): n is string => typeof n === 'string')
    .sort()
}
