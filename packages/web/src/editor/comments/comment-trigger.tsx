/**
 * Starting a thread from the text: a "Comment" button beside the selection, and Ctrl+Alt+M
 * (Cmd+Option+M; the Google Docs shortcut, which Tiptap does not bind), which with nothing
 * selected goes to the thread of the highlight the caret is in. Both work in a read-only
 * editor too — commenters may comment without writing — so the shortcut is a DOM listener on the
 * editor's host (ProseMirror runs no key bindings while not editable) and the selection is read
 * from the browser when the editor's state has none.
 */
import type { Editor } from '@tiptap/core'
import MessageSquarePlus from 'lucide-solid/icons/message-square-plus'
import { type Accessor, createEffect, createSignal, onCleanup, onMount, Show } from 'solid-js'
import { t } from '../../lib/i18n/i18n.js'
import './comment-messages.js'

export interface TextSelectionRange {
  from: number
  to: number
}

/** The selected stretch of text in the editor, from its state or else from the browser's selection. */
export function selectedRange(editor: Editor): TextSelectionRange | null {
  const { from, to, empty } = editor.state.selection
  const text = (a: number, b: number) => editor.state.doc.textBetween(a, b, ' ', ' ').trim().length > 0
  if (!empty) return text(from, to) ? { from, to } : null
  const dom = typeof window === 'undefined' ? null : window.getSelection()
  if (!dom || dom.isCollapsed || !dom.anchorNode || !dom.focusNode) return null
  const root = editor.view.dom
  if (!root.contains(dom.anchorNode) || !root.contains(dom.focusNode)) return null
  try {
    const a = editor.view.posAtDOM(dom.anchorNode, dom.anchorOffset)
    const b = editor.view.posAtDOM(dom.focusNode, dom.focusOffset)
    const range = { from: Math.min(a, b), to: Math.max(a, b) }
    return range.from < range.to && text(range.from, range.to) ? range : null
  } catch {
    return null
  }
}

/** Ctrl+Alt+M / Cmd+Option+M, by the key's place (Option changes the letter on a Mac). */
export const isCommentShortcut = (event: KeyboardEvent) =>
  (event.ctrlKey || event.metaKey) && event.altKey && !event.shiftKey && event.code === 'KeyM'

export function CommentTrigger(props: {
  editor: Accessor<Editor | null>
  /** The element holding the editor; the button is placed relative to it. */
  host: () => HTMLElement
  onComment: () => void
  /** Viewers get the shortcut (to go from the text to its thread), not the button. */
  canComment: boolean
}) {
  const [place, setPlace] = createSignal<number | null>(null)
  let frame = 0

  const update = () => {
    frame = 0
    const editor = props.editor()
    if (!editor || editor.isDestroyed) return setPlace(null)
    const range = selectedRange(editor)
    if (!range) return setPlace(null)
    try {
      const top = editor.view.coordsAtPos(range.from).top - props.host().getBoundingClientRect().top
      setPlace(Math.max(0, top - 4))
    } catch {
      setPlace(null)
    }
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(update)
  }

  onMount(() => {
    const host = props.host()
    const onKey = (event: KeyboardEvent) => {
      if (!isCommentShortcut(event)) return
      event.preventDefault()
      event.stopPropagation()
      props.onComment()
    }
    host.addEventListener('keydown', onKey, true)
    document.addEventListener('selectionchange', schedule)
    window.addEventListener('resize', schedule)
    onCleanup(() => {
      host.removeEventListener('keydown', onKey, true)
      document.removeEventListener('selectionchange', schedule)
      window.removeEventListener('resize', schedule)
      cancelAnimationFrame(frame)
    })
  })

  createEffect(() => {
    const editor = props.editor()
    if (!editor) return
    editor.on('selectionUpdate', schedule)
    editor.on('update', schedule)
    onCleanup(() => {
      editor.off('selectionUpdate', schedule)
      editor.off('update', schedule)
    })
  })

  return (
    <Show when={props.canComment && place() !== null}>
      <button
        type="button"
        class="comment-trigger"
        style={{ top: `${place()}px` }}
        // Keeps the selection (and the editor's focus) while the pointer presses the button.
        onMouseDown={(event) => event.preventDefault()}
        onClick={() => props.onComment()}
        aria-keyshortcuts="Control+Alt+M"
        title={t('comments.trigger.tip')}
      >
        <MessageSquarePlus size="1.1em" aria-hidden="true" />
        <span class="visually-hidden">{t('comments.trigger.label')}</span>
      </button>
    </Show>
  )
}
