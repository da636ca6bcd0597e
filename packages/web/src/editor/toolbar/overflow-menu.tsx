/**
 * "More tools": the groups that do not fit in the row, as a menu at its end. Items keep their
 * names, shortcuts and states: a toggle is a checkable item (menuitemcheckbox), what cannot apply
 * now is disabled, the text style is a set of radio items. Choosing one runs it and goes back to
 * the text; Escape returns to the menu's button.
 */
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { Tooltip } from '@kobalte/core/tooltip'
import Check from 'lucide-solid/icons/check'
import Ellipsis from 'lucide-solid/icons/ellipsis'
import { For, Index, Show } from 'solid-js'
import { Dynamic } from 'solid-js/web'
import { tooltipControl } from '../../components/tooltip-control.js'
import { t } from '../../lib/i18n/i18n.js'
import { afterClose } from './after-close.js'
import { BlockTypeItems } from './block-type-menu.js'
import { ariaShortcut, shortcutLabel } from './shortcut.js'
import { TipContent } from './tip.js'
import type { BlockType, Tool, ToolGroup } from './tools.js'

export interface OverflowMenuProps {
  groups: ToolGroup[]
  blockType: BlockType
  pressed: (tool: Tool) => boolean | undefined
  disabled: (tool: Tool) => boolean
  tabStop: boolean
  onFocus: () => void
  onRun: (tool: Tool) => void
  onChooseBlockType: (type: BlockType) => void
  ref?: (element: HTMLButtonElement) => void
}

/**
 * The shortcut of an item, shown after its name by CSS (`data-keys`) and given to assistive
 * technology as `aria-keyshortcuts`, so the item's visible text stays its accessible name.
 */
function keys(tool: Tool) {
  const shortcut = tool.shortcuts?.[0]
  return shortcut ? { 'data-keys': shortcutLabel(shortcut), 'aria-keyshortcuts': ariaShortcut(shortcut) } : {}
}

export function OverflowMenu(props: OverflowMenuProps) {
  const { choose, isOpen, onOpenChange, onCloseAutoFocus } = afterClose()
  const tip = tooltipControl(isOpen)
  return (
    <DropdownMenu
      // Not modal: the rest of the page stays as it is (hiding it from assistive technology while
      // the toolbar's own buttons stay focusable would be wrong), as in other editors' menus.
      modal={false}
      gutter={4}
      placement="bottom-end"
      onOpenChange={onOpenChange}
    >
      <Tooltip {...tip.root} placement="bottom" gutter={6}>
        <Tooltip.Trigger
          as={DropdownMenu.Trigger}
          {...tip.trigger}
          ref={props.ref}
          class="toolbar-button toolbar-more"
          data-tool="more"
          data-menu=""
          aria-label={t('editor.toolbar.more')}
          tabIndex={props.tabStop ? 0 : -1}
          onFocus={props.onFocus}
        >
          <Ellipsis aria-hidden="true" size={18} />
        </Tooltip.Trigger>
        <TipContent label={t('editor.toolbar.more')} />
      </Tooltip>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu toolbar-menu toolbar-overflow" onCloseAutoFocus={onCloseAutoFocus}>
          <Index each={props.groups}>
            {(group, i) => (
              <>
                <Show when={i > 0}>
                  <DropdownMenu.Separator class="menu-separator" />
                </Show>
                <DropdownMenu.Group>
                  <DropdownMenu.GroupLabel class="toolbar-menu-group">
                    {group().label()}
                  </DropdownMenu.GroupLabel>
                  <Show when={group().id === 'style'}>
                    <BlockTypeItems
                      current={props.blockType}
                      onChoose={(type) => choose(() => props.onChooseBlockType(type))}
                    />
                  </Show>
                  <For each={group().tools}>
                    {(tool) =>
                      tool.active ? (
                        <DropdownMenu.CheckboxItem
                          closeOnSelect
                          class="menu-item"
                          data-tool-item={tool.id}
                          {...keys(tool)}
                          checked={props.pressed(tool) ?? false}
                          disabled={props.disabled(tool)}
                          onChange={() => choose(() => props.onRun(tool))}
                        >
                          <DropdownMenu.ItemIndicator class="menu-indicator" forceMount>
                            <Check aria-hidden="true" size={16} />
                          </DropdownMenu.ItemIndicator>
                          <Dynamic component={tool.icon} aria-hidden="true" size={16} />
                          <DropdownMenu.ItemLabel class="toolbar-menu-label">
                            {tool.label()}
                          </DropdownMenu.ItemLabel>
                        </DropdownMenu.CheckboxItem>
                      ) : (
                        <DropdownMenu.Item
                          class="menu-item"
                          data-tool-item={tool.id}
                          {...keys(tool)}
                          disabled={props.disabled(tool)}
                          onSelect={() => choose(() => props.onRun(tool))}
                        >
                          <span class="menu-indicator" />
                          <Dynamic component={tool.icon} aria-hidden="true" size={16} />
                          <DropdownMenu.ItemLabel class="toolbar-menu-label">
                            {tool.label()}
                          </DropdownMenu.ItemLabel>
                        </DropdownMenu.Item>
                      )
                    }
                  </For>
                </DropdownMenu.Group>
              </>
            )}
          </Index>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  )
}
