/**
 * What the formatting toolbar offers, in its groups and order: the text style menu, marks, lists,
 * insert, the table's own tools (only while the selection is in a table) and history. Each tool says
 * its name, icon, the shortcuts Tiptap binds for it (checked against the extensions' keymaps: bold
 * `Mod-b`, headings `Mod-Alt-1..3`, lists `Mod-Shift-7/8/9`, quote `Mod-Shift-b`, undo `Mod-z`,
 * redo `Shift-Mod-z` and `Mod-y`; links `Mod-k` is bound by toolbar-shortcuts.ts), what it does, and
 * whether it applies (pressed) or can apply (enabled) at the selection.
 */
import type { Editor } from '@tiptap/core'
// The commands' types (toggleBold, insertTable, toggleTaskList…) are declared by the extension
// packages; since the schema comes from @trepart/shared, nothing else in this program loads them.
import type {} from '@tiptap/extension-list'
import type {} from '@tiptap/extension-table'
import type {} from '@tiptap/starter-kit'
import BetweenHorizontalEnd from 'lucide-solid/icons/between-horizontal-end'
import BetweenHorizontalStart from 'lucide-solid/icons/between-horizontal-start'
import BetweenVerticalEnd from 'lucide-solid/icons/between-vertical-end'
import BetweenVerticalStart from 'lucide-solid/icons/between-vertical-start'
import Bold from 'lucide-solid/icons/bold'
import Columns2 from 'lucide-solid/icons/columns-2'
import Italic from 'lucide-solid/icons/italic'
import Link from 'lucide-solid/icons/link'
import List from 'lucide-solid/icons/list'
import ListOrdered from 'lucide-solid/icons/list-ordered'
import ListTodo from 'lucide-solid/icons/list-todo'
import PanelTop from 'lucide-solid/icons/panel-top'
import Redo2 from 'lucide-solid/icons/redo-2'
import Rows2 from 'lucide-solid/icons/rows-2'
import Table from 'lucide-solid/icons/table'
import TextQuote from 'lucide-solid/icons/text-quote'
import Trash from 'lucide-solid/icons/trash'
import Underline from 'lucide-solid/icons/underline'
import Undo2 from 'lucide-solid/icons/undo-2'
import type { Component, JSX } from 'solid-js'
import { t } from '../../lib/i18n/i18n.js'
import '../toolbar-messages.js'

export type Icon = Component<JSX.SvgSVGAttributes<SVGSVGElement> & { size?: number }>

export interface Tool {
  id: string
  label: () => string
  icon: Icon
  /** ProseMirror key names (`Mod-b`); the first is the one shown first. */
  shortcuts?: string[]
  run: (editor: Editor) => void
  /** For toggles: whether it applies at the selection (aria-pressed, or a checked menu item). */
  active?: (editor: Editor) => boolean
  enabled?: (editor: Editor) => boolean
}

export interface ToolGroup {
  id: 'style' | 'marks' | 'lists' | 'insert' | 'table' | 'history'
  label: () => string
  /** Empty for the text style group, which is a menu of its own. */
  tools: Tool[]
  /** Whether the group is in the row at all (the table's tools only in a table). */
  present?: (editor: Editor) => boolean
}

/** The block types of the text style menu. */
export interface BlockType {
  id: string
  label: () => string
  shortcut: string
  run: (editor: Editor) => void
  active: (editor: Editor) => boolean
}

const focused = (editor: Editor) => editor.chain().focus()

export const blockTypes: BlockType[] = [
  {
    id: 'paragraph',
    label: () => t('editor.toolbar.paragraph'),
    shortcut: 'Mod-Alt-0',
    run: (e) => focused(e).setParagraph().run(),
    active: (e) => !e.isActive('heading'),
  },
  ...([1, 2, 3] as const).map((level) => ({
    id: `heading-${level}`,
    label: () => t('editor.toolbar.heading', { level }),
    shortcut: `Mod-Alt-${level}`,
    run: (e: Editor) => focused(e).setHeading({ level }).run(),
    active: (e: Editor) => e.isActive('heading', { level }),
  })),
]

const inTable = (e: Editor) => e.isActive('table')

/** The table "Sett inn tabell" inserts: room for a few items and a header row to name the columns. */
const NEW_TABLE = { rows: 3, cols: 3, withHeaderRow: true } as const

/** Whether the first row of the table around the selection is a header row. */
function hasHeaderRow(editor: Editor): boolean {
  const { $from } = editor.state.selection
  for (let depth = $from.depth; depth > 0; depth--) {
    const node = $from.node(depth)
    if (node.type.name === 'table') return node.firstChild?.firstChild?.type.name === 'tableHeader'
  }
  return false
}

