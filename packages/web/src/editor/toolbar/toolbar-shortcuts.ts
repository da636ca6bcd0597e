/**
 * The toolbar's shortcuts in the text: Alt+F10 moves to the toolbar (the convention of most
 * editors), Ctrl+K (⌘K) opens the link form. The extension is in the editor from the start; the
 * toolbar connects to it once it is shown (not for someone who may only read), and until then the
 * keys are left to the browser.
 */
import { type Editor, Extension } from '@tiptap/core'

export interface ToolbarActions {
  /** Focuses the toolbar's tab stop; false when there is nothing to focus. */
  focus: () => boolean
  openLink: () => void
}

const connected = new WeakMap<Editor, ToolbarActions>()

/** Connects the toolbar shown for `editor` to its shortcuts; returns the disconnect. */
export function connectToolbar(editor: Editor, actions: ToolbarActions): () => void {
  connected.set(editor, actions)
  return () => {
    if (connected.get(editor) === actions) connected.delete(editor)
  }
}

export const ToolbarShortcuts = Extension.create({
  name: 'toolbarShortcuts',
  addKeyboardShortcuts() {
    return {
      'Alt-F10': () => connected.get(this.editor)?.focus() ?? false,
      'Mod-k': () => {
        const actions = connected.get(this.editor)
        actions?.openLink()
        return actions !== undefined
      },
    }
  },
})
