/**
 * A toolbar menu's state as its button needs it: whether it is open (`isOpen`: the button's
 * tooltip stays away meanwhile), and its choice, run once the menu has closed and given the focus
 * back to its button: Kobalte focuses the button regardless, so a command run at once would lose
 * the focus it takes to the text (or the link form to its field). Wire `onOpenChange` to the menu
 * and `onCloseAutoFocus` to its content; items call `choose`.
 */
import { createSignal } from 'solid-js'

export function afterClose() {
  let chosen: (() => void) | null = null
  const [isOpen, setOpen] = createSignal(false)
  return {
    isOpen,
    choose(run: () => void) {
      chosen = run
    },
    onOpenChange(open: boolean) {
      setOpen(open)
      // A menu closed without a choice leaves nothing behind for the next time.
      if (open) chosen = null
    },
    onCloseAutoFocus() {
      const run = chosen
      chosen = null
      run?.()
    },
  }
}