/** The toolbar's groups; `openLink` opens the link form for the link tool. */
export function toolGroups(openLink: (editor: Editor) => void): ToolGroup[] {
  return [
    { id: 'style', label: () => t('editor.toolbar.group.style'), tools: [] },
    {
      id: 'marks',
      label: () => t('editor.toolbar.group.marks'),
      tools: [
        {
          id: 'bold',
          label: () => t('editor.toolbar.bold'),
          icon: Bold,
          shortcuts: ['Mod-b'],
          run: (e) => focused(e).toggleBold().run(),
          active: (e) => e.isActive('bold'),
        },
        {
          id: 'italic',
          label: () => t('editor.toolbar.italic'),
          icon: Italic,
          shortcuts: ['Mod-i'],
          run: (e) => focused(e).toggleItalic().run(),
          active: (e) => e.isActive('italic'),
        },
        {
          id: 'underline',
          label: () => t('editor.toolbar.underline'),
          icon: Underline,
          shortcuts: ['Mod-u'],
          run: (e) => focused(e).toggleUnderline().run(),
          active: (e) => e.isActive('underline'),
        },
        {
          id: 'link',
          label: () => t('editor.toolbar.link'),
          icon: Link,
          shortcuts: ['Mod-k'],
          run: openLink,
          active: (e) => e.isActive('link'),
        },
      ],
    },
    {
      id: 'lists',
      label: () => t('editor.toolbar.group.lists'),
      tools: [
        {
          id: 'bullet-list',
          label: () => t('editor.toolbar.bulletList'),
          icon: List,
          shortcuts: ['Mod-Shift-8'],
          run: (e) => focused(e).toggleBulletList().run(),
          active: (e) => e.isActive('bulletList'),
        },
        {
          id: 'ordered-list',
          label: () => t('editor.toolbar.orderedList'),
          icon: ListOrdered,
          shortcuts: ['Mod-Shift-7'],
          run: (e) => focused(e).toggleOrderedList().run(),
          active: (e) => e.isActive('orderedList'),
        },
        {
          id: 'task-list',
          label: () => t('editor.toolbar.taskList'),
          icon: ListTodo,
          shortcuts: ['Mod-Shift-9'],
          run: (e) => focused(e).toggleTaskList().run(),
          active: (e) => e.isActive('taskList'),
        },
        {
          id: 'blockquote',
          label: () => t('editor.toolbar.blockquote'),
          icon: TextQuote,
          shortcuts: ['Mod-Shift-b'],
          run: (e) => focused(e).toggleBlockquote().run(),
          active: (e) => e.isActive('blockquote'),
        },
      ],
    },
    {
      id: 'insert',
      label: () => t('editor.toolbar.group.insert'),
      tools: [
        {
          id: 'table',
          label: () => t('editor.toolbar.table'),
          icon: Table,
          run: (e) => focused(e).insertTable(NEW_TABLE).run(),
          enabled: (e) => !inTable(e),
        },
      ],
    },
    {
      id: 'table',
      label: () => t('editor.toolbar.group.table'),
      present: inTable,
      tools: [
        {
          id: 'add-row-before',
          label: () => t('editor.toolbar.addRowBefore'),
          icon: BetweenHorizontalStart,
          run: (e) => focused(e).addRowBefore().run(),
          enabled: (e) => e.can().addRowBefore(),
        },
        {
          id: 'add-row-after',
          label: () => t('editor.toolbar.addRowAfter'),
          icon: BetweenHorizontalEnd,
          run: (e) => focused(e).addRowAfter().run(),
          enabled: (e) => e.can().addRowAfter(),
        },
        {
          id: 'delete-row',
          label: () => t('editor.toolbar.deleteRow'),
          icon: Rows2,
          run: (e) => focused(e).deleteRow().run(),
          enabled: (e) => e.can().deleteRow(),
        },
        {
          id: 'add-column-before',
          label: () => t('editor.toolbar.addColumnBefore'),
          icon: BetweenVerticalStart,
          run: (e) => focused(e).addColumnBefore().run(),
          enabled: (e) => e.can().addColumnBefore(),
        },
        {
          id: 'add-column-after',
          label: () => t('editor.toolbar.addColumnAfter'),
          icon: BetweenVerticalEnd,
          run: (e) => focused(e).addColumnAfter().run(),
          enabled: (e) => e.can().addColumnAfter(),
        },
        {
          id: 'delete-column',
          label: () => t('editor.toolbar.deleteColumn'),
          icon: Columns2,
          run: (e) => focused(e).deleteColumn().run(),
          enabled: (e) => e.can().deleteColumn(),
        },
        {
          id: 'header-row',
          label: () => t('editor.toolbar.headerRow'),
          icon: PanelTop,
          run: (e) => focused(e).toggleHeaderRow().run(),
          active: hasHeaderRow,
          enabled: (e) => e.can().toggleHeaderRow(),
        },
        {
          id: 'delete-table',
          label: () => t('editor.toolbar.deleteTable'),
          icon: Trash,
          run: (e) => focused(e).deleteTable().run(),
          enabled: (e) => e.can().deleteTable(),
        },
      ],
    },
    {
      id: 'history',
      label: () => t('editor.toolbar.group.history'),
      tools: [
        {
          id: 'undo',
          label: () => t('editor.toolbar.undo'),
          icon: Undo2,
          shortcuts: ['Mod-z'],
          run: (e) => focused(e).undo().run(),
          enabled: (e) => e.can().undo(),
        },
        {
          id: 'redo',
          label: () => t('editor.toolbar.redo'),
          icon: Redo2,
          shortcuts: ['Shift-Mod-z', 'Mod-y'],
          run: (e) => focused(e).redo().run(),
          enabled: (e) => e.can().redo(),
        },
      ],
    },
  ]
}
