/**
 * How every tooltip in the app opens: after the same delay, never after a press on its control
 * until the pointer has left it, and never while something the control opened is open (`blocked`,
 * say its menu), nor because of anything asked before that closed again.
 *
 * Why: Kobalte's tooltip starts its delay when the pointer enters, and a click only hides a tooltip
 * already shown; it does not cancel the delay. So half a second after a press the tooltip appeared
 * above the menu (or dialog) the press had opened, as the topmost layer, and the user's Escape
 * closed the tooltip instead of the menu. Platform tooltips and Radix's stay away after a press.
 */
import { createComputed, createSignal } from 'solid-js'

/**
 * How long the pointer rests on a control before its tooltip shows, the same everywhere so tooltips
 * feel alike across the app (keyboard focus shows them at once). Long enough that moving the pointer
 * across a row of icons does not flash a tooltip for each.
 */
export const TOOLTIP_DELAY_MS = 500

export function tooltipControl(blocked?: () => boolean) {
  const [wanted, setWanted] = createSignal(false)
  let pressed = false
  // A tooltip shown when its menu opened (keyboard focus shows it at once) is not wanted after:
  // Kobalte does not hide a tooltip it holds closed, so it would come back when the menu closes.
  if (blocked)
    createComputed(() => {
      if (blocked()) setWanted(false)
    })
  return {
    /** For `<Tooltip {...tip.root}>`. */
    root: {
      openDelay: TOOLTIP_DELAY_MS,
      get open() {
        return wanted() && !blocked?.()
      },
      onOpenChange(open: boolean) {
        if (open && (pressed || blocked?.())) return
        setWanted(open)
      },
    },
    /** For `<Tooltip.Trigger {...tip.trigger}>`. */
    trigger: {
      onPointerDown() {
        pressed = true
        setWanted(false)
      },
      // On enter too: a leave can be lost (the control disabled under the pointer, a layer over it).
      onPointerEnter() {
        pressed = false
      },
      onPointerLeave() {
        pressed = false
      },
    },
  }
}
