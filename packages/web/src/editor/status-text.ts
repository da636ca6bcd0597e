/**
 * The status line's words: the connection, the save state, and what of it screen readers are told.
 * Plain functions of the tracked status (save-status.ts), so they are tested without a page.
 */
import { t } from '../lib/i18n/i18n.js'
import { closeMessage } from './close-messages.js'
import type { ConnectionVerdict } from './connection-verdict.js'
import './messages.js'
import type { CollabStatus } from './save-status.js'

/** `online`: the browser believes it has a network (`navigator.onLine`). */
export function connectionText(
  s: CollabStatus,
  verdict: ConnectionVerdict | null = null,
  online = true,
): string {
  switch (s.connection) {
    case 'connecting':
      return t('editor.status.connecting')
    case 'connected':
      return t('editor.status.live')
    case 'disconnected':
      if (!online) return t('editor.status.offline')
      return s.closeCode !== null && s.closeCode >= 4000
        ? t('editor.status.reconnectingBecause', { reason: closeMessage(s.closeCode) })
        : t('editor.status.reconnecting')
    case 'closed':
      return t('editor.status.closed', { reason: verdict?.message ?? closeMessage(s.closeCode ?? 0) })
  }
}

export function saveText(s: CollabStatus): string | null {
  if (!s.unsaved) return s.everSynced ? t('editor.save.saved') : null
  if (s.canWrite === false) return t('editor.save.readOnly')
  if (s.connection === 'connected') return t('editor.save.saving')
  if (s.connection === 'closed') return t('editor.save.closed')
  return s.keptLocally ? t('editor.save.keptLocally') : t('editor.save.pending')
}

/**
 * What screen readers are told, politely: the connection's state, and the save state only when it
 * is a problem (kept on this device, waiting, refused). "Lagrer…" and "lagret" come and go with
 * every pause in typing; announcing them would talk over the person writing.
 */
export function announcedText(
  s: CollabStatus,
  verdict: ConnectionVerdict | null = null,
  online = true,
): string {
  const connection = connectionText(s, verdict, online)
  const save = saveText(s)
  const problem = s.unsaved && (s.canWrite === false || s.connection !== 'connected')
  return problem && save ? `${connection}. ${save}` : connection
}
