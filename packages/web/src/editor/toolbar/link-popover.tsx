/**
 * The link form, in a popover anchored to the link button (or to "More tools" when the button is in
 * that menu): the address is checked by link-policy.ts (only http, https and mailto), a refusal is
 * said in words next to the field and announced. Applying sets the link on the selection or, with
 * nothing selected, inserts the address as a linked text; either way the focus goes back to the text.
 */
import { Popover } from '@kobalte/core/popover'
import type { Editor } from '@tiptap/core'
import { type Accessor, createEffect, createSignal, on, Show } from 'solid-js'
import { t } from '../../lib/i18n/i18n.js'
import { linkFromInput } from '../link-policy.js'
import '../toolbar-messages.js'

export interface LinkPopoverProps {
  editor: Accessor<Editor | null>
  open: boolean
  /** The address already on the selection, when the form opens. */
  initial: string
  isLink: boolean
  anchor: Accessor<HTMLElement | undefined>
  onClose: () => void
}

const ERROR_ID = 'link-error'

export function LinkPopover(props: LinkPopoverProps) {
  const [input, setInput] = createSignal('')
  /** The message key of the refusal, not its text, so a language switch says it in the new language. */
  const [error, setError] = createSignal<string | null>(null)
  const errorText = () => {
    const key = error()
    return key ? t(key) : ''
  }
  let field: HTMLInputElement | undefined
  // A fresh form each time it opens, with the selection's address (Kobalte then focuses the field).
  createEffect(
    on(
      () => props.open,
      (open) => {
        if (!open) return
        setInput(props.initial)
        setError(null)
      },
    ),
  )

  const close = () => {
    props.onClose()
    props.editor()?.commands.focus()
  }
  const apply = (event: SubmitEvent) => {
    event.preventDefault()
    const editor = props.editor()
    if (!editor) return
    const href = linkFromInput(input())
    if (!href) {
      setError('editor.link.invalid')
      field?.focus()
      return
    }
    const chain = editor.chain().focus()
    if (editor.state.selection.empty && !editor.isActive('link')) {
      chain
        .insertContent({ type: 'text', text: input().trim(), marks: [{ type: 'link', attrs: { href } }] })
        .run()
    } else {
      chain.extendMarkRange('link').setLink({ href }).run()
    }
    props.onClose()
  }
  const remove = () => {
    props.editor()?.chain().focus().extendMarkRange('link').unsetLink().run()
    props.onClose()
  }

  return (
    <Popover
      open={props.open}
      onOpenChange={(open) => {
        if (open) return
        props.onClose()
      }}
      anchorRef={props.anchor}
      placement="bottom-start"
      gutter={6}
    >
      <Popover.Portal>
        <Popover.Content
          class="popover link-popover"
          onCloseAutoFocus={(event: Event) => {
            // Back to the text, where the link now is (or where the person was writing).
            event.preventDefault()
            props.editor()?.commands.focus()
          }}
        >
          <Popover.Title class="link-popover-title">{t('editor.link.title')}</Popover.Title>
          <form onSubmit={apply}>
            <label class="link-popover-label">
              {t('editor.link.address')}
              <input
                ref={field}
                type="text"
                inputMode="url"
                autocomplete="url"
                value={input()}
                onInput={(e) => setInput(e.currentTarget.value)}
                aria-invalid={error() ? 'true' : undefined}
                aria-describedby={error() ? ERROR_ID : undefined}
              />
            </label>
            <p id={ERROR_ID} class="error link-popover-error" role="alert">
              {errorText()}
            </p>
            <div class="link-popover-actions">
              <button type="submit">{t('editor.link.apply')}</button>
              <Show when={props.isLink}>
                <button type="button" onClick={remove}>
                  {t('editor.link.remove')}
                </button>
              </Show>
              <button type="button" onClick={close}>
                {t('editor.link.cancel')}
              </button>
            </div>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover>
  )
}
