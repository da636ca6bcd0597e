/**
 * The editor's content extensions: the document schema from `@trepart/shared/editor-schema`
 * (the server reads committed content with the same schema), labelled in the user's language, and
 * pasted HTML cleaned first (paste-cleanup.ts). Undo and redo come from the Collaboration extension
 * (Yjs' undo manager: only one's own changes).
 */
import { type AnyExtension, Extension } from '@tiptap/core'
import { contentExtensions as sharedContentExtensions } from '@trepart/shared/editor-schema'
import { t } from '../lib/i18n/i18n.js'
import './messages.js'
import { cleanPastedHtml } from './paste-cleanup.js'
// The task list's checkbox is labelled with the toolbar's name for it (editor.toolbar.taskList).
import './toolbar-messages.js'

const PasteCleanup = Extension.create({
  name: 'pasteCleanup',
  transformPastedHTML: (html) => cleanPastedHtml(html),
})

/** The nodes and marks of a Trepart document (the schema shared with the server), and paste clean-up. */
export function contentExtensions(): AnyExtension[] {
  return [
    ...sharedContentExtensions({ checkboxLabel: (node) => node.textContent || t('editor.toolbar.taskList') }),
    PasteCleanup,
  ]
}
