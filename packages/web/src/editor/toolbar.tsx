/**
 * The formatting toolbar (WAI-ARIA toolbar pattern): one tab stop, arrow keys, Home and End move
 * between buttons; Escape goes back to the text, Alt+F10 in the text comes here. Every button has a
 * visible label; toggles say whether they apply with `aria-pressed`; what cannot apply right now is
 * `aria-disabled` (still focusable, so the toolbar does not shift under the keyboard).
 */
import type { Editor } from '@tiptap/core'
import { type Accessor, createEffect, createSignal, For, Index, onCleanup, Show } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import { linkFromInput } from './link-policy.js'
import './messages.js'

interface Tool {
  id: string
  label: () => string
  run: (editor: Editor) => void
  /** For toggles: whether it applies at the selection (rendered as aria-pressed). */
  active?: (editor: Editor) => boolean
  enabled?: (editor: Editor) => boolean
}

const focused = (editor: Editor) => editor.chain().focus()

const heading = (level: 1 | 2 | 3): Tool => ({
  id: `heading-${level}`,
  label: () => t('editor.toolbar.heading', { level }),
  run: (e) => focused(e).toggleHeading({ level }).run(),
  active: (e) => e.isActive('heading', { level }),
})

const inTable = (e: Editor) => e.isActive('table')

