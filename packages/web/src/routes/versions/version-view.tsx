/**
 * One stored version, read-only: its ProseMirror JSON in a Tiptap editor with `editable: false`
 * and the document's schema (contentExtensions), not bound to Yjs, made and destroyed with the view.
 */
import { Editor, type JSONContent } from '@tiptap/core'
import { createEffect, createResource, on, onCleanup, Show } from 'solid-js'
import { contentExtensions } from '../../editor/extensions.js'
import { api } from '../../lib/api.js'
import { errorMessage } from '../../lib/error-messages.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../editor/prosemirror.css'

export function VersionView(props: { documentId: string; versionId: string; label: string }) {
  const [version] = createResource(
    () => props.versionId,
    (vid) => api.version(props.documentId, vid),
  )
  let host: HTMLDivElement | undefined
  let editor: Editor | null = null
  const destroy = () => {
    editor?.destroy()
    editor = null
  }
  createEffect(
    on(
      () => (version.state === 'ready' ? version() : undefined),
      (answer) => {
        destroy()
        if (!answer || !host) return
        editor = new Editor({
          element: host,
          editable: false,
          injectCSS: false,
          extensions: contentExtensions(),
          content: answer.content as JSONContent,
          editorProps: {
            attributes: {
              'aria-label': t('signoff.versions.viewing', { name: props.label }),
              role: 'document',
            },
          },
        })
      },
    ),
  )
  onCleanup(destroy)
  return (
    <section class="version-view" aria-labelledby="version-heading">
      <h2 id="version-heading" tabIndex={-1}>
        {t('signoff.versions.viewing', { name: props.label })}
      </h2>
      <p class="hint">{t('signoff.versions.read_only')}</p>
      <Show when={version.error}>
        <p class="error" role="alert">
          {errorMessage(version.error)}
        </p>
      </Show>
      <div class="editor-host version-text" ref={host} />
    </section>
  )
}
