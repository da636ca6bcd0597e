/**
 * The document's title as the page's heading, editable in place for those who may rename it (the
 * same rules as the rename dialog on the workspace page: required, at most TEXT_LIMITS.titleMax
 * characters, refused with a message rather than cut). Click the title or its pencil, type, Enter
 * or leaving the field saves, Escape keeps the old title. The server decides; a refusal is shown
 * under the field, which stays open with what was typed.
 */
import { TEXT_LIMITS } from '@trepart/shared'
import Pencil from 'lucide-solid/icons/pencil'
import { createSignal, Show } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { createAction, formSubmit } from '../../lib/action.js'
import { api } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../editor/messages.js'

export function DocumentTitle(props: {
  documentId: string
  title: string
  canRename: boolean
  onRenamed: (title: string) => void
}) {
  const [editing, setEditing] = createSignal(false)
  const action = createAction()
  let input: HTMLInputElement | undefined
  let heading: HTMLHeadingElement | undefined

  const start = () => {
    if (!props.canRename) return
    action.clear()
    setEditing(true)
    queueMicrotask(() => {
      input?.focus()
      input?.select()
    })
  }
  /** Back to the heading; focus follows only if it was in the field (not when the user went elsewhere). */
  const stop = () => {
    const hadFocus = document.activeElement === input
    setEditing(false)
    if (hadFocus) heading?.focus()
  }
  const submit = formSubmit((form) => {
    const title = String(form.get('title') ?? '').trim()
    if (title === props.title) return stop()
    void action
      .run(async () => {
        await api.updateDocument(props.documentId, { title })
      })
      .then((ok) => {
        if (!ok) return
        props.onRenamed(title)
        stop()
      })
  })

  return (
    <Show
      when={editing()}
      fallback={
        <div class="document-title-line">
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: the pencil button beside it is the keyboard's way in; clicking the text is the mouse's shortcut, as in Google Docs */}
          <h1 tabIndex={-1} ref={heading} class="document-title-text" onClick={start}>
            {props.title}
          </h1>
          <Show when={props.canRename}>
            <button
              type="button"
              class="icon-button"
              onClick={start}
              aria-label={t('editor.title.rename', { title: props.title })}
            >
              <Pencil aria-hidden="true" size={16} />
            </button>
          </Show>
        </div>
      }
    >
      <form class="document-title-form" novalidate onSubmit={submit} aria-describedby="document-title-error">
        <label for="document-title-input" class="visually-hidden">
          {t('editor.title.label')}
        </label>
        <input
          ref={input}
          id="document-title-input"
          name="title"
          class="document-title-input"
          value={props.title}
          data-maxlength={TEXT_LIMITS.titleMax}
          autocomplete="off"
          required
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault()
              stop()
            }
          }}
          onBlur={(event) => {
            // Leaving the field saves, as in Google Docs (an emptied one keeps the old title); not
            // after Escape or Enter already ended the editing, nor while a save is running.
            if (!editing() || action.busy()) return
            if (event.currentTarget.value.trim() === '') stop()
            else event.currentTarget.form?.requestSubmit()
          }}
        />
        <FormError id="document-title-error" message={action.message()} />
      </form>
    </Show>
  )
}
