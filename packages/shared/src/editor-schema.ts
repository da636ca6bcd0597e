/**
 * The content of a Trepart document as Tiptap extensions: headings (three levels), bold, italic,
 * underline, bulleted, numbered and task lists, block quotes, links (http, https, mailto only) and
 * tables. The web editor adds its editing behaviour around these (paste clean-up, collaboration,
 * toolbar); the server builds the same ProseMirror schema from them to read committed content as
 * ProseMirror JSON (content hashes now, rendering for public pages next). Free of DOM and i18n: what
 * the web app says is passed in.
 */
import type { AnyExtension } from '@tiptap/core'
import { getSchema } from '@tiptap/core'
import { TaskItem, TaskList } from '@tiptap/extension-list'
import { TableKit } from '@tiptap/extension-table'
import type { Node as ProseMirrorNode, Schema } from '@tiptap/pm/model'
import StarterKit from '@tiptap/starter-kit'
import { isAllowedLink } from './link-policy.js'

export interface ContentExtensionOptions {
  /** The accessible name of a task item's checkbox (the web app's, in the user's language). */
  checkboxLabel?: (node: ProseMirrorNode) => string
}

/** The nodes and marks of a Trepart document. */
export function contentExtensions(options: ContentExtensionOptions = {}): AnyExtension[] {
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
      ...(options.checkboxLabel ? { a11y: { checkboxLabel: options.checkboxLabel } } : {}),
    }),
    TableKit.configure({ table: { resizable: false } }),
  ]
}

let schema: Schema | null = null

/** The ProseMirror schema of a Trepart document (made once). */
export function contentSchema(): Schema {
  schema ??= getSchema(contentExtensions())
  return schema
}
