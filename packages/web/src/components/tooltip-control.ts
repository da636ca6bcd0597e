/**
 * How every tooltip in the app opens: after the same delay (`TOOLTIP_DELAY_MS`), never after a
 * press on its control until the pointer has left it, and never while something the control opened
 * is open (`blocked`, say its menu).
 *
 * Why: Kobalte's tooltip starts its delay when the pointer enters, and a click only hides a tooltip
 * already shown; it does not cancel the delay. So half a second after a press the tooltip appeared
 * above the menu (or dialog) the press had opened, as the topmost layer, and the user's Escape
 * closed the tooltip instead of the menu. Platform tooltips and Radix's stay away after a press.
 */
import { createSignal } from 'solid-js'
import { TOOLTIP_DELAY_MS } from './tooltip-delay.js'

export function tooltipControl(blocked?: () => boolean) {
  const [wanted, setWanted] = createSignal(false)
  let pressed = false
  return {
    /** For `<Tooltip {...tip.root}>`. */
    root: {
      openDelay: TOOLTIP_DELAY_MS,
      get open() {
        return wanted() && !blocked?.()
      },
      onOpenChange(open: boolean) {
        if (open && pressed) return
        setWanted(open)
      },
    },
    /** For `<Tooltip.Trigger {...tip.trigger}>`. */
    trigger: {
      onPointerDown() {
        pressed = true
        setWanted(false)
      },
      onPointerLeave() {
        pressed = false
      },
    },
  }
}
