/**
 * One icon button of the toolbar with its tooltip. Toggles say whether they apply with
 * `aria-pressed`; what cannot apply now is `aria-disabled`, still focusable, so the row does not
 * shift under the keyboard. A mouse press does not take the focus from the text.
 */
import { Tooltip } from '@kobalte/core/tooltip'
import { Dynamic } from 'solid-js/web'
import { tooltipControl } from '../../components/tooltip-control.js'
import { ariaShortcut } from './shortcut.js'
import { TipContent } from './tip.js'
import type { Tool } from './tools.js'

export interface ToolButtonProps {
  tool: Tool
  pressed: boolean | undefined
  disabled: boolean
  tabStop: boolean
  onFocus: () => void
  onRun: () => void
  ref?: (element: HTMLButtonElement) => void
}

export function ToolButton(props: ToolButtonProps) {
  const tip = tooltipControl()
  return (
    <Tooltip {...tip.root} placement="bottom" gutter={6}>
      <Tooltip.Trigger
        {...tip.trigger}
        ref={props.ref}
        class="toolbar-button"
        data-tool={props.tool.id}
        aria-label={props.tool.label()}
        aria-keyshortcuts={props.tool.shortcuts?.map((s) => ariaShortcut(s)).join(' ') || undefined}
        aria-pressed={props.pressed === undefined ? undefined : props.pressed ? 'true' : 'false'}
        aria-disabled={props.disabled ? 'true' : undefined}
        tabIndex={props.tabStop ? 0 : -1}
        onMouseDown={(event: MouseEvent) => event.preventDefault()}
        onFocus={props.onFocus}
        onClick={() => {
          if (!props.disabled) props.onRun()
        }}
      >
        <Dynamic component={props.tool.icon} aria-hidden="true" size={18} />
      </Tooltip.Trigger>
      <TipContent label={props.tool.label()} shortcuts={props.tool.shortcuts} />
    </Tooltip>
  )
}
