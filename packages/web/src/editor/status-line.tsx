/**
 * The always-visible status line: connection and save state in words (status-text.ts); screen
 * readers are told what matters of it in a polite region of its own. Only says "saved" when the
 * tracker has the server's confirmation, and "kept on this device" only when the local copy has
 * durably stored every unsaved change. When the API said why the connection failed, that reason is
 * shown instead, with a way to sign in if that helps.
 */
import { type Accessor, createMemo, Show } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import { followLink, loginPath } from '../router.js'
import type { ConnectionVerdict } from './connection-verdict.js'
import { announcedText, connectionText, saveText } from './status-text.js'
import './messages.js'
import type { CollabStatus } from './save-status.js'

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
  // A memo: the live region changes (and is read out) only when the announced words do.
  const announcement = createMemo(() => announcedText(props.status(), props.verdict(), props.online()))
  return (
    <div class="status-line" data-tone={tone()} data-connection={props.status().connection}>
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
      <p class="visually-hidden" role="status" data-testid="status-announcement">
        {announcement()}
      </p>
    </div>
  )
}
