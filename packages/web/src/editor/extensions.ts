/**
 * The document schema and editing behaviour: headings (three levels), bold, italic, underline,
 * bulleted, numbered and task lists, block quotes, links (http, https, mailto only) and tables;
 * undo and redo come from the Collaboration extension (Yjs' undo manager: only one's own changes).
 * Pasted HTML is cleaned first (paste-cleanup.ts).
 *
 * The content part ({@link contentExtensions}) is what the server will need to render the same
 * documents as HTML; it belongs in `@trepart/shared` once the server renders documents.
 */
import { type AnyExtension, Extension } from '@tiptap/core'
import { TaskItem, TaskList } from '@tiptap/extension-list'
import { TableKit } from '@tiptap/extension-table'
import StarterKit from '@tiptap/starter-kit'
import { t } from '../lib/i18n/i18n.js'
import { isAllowedLink } from './link-policy.js'
import './messages.js'
import { cleanPastedHtml } from './paste-cleanup.js'
// The task list's checkbox is labelled with the toolbar's name for it (editor.toolbar.taskList).
import './toolbar-messages.js'

const PasteCleanup = Extension.create({
  name: 'pasteCleanup',
  transformPastedHTML: (html) => cleanPastedHtml(html),
})

/** The nodes and marks of a Trepart document. */
export function contentExtensions(): AnyExtension[] {
  return [
    StarterKit.configure({
      // Collaboration brings its own undo (Yjs' undo manager).
      undoRedo: false,
      heading: { levels: [1, 2, 3] },
      code: false,
      codeBlock: false,
      strike: false,
      link: {
        openOnClick: false,
        autolink: true,
        defaultProtocol: 'https',
        protocols: [],
        isAllowedUri: (url) => isAllowedLink(url),
        shouldAutoLink: (url) => isAllowedLink(/^[a-z][a-z0-9+.-]*:/i.test(url) ? url : `https://${url}`),
        HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: null },
      },
    }),
    TaskList,
    TaskItem.configure({
      nested: true,
      a11y: { checkboxLabel: (node) => node.textContent || t('editor.toolbar.taskList') },
    }),
    TableKit.configure({ table: { resizable: false } }),
    PasteCleanup,
  ]
}
