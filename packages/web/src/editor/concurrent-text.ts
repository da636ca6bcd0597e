/**
 * Keeps each person's words together when two write at one spot (SPEC.md E1–E3): remembers the
 * text other people typed in front of this person's still caret, so Enter splits after it instead
 * of through it, and keeps the caret at the start of an empty paragraph others begin to fill. The
 * rules are in caret-at-remote-text.ts. Only remote Yjs changes cost a Yjs position (made before
 * the change, resolved after it); a keystroke costs one position mapping while a run exists, else
 * nothing.
 */
import { Extension } from '@tiptap/core'
import { isChangeOrigin } from '@tiptap/extension-collaboration'
import { type EditorState, Plugin, PluginKey, TextSelection, type Transaction } from '@tiptap/pm/state'
import { type ProsemirrorBinding, ySyncPluginKey } from '@tiptap/y-tiptap'
import type * as Y from 'yjs'
import {
  caretInFilledEmptyBlock,
  runAfterOwnChange,
  runAfterRemoteChange,
  runEndAnchor,
} from './caret-at-remote-text.js'

/** The run of others' text in front of the caret: how many positions it reaches past it. */
const runKey = new PluginKey<number>('remoteRunAtCaret')

/** The binding's own meta (PluginKey 'y-sync'): undo and redo of one's own edits come through it too. */
const Y_SYNC_META = 'y-sync$'

const isOwnUndo = (tr: Transaction) =>
  !!(tr.getMeta(Y_SYNC_META) as { isUndoRedoOperation?: boolean } | undefined)?.isUndoRedoOperation

const isRemote = (tr: Transaction) => isChangeOrigin(tr) && !isOwnUndo(tr)

export const ConcurrentText = Extension.create({
  name: 'concurrentText',
  // Before the keymaps that split blocks and list items on Enter.
  priority: 1000,

  addProseMirrorPlugins() {
    const binding = (state: EditorState): ProsemirrorBinding | undefined =>
      ySyncPluginKey.getState(state)?.binding
    // The run's end as a Yjs position, made as a remote Yjs change begins (this editor's state is
    // still the one before it) and used by the ProseMirror transaction the binding makes of it.
    let pendingEnd: Y.RelativePosition | null = null
    return [
      new Plugin<number>({
        key: runKey,
        state: {
          init: () => 0,
          apply(tr, length, before, after) {
            const kept = tr.getMeta(runKey) as number | undefined
            if (kept !== undefined) return kept
            if (isRemote(tr)) {
              // From the state before: `after` is still being built and this plugin's state comes
              // before the binding's (priority), so the binding's is not in it yet.
              const y = binding(before)
              const end = pendingEnd
              pendingEnd = null
              return tr.docChanged && y ? runAfterRemoteChange(y, after, end) : length
            }
            if (isOwnUndo(tr)) return 0
            return runAfterOwnChange(tr, before, length)
          },
        },
        view(view) {
          const y = binding(view.state)
          if (!y) return {}
          // Local Yjs transactions (this editor's own edits, undo) need no position: skipped.
          const beforeRemote = (transaction: Y.Transaction) => {
            if (transaction.local) return
            pendingEnd = runEndAnchor(y, view.state, runKey.getState(view.state) ?? 0)
          }
          y.doc.on('beforeTransaction', beforeRemote)
          return { destroy: () => y.doc.off('beforeTransaction', beforeRemote) }
        },
        appendTransaction(transactions, before, after) {
          const last = transactions.at(-1)
          if (!last || !isRemote(last) || !last.docChanged) return null
          const start = caretInFilledEmptyBlock(before, after)
          if (start === null) return null
          // Everything now in the paragraph arrived in front of the caret: that is the run.
          const tr = after.tr.setSelection(TextSelection.create(after.doc, start))
          return tr
            .setMeta(runKey, after.doc.resolve(start).parent.content.size)
            .setMeta('addToHistory', false)
        },
      }),
    ]
  },

  addKeyboardShortcuts() {
    return {
      Enter: ({ editor }) => {
        const length = runKey.getState(editor.state) ?? 0
        const { selection, tr } = editor.state
        if (length === 0 || !selection.empty) return false
        const to = selection.head + length
        if (to > selection.$head.end()) return false
        editor.view.dispatch(tr.setSelection(TextSelection.create(tr.doc, to)))
        // Not handled: the usual Enter (paragraph, list item, heading) splits where the caret now is.
        return false
      },
    }
  },
})
