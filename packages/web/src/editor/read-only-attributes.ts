/**
 * Tells assistive technology when the editor cannot be edited: `aria-readonly`, and for a reader
 * the notice that says why (`aria-describedby`). Tiptap takes `editorProps.attributes` as a fixed
 * object; a plugin's `attributes` prop is a function ProseMirror calls on every view update,
 * including `setEditable`.
 */
import { Extension } from '@tiptap/core'
import { Plugin } from '@tiptap/pm/state'
import type { Accessor } from 'solid-js'

export const READ_ONLY_NOTICE_ID = 'read-only-notice'

export interface ReadOnlyAttributesOptions {
  editable: Accessor<boolean>
  /** The user may only read (rather than: the connection is closed). */
  readOnly: Accessor<boolean>
}

export const ReadOnlyAttributes = Extension.create<ReadOnlyAttributesOptions>({
  name: 'readOnlyAttributes',
  addOptions: () => ({ editable: () => true, readOnly: () => false }),
  addProseMirrorPlugins() {
    const { editable, readOnly } = this.options
    return [
      new Plugin({
        props: {
          attributes: (): Record<string, string> => ({
            'aria-readonly': editable() ? 'false' : 'true',
            ...(readOnly() ? { 'aria-describedby': READ_ONLY_NOTICE_ID } : {}),
          }),
        },
      }),
    ]
  },
})
