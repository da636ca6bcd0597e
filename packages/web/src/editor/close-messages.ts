/**
 * What each websocket close code means, in the user's language, keyed by the code's stable id from
 * `@trepart/shared` (so server and web app never disagree on numbers): message `editor.close.<id>`.
 */
import { closeCodeId } from '@trepart/shared'
import { t } from '../lib/i18n/i18n.js'
import './messages.js'

/** The message key for a close code id (every id has one, checked by close-messages.test.ts). */
export const closeMessageKey = (id: string): string => `editor.close.${id}`

/** The user-facing meaning of a close code, or a generic text naming the code. */
export function closeMessage(code: number): string {
  const id = (closeCodeId as Record<number, string | undefined>)[code]
  return id ? t(closeMessageKey(id)) : t('editor.close.unknown', { code })
}
