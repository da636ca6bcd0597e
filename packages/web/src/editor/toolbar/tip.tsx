/**
 * The tooltip of a toolbar control: its name and, where there is one, its keyboard shortcut in the
 * platform's notation. (The control has its own accessible name and `aria-keyshortcuts`; a tooltip
 * must have a name of its own too, so its text is not hidden from assistive technology.)
 */
import { Tooltip } from '@kobalte/core/tooltip'
import { Show } from 'solid-js'
import { shortcutLabel } from './shortcut.js'

export function TipContent(props: { label: string; shortcuts?: readonly string[] }) {
  return (
    <Tooltip.Portal>
      <Tooltip.Content class="tooltip toolbar-tooltip">
        <span>{props.label}</span>
        <Show when={props.shortcuts?.length}>
          <kbd class="toolbar-tooltip-keys">{props.shortcuts?.map((s) => shortcutLabel(s)).join(' / ')}</kbd>
        </Show>
      </Tooltip.Content>
    </Tooltip.Portal>
  )
}