export function Toolbar(props: { editor: Accessor<Editor | null> }) {
  /** Bumped on every editor transaction, so pressed and disabled states follow the selection. */
  const [version, setVersion] = createSignal(0)
  const [linkOpen, setLinkOpen] = createSignal(false)
  const [linkInput, setLinkInput] = createSignal('')
  const [linkError, setLinkError] = createSignal('')
  const [current, setCurrent] = createSignal(0)
  let toolbar!: HTMLDivElement
  let linkField: HTMLInputElement | undefined

  const openLink = (editor: Editor) => {
    setLinkInput((editor.getAttributes('link').href as string | undefined) ?? '')
    setLinkError('')
    setLinkOpen(true)
    queueMicrotask(() => linkField?.focus())
  }

  const groups: Tool[][] = [
    [heading(1), heading(2), heading(3)],
    [
      {
        id: 'bold',
        label: () => t('editor.toolbar.bold'),
        run: (e) => focused(e).toggleBold().run(),
        active: (e) => e.isActive('bold'),
      },
      {
        id: 'italic',
        label: () => t('editor.toolbar.italic'),
        run: (e) => focused(e).toggleItalic().run(),
        active: (e) => e.isActive('italic'),
      },
      {
        id: 'underline',
        label: () => t('editor.toolbar.underline'),
        run: (e) => focused(e).toggleUnderline().run(),
        active: (e) => e.isActive('underline'),
      },
    ],
    [
      {
        id: 'bullet-list',
        label: () => t('editor.toolbar.bulletList'),
        run: (e) => focused(e).toggleBulletList().run(),
        active: (e) => e.isActive('bulletList'),
      },
      {
        id: 'ordered-list',
        label: () => t('editor.toolbar.orderedList'),
        run: (e) => focused(e).toggleOrderedList().run(),
        active: (e) => e.isActive('orderedList'),
      },
      {
        id: 'task-list',
        label: () => t('editor.toolbar.taskList'),
        run: (e) => focused(e).toggleTaskList().run(),
        active: (e) => e.isActive('taskList'),
      },
      {
        id: 'blockquote',
        label: () => t('editor.toolbar.blockquote'),
        run: (e) => focused(e).toggleBlockquote().run(),
        active: (e) => e.isActive('blockquote'),
      },
      {
        id: 'link',
        label: () => t('editor.toolbar.link'),
        run: openLink,
        active: (e) => e.isActive('link'),
      },
    ],
    [
      {
        id: 'table',
        label: () => t('editor.toolbar.table'),
        run: (e) => focused(e).insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
        enabled: (e) => !inTable(e),
      },
      {
        id: 'add-row',
        label: () => t('editor.toolbar.addRow'),
        run: (e) => focused(e).addRowAfter().run(),
        enabled: inTable,
      },
      {
        id: 'add-column',
        label: () => t('editor.toolbar.addColumn'),
        run: (e) => focused(e).addColumnAfter().run(),
        enabled: inTable,
      },
      {
        id: 'delete-table',
        label: () => t('editor.toolbar.deleteTable'),
        run: (e) => focused(e).deleteTable().run(),
        enabled: inTable,
      },
    ],
    [
      {
        id: 'undo',
        label: () => t('editor.toolbar.undo'),
        run: (e) => focused(e).undo().run(),
        enabled: (e) => e.can().undo(),
      },
      {
        id: 'redo',
        label: () => t('editor.toolbar.redo'),
        run: (e) => focused(e).redo().run(),
        enabled: (e) => e.can().redo(),
      },
    ],
  ]
  const flat = groups.flat()
  const indexOf = (tool: Tool) => flat.indexOf(tool)

  createEffect(() => {
    const editor = props.editor()
    if (!editor) return
    const bump = () => setVersion((v) => v + 1)
    editor.on('transaction', bump)
    editor.on('focus', bump)
    onCleanup(() => {
      editor.off('transaction', bump)
      editor.off('focus', bump)
    })
  })
  const state = <T,>(read: (editor: Editor) => T, fallback: T): T => {
    version()
    const editor = props.editor()
    return editor && !editor.isDestroyed ? read(editor) : fallback
  }

  const buttons = () => [...toolbar.querySelectorAll<HTMLButtonElement>('button[data-tool]')]
  const move = (index: number) => {
    const list = buttons()
    const next = (index + list.length) % list.length
    setCurrent(next)
    list[next]?.focus()
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const keys: Record<string, () => void> = {
      ArrowRight: () => move(current() + 1),
      ArrowLeft: () => move(current() - 1),
      Home: () => move(0),
      End: () => move(flat.length - 1),
      Escape: () => props.editor()?.commands.focus(),
    }
    const target = event.target as HTMLElement
    if ((event.key === 'Enter' || event.key === ' ') && target.matches('button[data-tool]')) {
      // Run the tool here rather than by the native click: that would happen on keydown, move focus to
      // the text, and the key's keypress would then insert a line break (Enter) there.
      event.preventDefault()
      target.click()
      return
    }
    const action = keys[event.key]
    if (!action || target.closest('.link-form')) return
    event.preventDefault()
    action()
  }

  const applyLink = (event: SubmitEvent) => {
    event.preventDefault()
    const editor = props.editor()
    if (!editor) return
    const href = linkFromInput(linkInput())
    if (!href) {
      setLinkError(t('editor.link.invalid'))
      linkField?.focus()
      return
    }
    const { empty } = editor.state.selection
    if (empty && !editor.isActive('link')) {
      focused(editor)
        .insertContent({ type: 'text', text: linkInput().trim(), marks: [{ type: 'link', attrs: { href } }] })
        .run()
    } else {
      focused(editor).extendMarkRange('link').setLink({ href }).run()
    }
    setLinkOpen(false)
  }
  const removeLink = () => {
    const editor = props.editor()
    if (editor) focused(editor).extendMarkRange('link').unsetLink().run()
    setLinkOpen(false)
  }
  const cancelLink = () => {
    setLinkOpen(false)
    props.editor()?.commands.focus()
  }

  return (
    <div class="editor-toolbar-area">
      <div
        class="editor-toolbar"
        role="toolbar"
        aria-label={t('editor.toolbar.label')}
        aria-controls="editor-text"
        ref={toolbar}
        onKeyDown={onKeyDown}
      >
        <Index each={groups}>
          {(group) => (
            <div class="toolbar-group">
              <For each={group()}>
                {(tool) => {
                  const disabled = () => !state((e) => tool.enabled?.(e) ?? true, false)
                  return (
                    <button
                      type="button"
                      data-tool={tool.id}
                      tabIndex={current() === indexOf(tool) ? 0 : -1}
                      aria-pressed={tool.active ? (state(tool.active, false) ? 'true' : 'false') : undefined}
                      aria-disabled={disabled() ? 'true' : undefined}
                      onMouseDown={(event) => event.preventDefault()}
                      onFocus={() => setCurrent(indexOf(tool))}
                      onClick={() => {
                        const editor = props.editor()
                        if (!editor || disabled()) return
                        tool.run(editor)
                      }}
                    >
                      {tool.label()}
                    </button>
                  )
                }}
              </For>
            </div>
          )}
        </Index>
      </div>
      <Show when={linkOpen()}>
        <form class="link-form" onSubmit={applyLink} onKeyDown={(e) => e.key === 'Escape' && cancelLink()}>
          <label class="link-form-label">
            {t('editor.link.address')}
            <input
              ref={linkField}
              type="text"
              inputMode="url"
              autocomplete="url"
              value={linkInput()}
              onInput={(e) => setLinkInput(e.currentTarget.value)}
              aria-invalid={linkError() ? 'true' : undefined}
              aria-describedby={linkError() ? 'link-error' : undefined}
            />
          </label>
          <button type="submit">{t('editor.link.apply')}</button>
          <Show when={state((e) => e.isActive('link'), false)}>
            <button type="button" onClick={removeLink}>
              {t('editor.link.remove')}
            </button>
          </Show>
          <button type="button" onClick={cancelLink}>
            {t('editor.link.cancel')}
          </button>
          <p id="link-error" class="error" role="alert">
            {linkError()}
          </p>
        </form>
      </Show>
    </div>
  )
}
