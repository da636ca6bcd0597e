/**
 * The always-visible status line: connection and save state in words, announced politely to screen
 * readers. Only says "saved" when the tracker has the server's confirmation, and "kept on this
 * device" only when the local copy has durably stored every unsaved change. When the API said why
 * the connection failed, that reason is shown instead, with a way to sign in if that helps.
 */
import { type Accessor, Show } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import { followLink, loginPath } from '../router.js'
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

export function StatusLine(props: {
  status: Accessor<CollabStatus>
  verdict: Accessor<ConnectionVerdict | null>
  online: Accessor<boolean>
}) {
  const tone = () => {
    const s = props.status()
    if (s.connection === 'closed') return 'error'
    if (s.connection === 'disconnected') return 'warning'
    return 'ok'
  }
  return (
    <p
      class="status-line"
      data-tone={tone()}
      data-connection={props.status().connection}
      role="status"
      aria-live="polite"
    >
      <span class="status-connection">{connectionText(props.status(), props.verdict(), props.online())}</span>
      <Show when={props.verdict()?.signIn}>
        <span aria-hidden="true"> · </span>
        <a href={loginPath()} onClick={followLink}>
          {t('editor.status.signIn')}
        </a>
      </Show>
      <Show when={saveText(props.status())}>
        {(text) => (
          <>
            <span aria-hidden="true"> · </span>
            <span class="status-save">{text()}</span>
          </>
        )}
      </Show>
      <Show when={props.status().canWrite === false}>
        <span aria-hidden="true"> · </span>
        <span>{t('editor.status.readOnly')}</span>
      </Show>
    </p>
  )
}
