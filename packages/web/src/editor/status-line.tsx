/**
 * The always-visible status line: connection and save state in words, announced politely to screen
 * readers. Only says "saved" when the tracker has the server's confirmation. When the API said
 * why the connection failed, that reason is shown instead, with a way to sign in if that helps.
 */
import { type Accessor, Show } from 'solid-js'
import { followLink, loginPath } from '../router.js'
import { closeMessage } from './close-messages.js'
import type { ConnectionVerdict } from './connection-verdict.js'
import type { CollabStatus } from './save-status.js'

export function connectionText(s: CollabStatus, verdict: ConnectionVerdict | null = null): string {
  switch (s.connection) {
    case 'connecting':
      return 'Kobler til…'
    case 'connected':
      return 'Tilkoblet'
    case 'disconnected':
      return s.closeCode !== null && s.closeCode >= 4000
        ? `Frakoblet – prøver igjen (${closeMessage(s.closeCode)})`
        : 'Frakoblet – prøver igjen'
    case 'closed':
      return `Tilkoblingen er stengt: ${verdict?.message ?? closeMessage(s.closeCode ?? 0)}`
  }
}

export function saveText(s: CollabStatus): string | null {
  if (!s.unsaved) return s.everSynced ? 'Alle endringer er lagret' : null
  if (s.canWrite === false) return 'Endringene dine kan ikke lagres – du har bare lesetilgang'
  if (s.connection === 'connected') return 'Lagrer…'
  if (s.connection === 'closed') return 'Endringene dine kan ikke lagres – kopier teksten før du lukker siden'
  return 'Endringer venter på å bli lagret'
}

export function StatusLine(props: {
  status: Accessor<CollabStatus>
  verdict: Accessor<ConnectionVerdict | null>
}) {
  const tone = () => {
    const s = props.status()
    if (s.connection === 'closed') return 'error'
    if (s.connection === 'disconnected') return 'warning'
    return 'ok'
  }
  return (
    <p class="status-line" data-tone={tone()} role="status" aria-live="polite">
      <span class="status-connection">{connectionText(props.status(), props.verdict())}</span>
      <Show when={props.verdict()?.signIn}>
        <span aria-hidden="true"> · </span>
        <a href={loginPath()} onClick={followLink}>
          Logg inn
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
        <span>Bare lesetilgang</span>
      </Show>
    </p>
  )
}
