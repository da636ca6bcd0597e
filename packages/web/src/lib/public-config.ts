/**
 * The instance's public settings (`GET /api/config`: password minimum, sign-up, who creates
 * workspaces), loaded once per page load and shared by the forms that say them.
 */
import type { PublicConfig } from '@trepart/shared'
import { api } from './api.js'

let loading: Promise<PublicConfig> | undefined

export function loadPublicConfig(): Promise<PublicConfig> {
  loading ??= api.config().catch((error: unknown) => {
    loading = undefined // a failed load is tried again by the next form
    throw error
  })
  return loading
}
