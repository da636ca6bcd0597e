/**
 * What an API error means to the user, in their language, chosen by the server's stable error id
 * (texts in messages/errors.ts). Call it where the text is shown (in JSX), so it follows a change
 * of language.
 */
import { ApiError, NETWORK_ERROR } from './api.js'
import { t, tCount } from './i18n/i18n.js'
import { errorCatalog } from './messages/errors.js'

/**
 * The id the sign-up page gives a failed sign-in right after signing up: the email had an account
 * already and the password was not its own (the server does not say which; see signup-page.tsx).
 */
export const SIGNUP_NOT_SIGNED_IN = 'signup_not_signed_in'

/** Whether there is a text for this error id (unknown ids get a generic text with the status). */
export function hasErrorMessage(id: string): boolean {
  return `errors.${id}` in errorCatalog.nb
}

/** The user-facing text for any error a page caught. */
export function errorMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unknown')
  if (error.id === 'auth.throttled' && error.retryAfterSeconds !== null) {
    const seconds = Math.max(1, error.retryAfterSeconds)
    return seconds < 120
      ? tCount('errors.throttled_seconds', seconds)
      : tCount('errors.throttled_minutes', Math.ceil(seconds / 60))
  }
  if (error.id === NETWORK_ERROR) return t('errors.network')
  return hasErrorMessage(error.id)
    ? t(`errors.${error.id}`)
    : t('errors.http', { code: error.status || error.id })
}
