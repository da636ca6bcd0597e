/**
 * A row's action in the documents table as an icon button: its full name ("Endre tittel
 * «Budsjett»") for screen readers, the short one in a tooltip on hover and focus. Icons, not words,
 * so the actions take little of the row and the title keeps its room.
 */
import { Tooltip } from '@kobalte/core/tooltip'
import type { JSX } from 'solid-js'
import { tooltipControl } from '../../components/tooltip-control.js'

export function RowAction(props: {
  label: string
  subject: string
  icon: JSX.Element
  /** Names this button for a dialog it opens to find it again (components/dialog.tsx). */
  focusKey: string
  onClick: () => void
}) {
  const tip = tooltipControl()
  return (
    <Tooltip {...tip.root} placement="top">
      <Tooltip.Trigger
        {...tip.trigger}
        as="button"
        type="button"
        class="small row-action"
        data-focus-key={props.focusKey}
        onClick={props.onClick}
      >
        {props.icon}
        <span class="visually-hidden">
          {props.label} «{props.subject}»
        </span>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        {/* The button's own name says it; hidden here so it is not read twice. */}
        <Tooltip.Content class="row-action-tip">
          <span aria-hidden="true">{props.label}</span>
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip>
  )
}
