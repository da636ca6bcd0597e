/**
 * The formatting toolbar: one row of icon buttons in groups (text style, marks, lists, insert, the
 * table's tools while in a table, history), in the editor's sticky row. What does not fit moves,
 * group by group from the end, into a "More tools" menu at the end of the row (toolbar/fit-row.ts):
 * the row never wraps. A hint for Alt+F10 ends the row while there is room for it.
 *
 * The WAI-ARIA toolbar pattern: one tab stop; arrow keys, Home and End move between the controls of
 * the row; Escape goes back to the text; Alt+F10 in the text comes here and Ctrl+K (⌘K) there opens
 * the link form (toolbar/toolbar-shortcuts.ts); Enter and Space run a tool without the key reaching
 * the text.
 */
import type { Editor } from '@tiptap/core'
import { type Accessor, createEffect, createMemo, createSignal, For, onCleanup, Show } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import { BlockTypeMenu, currentBlockType } from './toolbar/block-type-menu.js'
import { fitRow } from './toolbar/fit-row.js'
import { LinkPopover } from './toolbar/link-popover.js'
import { OverflowMenu } from './toolbar/overflow-menu.js'
import { ToolButton } from './toolbar/tool-button.js'
import { connectToolbar } from './toolbar/toolbar-shortcuts.js'
import { type BlockType, type Tool, type ToolGroup, toolGroups } from './toolbar/tools.js'
import './toolbar-messages.js'
import './toolbar.css'

