/**
 * The text style menu at the start of the toolbar (as Google Docs' style picker): it says the block
 * type at the selection (body text or heading 1–3) and sets another. Choosing one goes back to the
 * text; Escape returns to the menu's button.
 */
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { Tooltip } from '@kobalte/core/tooltip'
import type { Editor } from '@tiptap/core'
import Check from 'lucide-solid/icons/check'
import ChevronDown from 'lucide-solid/icons/chevron-down'
import { For } from 'solid-js'
import { tooltipControl } from '../../components/tooltip-control.js'
import { t } from '../../lib/i18n/i18n.js'
import { afterClose } from './after-close.js'
import { ariaShortcut, shortcutLabel } from './shortcut.js'
import { TipContent } from './tip.js'
import { type BlockType, blockTypes } from './tools.js'

/** The block type at the selection (body text when none of the others applies). */
export function currentBlockType(editor: Editor | null): BlockType {
  const found = editor ? blockTypes.slice(1).find((b) => b.active(editor)) : undefined
  return found ?? (blockTypes[0] as BlockType)
}

/** The block types as menu items, for this menu and for the overflow menu. */
export function BlockTypeItems(props: { current: BlockType; onChoose: (type: BlockType) => void }) {
  return (
    <DropdownMenu.RadioGroup
      value={props.current.id}
      onChange={(id) => {
        const type = blockTypes.find((b) => b.id === id)
        if (type) props.onChoose(type)
      }}
    >
      <For each={blockTypes}>
        {(type) => (
          <DropdownMenu.RadioItem
            closeOnSelect
            class="menu-item"
            value={type.id}
            data-block-type={type.id}
            data-keys={shortcutLabel(type.shortcut)}
            aria-keyshortcuts={ariaShortcut(type.shortcut)}
          >
            <DropdownMenu.ItemIndicator class="menu-indicator" forceMount>
              <Check aria-hidden="true" size={16} />
            </DropdownMenu.ItemIndicator>
            <DropdownMenu.ItemLabel class={`toolbar-menu-label block-type-${type.id}`}>
              {type.label()}
            </DropdownMenu.ItemLabel>
          </DropdownMenu.RadioItem>
        )}
      </For>
    </DropdownMenu.RadioGroup>
  )
}

export interface BlockTypeMenuProps {
  current: BlockType
  tabStop: boolean
  onFocus: () => void
  onChoose: (type: BlockType) => void
}

export function BlockTypeMenu(props: BlockTypeMenuProps) {
  const { choose, isOpen, onOpenChange, onCloseAutoFocus } = afterClose()
  const tip = tooltipControl(isOpen)
  return (
    <DropdownMenu
      // Not modal: the rest of the page stays as it is (hiding it from assistive technology while
      // the toolbar's own buttons stay focusable would be wrong), as in other editors' menus.
      modal={false}
      gutter={4}
      placement="bottom-start"
      onOpenChange={onOpenChange}
    >
      <Tooltip {...tip.root} placement="bottom" gutter={6}>
        <Tooltip.Trigger
          as={DropdownMenu.Trigger}
          {...tip.trigger}
          class="toolbar-button toolbar-block-type"
          data-tool="block-type"
          data-menu=""
          aria-label={t('editor.toolbar.blockTypeCurrent', { type: props.current.label() })}
          tabIndex={props.tabStop ? 0 : -1}
          onFocus={props.onFocus}
        >
          <span class="toolbar-block-type-label">{props.current.label()}</span>
          <ChevronDown aria-hidden="true" size={16} />
        </Tooltip.Trigger>
        <TipContent label={t('editor.toolbar.blockType')} />
      </Tooltip>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu toolbar-menu" onCloseAutoFocus={onCloseAutoFocus}>
          <BlockTypeItems current={props.current} onChoose={(type) => choose(() => props.onChoose(type))} />
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  )
}
