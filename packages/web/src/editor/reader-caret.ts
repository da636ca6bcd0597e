/**
 * A caret and keyboard selection in a read-only editor, so a commenter without a mouse can select
 * the text to comment on (and any reader the text to copy). ProseMirror's `editable: false` takes
 * away `contenteditable`, and with it the browser's caret and Shift+arrow selection; making the
 * text editable again and refusing every change instead would risk text that is never saved (a
 * composition the browser writes before anyone can refuse it). So the text stays uneditable and
 * this moves ProseMirror's selection itself: arrows by character (Ctrl, or Option on a Mac: by
 * word), up and down by line, Home and End to the line's edges (with Ctrl, or Cmd on a Mac: the
 * text's), Shift to extend. A drawn caret shows where it is once the keyboard is used. It never
 * makes a transaction that changes the document, and does nothing while the view is editable.
 * Not covered: right-to-left text moves in logical order.
 */
import { Extension, isMacOS } from '@tiptap/core'
import { type EditorState, Plugin, PluginKey, Selection, TextSelection } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { characterStep, wordStep } from './reader-caret-moves.js'

/** Whether the caret is drawn: the text has the focus and the keyboard moved (or focused) it. */
const readerCaretKey = new PluginKey<boolean>('readerCaret')

function caretElement(): HTMLElement {
  const caret = document.createElement('span')
  caret.className = 'reader-caret'
  caret.setAttribute('aria-hidden', 'true')
  return caret
}

/** Puts the page's selection at `pos` when it is not in the text (focused by Tab), so ProseMirror draws its own there. */
function ensureDomSelection(view: EditorView, pos: number): void {
  const selection = view.dom.ownerDocument.getSelection()
  if (!selection) return
  if (
    selection.anchorNode &&
    view.dom.contains(selection.anchorNode) &&
    view.dom.contains(selection.focusNode)
  )
    return
  const { node, offset } = view.domAtPos(pos)
  selection.collapse(node, offset)
}

/** The position one line up or down, or at the line's start or end, as the browser lays the text out. */
function byLayout(
  view: EditorView,
  head: number,
  direction: 'backward' | 'forward',
  granularity: 'line' | 'lineboundary',
): number {
  const selection = view.dom.ownerDocument.getSelection()
  if (!selection) return head
  const { node, offset } = view.domAtPos(head)
  selection.collapse(node, offset)
  selection.modify('move', direction, granularity)
  if (!selection.focusNode || !view.dom.contains(selection.focusNode)) return head
  try {
    const pos = view.posAtDOM(selection.focusNode, selection.focusOffset)
    return (
      TextSelection.findFrom(view.state.doc.resolve(pos), direction === 'forward' ? 1 : -1, true)?.head ??
      head
    )
  } catch {
    return head
  }
}

/** Where the keyboard event moves the head, or null when it is not a caret key. */
function target(view: EditorView, event: KeyboardEvent): number | null {
  const { doc, selection } = view.state
  const head = selection.head
  const mac = isMacOS()
  const byWord = mac ? event.altKey : event.ctrlKey
  const edgeOfText = mac ? event.metaKey : event.ctrlKey
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const dir = event.key === 'ArrowLeft' ? -1 : 1
      if (mac && event.metaKey) return byLayout(view, head, dir < 0 ? 'backward' : 'forward', 'lineboundary')
      return byWord ? wordStep(doc, head, dir) : characterStep(doc, head, dir)
    }
    case 'ArrowUp':
    case 'ArrowDown': {
      const forward = event.key === 'ArrowDown'
      if (mac && event.metaKey) return forward ? Selection.atEnd(doc).head : Selection.atStart(doc).head
      return byLayout(view, head, forward ? 'forward' : 'backward', 'line')
    }
    case 'Home':
    case 'End': {
      const forward = event.key === 'End'
      if (edgeOfText) return forward ? Selection.atEnd(doc).head : Selection.atStart(doc).head
      return byLayout(view, head, forward ? 'forward' : 'backward', 'lineboundary')
    }
    default:
      return null
  }
}

const showCaret = (view: EditorView, shown: boolean) => {
  if (readerCaretKey.getState(view.state) !== shown)
    view.dispatch(view.state.tr.setMeta(readerCaretKey, shown))
}

export const ReaderCaret = Extension.create({
  name: 'readerCaret',
  addProseMirrorPlugins() {
    return [
      new Plugin<boolean>({
        key: readerCaretKey,
        state: {
          init: () => false,
          apply: (tr, shown) => {
            const meta = tr.getMeta(readerCaretKey)
            return typeof meta === 'boolean' ? meta : shown
          },
        },
        props: {
          decorations(state: EditorState) {
            if (!readerCaretKey.getState(state) || !state.selection.empty) return null
            return DecorationSet.create(state.doc, [
              Decoration.widget(state.selection.head, caretElement, { key: 'reader-caret', side: 1 }),
            ])
          },
          handleDOMEvents: {
            keydown(view, event) {
              if (view.editable || event.defaultPrevented || (event.altKey && event.ctrlKey)) return false
              const head = target(view, event)
              if (head === null) return false
              event.preventDefault()
              const { doc, selection } = view.state
              ensureDomSelection(view, selection.head)
              const next = event.shiftKey
                ? TextSelection.create(doc, selection.anchor, head)
                : TextSelection.create(doc, head)
              view.dispatch(view.state.tr.setSelection(next).setMeta(readerCaretKey, true).scrollIntoView())
              return true
            },
            focus(view) {
              // Reached by keyboard (Tab): the caret shows at once, where the selection is.
              if (!view.editable && view.dom.matches(':focus-visible')) showCaret(view, true)
              return false
            },
            mousedown(view) {
              showCaret(view, false)
              return false
            },
            blur(view) {
              showCaret(view, false)
              return false
            },
          },
        },
      }),
    ]
  },
})