export function Toolbar(props: { editor: Accessor<Editor | null> }) {
  /** Bumped on every editor transaction, so pressed and disabled states follow the selection. */
  const [version, setVersion] = createSignal(0)
  /** The id of the control that holds the toolbar's one tab stop. */
  const [current, setCurrent] = createSignal('block-type')
  const [link, setLink] = createSignal<{ initial: string; isLink: boolean } | null>(null)
  let row!: HTMLDivElement
  let hint: HTMLParagraphElement | undefined
  let more: HTMLButtonElement | undefined
  let linkButton: HTMLButtonElement | undefined
  const groupElements = new Map<string, HTMLElement>()

  const openLink = (editor: Editor) => {
    // Opened on the next frame: from "More tools", that menu must have closed and let go of the focus.
    const initial = (editor.getAttributes('link').href as string | undefined) ?? ''
    requestAnimationFrame(() => setLink({ initial, isLink: editor.isActive('link') }))
  }
  const groups = toolGroups(openLink)

  createEffect(() => {
    const editor = props.editor()
    if (!editor) return
    const bump = () => setVersion((v) => v + 1)
    editor.on('transaction', bump)
    editor.on('focus', bump)
    const disconnect = connectToolbar(editor, {
      focus: () => focusControl(tabStop()) !== null,
      openLink: () => openLink(editor),
    })
    onCleanup(() => {
      editor.off('transaction', bump)
      editor.off('focus', bump)
      disconnect()
    })
  })
  const state = <T,>(read: (editor: Editor) => T, fallback: T): T => {
    version()
    const editor = props.editor()
    return editor && !editor.isDestroyed ? read(editor) : fallback
  }
  const pressed = (tool: Tool) => (tool.active ? state(tool.active, false) : undefined)
  const disabled = (tool: Tool) => !state((e) => tool.enabled?.(e) ?? true, false)
  const blockType = () => state((e) => currentBlockType(e), currentBlockType(null))

  const present = createMemo(() => groups.filter((g) => !g.present || state(g.present, false)), [], {
    // A new array only when a group comes or goes, not on every keystroke.
    equals: (a, b) => a.length === b.length && a.every((group, i) => group === b[i]),
  })
  const { shownGroups, hintShown } = fitRow({
    row: () => row,
    groups: present,
    groupElements,
    hint: () => hint,
    more: () => more,
    // The focused tool went into "More tools": the focus follows it there rather than to the page.
    onFoldFocused: () => {
      setCurrent('more')
      more?.focus()
    },
  })

  const inRow = () => present().slice(0, shownGroups())
  const folded = () => present().slice(shownGroups())

  /** The controls in the row, in order, by id: what the arrow keys move along. */
  const controls = createMemo(() => [
    ...inRow().flatMap((g) => (g.id === 'style' ? ['block-type'] : g.tools.map((tool) => tool.id))),
    ...(folded().length ? ['more'] : []),
  ])
  const tabStop = () => (controls().includes(current()) ? current() : (controls()[0] ?? ''))

  const run = (tool: Tool) => {
    const editor = props.editor()
    if (editor && !disabled(tool)) tool.run(editor)
  }
  const chooseBlockType = (type: BlockType) => {
    const editor = props.editor()
    if (editor) type.run(editor)
  }

  /** Focuses the control `id` of the row; null when it is not there. */
  const focusControl = (id: string) => {
    const control = row.querySelector<HTMLButtonElement>(`button[data-tool="${id}"]`)
    control?.focus()
    return control
  }
  const move = (index: number) => {
    const list = controls()
    const next = list[(index + list.length) % list.length]
    if (!next) return
    setCurrent(next)
    focusControl(next)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement
    // Keys in the menus and the link form (rendered elsewhere, but inside this component) are theirs.
    if (!row.contains(target)) return
    if (
      (event.key === 'Enter' || event.key === ' ') &&
      target.matches('button[data-tool]:not([data-menu])')
    ) {
      // Run the tool here rather than by the native click: that would happen on keydown, move focus to
      // the text, and the key's keypress would then insert a line break (Enter) there.
      event.preventDefault()
      target.click()
      return
    }
    const index = controls().indexOf(tabStop())
    const keys: Record<string, () => void> = {
      ArrowRight: () => move(index + 1),
      ArrowLeft: () => move(index - 1),
      Home: () => move(0),
      End: () => move(controls().length - 1),
      Escape: () => props.editor()?.commands.focus(),
    }
    const action = keys[event.key]
    if (!action) return
    event.preventDefault()
    action()
  }

  const groupRef = (group: ToolGroup) => (element: HTMLElement) => {
    groupElements.set(group.id, element)
    onCleanup(() => groupElements.delete(group.id))
  }
  const shown = (group: ToolGroup) => inRow().includes(group)

  return (
    <div class="editor-toolbar-area">
      <div
        class="editor-toolbar"
        role="toolbar"
        aria-label={t('editor.toolbar.label')}
        aria-controls="editor-text"
        ref={row}
        onKeyDown={onKeyDown}
      >
        <For each={present()}>
          {(group) => (
            // biome-ignore lint/a11y/useSemanticElements: a group of toolbar buttons, not of form fields
            <div
              ref={groupRef(group)}
              class="toolbar-group"
              data-group={group.id}
              role="group"
              aria-label={group.label()}
              hidden={!shown(group)}
            >
              <Show
                when={group.id !== 'style'}
                fallback={
                  <BlockTypeMenu
                    current={blockType()}
                    tabStop={tabStop() === 'block-type'}
                    onFocus={() => setCurrent('block-type')}
                    onChoose={chooseBlockType}
                  />
                }
              >
                <For each={group.tools}>
                  {(tool) => (
                    <ToolButton
                      ref={tool.id === 'link' ? (element) => (linkButton = element) : undefined}
                      tool={tool}
                      pressed={pressed(tool)}
                      disabled={disabled(tool)}
                      tabStop={tabStop() === tool.id}
                      onFocus={() => setCurrent(tool.id)}
                      onRun={() => run(tool)}
                    />
                  )}
                </For>
              </Show>
            </div>
          )}
        </For>
        <Show when={folded().length > 0}>
          <OverflowMenu
            ref={(element) => (more = element)}
            groups={folded()}
            blockType={blockType()}
            pressed={pressed}
            disabled={disabled}
            tabStop={tabStop() === 'more'}
            onFocus={() => setCurrent('more')}
            onRun={run}
            onChooseBlockType={chooseBlockType}
          />
        </Show>
        <p ref={hint} class="toolbar-hint" hidden={!hintShown() || folded().length > 0}>
          {t('editor.toolbar.hint')}
        </p>
      </div>
      <LinkPopover
        editor={props.editor}
        open={link() !== null}
        initial={link()?.initial ?? ''}
        isLink={link()?.isLink ?? false}
        anchor={() =>
          linkButton?.isConnected && !linkButton.closest('[hidden]') ? linkButton : (more ?? row)
        }
        onClose={() => setLink(null)}
      />
    </div>
  )
}
