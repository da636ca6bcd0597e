/**
 * The formatting toolbar: one row of icon buttons, sticky at the top of the editor while the page
 * scrolls, in groups (text style, marks, lists, insert, the table's tools while in a table,
 * history). What does not fit moves, group by group from the end, into a "More tools" menu at the
 * end of the row: the row never wraps. A hint for Alt+F10 ends the row while there is room for it.
 *
 * The WAI-ARIA toolbar pattern: one tab stop; arrow keys, Home and End move between the controls of
 * the row; Escape goes back to the text; Alt+F10 in the text comes here (collab-editor.tsx focuses
 * `.editor-toolbar button[tabindex="0"]`); Enter and Space run a tool without the key reaching the
 * text. Ctrl+K (⌘K) in the text opens the link form.
 */
import type { Editor } from '@tiptap/core'
import { keydownHandler } from '@tiptap/pm/keymap'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import {
  type Accessor,
  createEffect,
  createMemo,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
} from 'solid-js'
import { locale, t } from '../lib/i18n/i18n.js'
import { BlockTypeMenu, currentBlockType } from './toolbar/block-type-menu.js'
import { LinkPopover } from './toolbar/link-popover.js'
import { OverflowMenu } from './toolbar/overflow-menu.js'
import { ToolButton } from './toolbar/tool-button.js'
import { type BlockType, type Tool, type ToolGroup, toolGroups } from './toolbar/tools.js'
import './toolbar-messages.js'
import './toolbar.css'

const LINK_KEYMAP = new PluginKey('toolbarLinkShortcut')

export function Toolbar(props: { editor: Accessor<Editor | null> }) {
  /** Bumped on every editor transaction, so pressed and disabled states follow the selection. */
  const [version, setVersion] = createSignal(0)
  /** The id of the control that holds the toolbar's one tab stop. */
  const [current, setCurrent] = createSignal('block-type')
  /** How many of the present groups are in the row; the rest are in "More tools". */
  const [shownGroups, setShownGroups] = createSignal(Number.POSITIVE_INFINITY)
  const [hintShown, setHintShown] = createSignal(true)
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
    editor.registerPlugin(
      new Plugin({
        key: LINK_KEYMAP,
        props: {
          handleKeyDown: keydownHandler({
            'Mod-k': () => {
              openLink(editor)
              return true
            },
          }),
        },
      }),
    )
    onCleanup(() => {
      editor.off('transaction', bump)
      editor.off('focus', bump)
      if (!editor.isDestroyed) editor.unregisterPlugin(LINK_KEYMAP)
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

  // Fitting the row: group widths are measured while they are in the row and remembered while they
  // are folded; a group never measured (the table's, when the selection first enters a table) is put
  // in the row for one layout, clipped by the row's overflow, and measured there.
  const widths = new Map<string, number>()
  let hintWidth = 0
  let buttonWidth = 0
  const fit = () => {
    if (!row.isConnected) return
    for (const [id, element] of groupElements) {
      if (element.isConnected && !element.hidden) widths.set(id, element.getBoundingClientRect().width)
    }
    if (hint && !hint.hidden) hintWidth = hint.getBoundingClientRect().width
    // "More tools" is as wide as any icon button (the text style menu's button is wider).
    const button = more?.isConnected
      ? more
      : row.querySelector<HTMLElement>('.toolbar-group:not([hidden]) .toolbar-button:not([data-menu])')
    if (button) buttonWidth = button.getBoundingClientRect().width
    const style = getComputedStyle(row)
    const gap = Number.parseFloat(style.columnGap) || 0
    const available =
      row.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
    const list = present()
    if (list.some((g) => !widths.has(g.id))) {
      setShownGroups(list.length)
      requestAnimationFrame(fit)
      return
    }
    const upTo = (n: number) =>
      list.slice(0, n).reduce((sum, g, i) => sum + (widths.get(g.id) ?? 0) + (i ? gap : 0), 0)
    const all = upTo(list.length)
    if (all <= available) {
      setShownGroups(list.length)
      if (!hintWidth && hint?.hidden) {
        // Not measured yet (another language's words): show it for one layout to measure it.
        setHintShown(true)
        if (!hint.hidden) requestAnimationFrame(fit)
        return
      }
      setHintShown(all + gap + hintWidth <= available)
      return
    }
    setHintShown(false)
    let n = list.length - 1
    while (n > 0 && upTo(n) + gap + buttonWidth > available) n--
    setShownGroups(n)
  }
  let frame = 0
  const refit = () => {
    cancelAnimationFrame(frame)
    frame = requestAnimationFrame(fit)
  }
  onMount(() => {
    const observer = new ResizeObserver(refit)
    observer.observe(row)
    onCleanup(() => {
      observer.disconnect()
      cancelAnimationFrame(frame)
    })
  })
  // A group coming or going needs a new fit; another language has other words, so new widths too.
  createEffect(on(present, refit, { defer: true }))
  createEffect(
    on(
      locale,
      () => {
        widths.clear()
        hintWidth = 0
        refit()
      },
      { defer: true },
    ),
  )

  const move = (index: number) => {
    const list = controls()
    const next = list[(index + list.length) % list.length]
    if (!next) return
    setCurrent(next)
    row.querySelector<HTMLButtonElement>(`button[data-tool="${next}"]`)?.focus()
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
