/**
 * The document's title as the page's heading, editable in place for those who may rename it (the
 * same rules as the rename dialog on the workspace page: required, at most TEXT_LIMITS.titleMax
 * characters, refused with a message rather than cut). Click the title or its pencil, type; Enter
 * or leaving the field saves, Escape keeps the old title. The server decides; a refusal is shown
 * under the field, which stays open with what was typed.
 */
import { TEXT_LIMITS } from '@trepart/shared'
import Pencil from 'lucide-solid/icons/pencil'
import { createSignal, Show, untrack } from 'solid-js'
import { FormError } from '../../components/form-error.js'
import { createAction } from '../../lib/action.js'
import { api } from '../../lib/api.js'
import { createFormValidation } from '../../lib/field-validation.js'
import { t } from '../../lib/i18n/i18n.js'
import '../../editor/messages.js'

const ERROR_ID = 'document-title-error'

export function DocumentTitle(props: {
  documentId: string
  title: string
  canRename: boolean
  onRenamed: (title: string) => void
}) {
  const [editing, setEditing] = createSignal(false)
  const action = createAction()
  const validation = createFormValidation()
  let input: HTMLInputElement | undefined
  let pencil: HTMLButtonElement | undefined

  const start = () => {
    if (!props.canRename) return
    action.clear()
    setEditing(true)
    queueMicrotask(() => {
      input?.focus()
      input?.select()
    })
  }
  /** Back to the heading; focus follows (to the pencil) only if it was in the field, not when the user went elsewhere. */
  const stop = () => {
    const hadFocus = document.activeElement === input
    setEditing(false)
    if (hadFocus) pencil?.focus()
  }
  const save = (form: HTMLFormElement, focusProblem: boolean) => {
    if (action.busy() || !validation.check(form, { focus: focusProblem })) return
    const title = String(new FormData(form).get('title') ?? '').trim()
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
  }

  return (
    <Show
      when={editing()}
      fallback={
        <div class="document-title-line">
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: the pencil button beside it is the keyboard's way in; clicking the text is the mouse's shortcut, as in Google Docs */}
          <h1 tabIndex={-1} class="document-title-text" onClick={start}>
            {props.title}
          </h1>
          <Show when={props.canRename}>
            <button
              type="button"
              class="icon-button"
              ref={pencil}
              onClick={start}
              aria-label={t('editor.title.rename', { title: props.title })}
            >
              <Pencil aria-hidden="true" size={16} />
            </button>
          </Show>
        </div>
      }
    >
      <form
        class="document-title-form"
        novalidate
        onSubmit={(event) => {
          event.preventDefault()
          save(event.currentTarget, true)
        }}
      >
        <label for="document-title-input" class="visually-hidden">
          {t('editor.title.label')}
        </label>
        <input
          ref={input}
          id="document-title-input"
          name="title"
          class="document-title-input"
          // The title when editing began: a rename by someone else meanwhile must not replace what is typed.
          value={untrack(() => props.title)}
          data-maxlength={TEXT_LIMITS.titleMax}
          autocomplete="off"
          required
          aria-invalid={action.error() ? 'true' : undefined}
          aria-describedby={ERROR_ID}
          onKeyDown={(event) => {
            // Escape keeps the old title; not while a save is on its way (it would rename after all).
            if (event.key === 'Escape' && !action.busy()) {
              event.preventDefault()
              stop()
            }
          }}
          onBlur={(event) => {
            // Leaving the field saves, as in Google Docs (an emptied one keeps the old title); a
            // problem is shown without pulling the focus back. Not after Escape or Enter ended it.
            if (!editing()) return
            if (event.currentTarget.value.trim() === '') stop()
            else if (event.currentTarget.form) save(event.currentTarget.form, false)
          }}
        />
        <FormError id={ERROR_ID} message={action.message()} />
      </form>
    </Show>
  )
}
