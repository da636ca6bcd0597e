/**
 * A modal dialog, a thin wrapper over Kobalte's Dialog: the rest of the page is inert and hidden
 * from screen readers, focus stays inside, Escape closes it, the title names it (aria-labelledby)
 * and focus goes back to what opened it. Render it only while open (`<Show>`), so its fields are
 * not in the page otherwise; `onClose` is asked to close it (Escape, a click outside).
 */
import { Dialog as KDialog } from '@kobalte/core/dialog'
import type { JSX } from 'solid-js'
import './dialog.css'

export function Dialog(props: { title: string; onClose: () => void; children: JSX.Element }) {
  // Kobalte returns focus to its own Trigger; these dialogs are opened by buttons of their callers.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null

  return (
    <KDialog open onOpenChange={(open) => !open && props.onClose()}>
      <KDialog.Portal>
        <KDialog.Overlay class="dialog-overlay" />
        <div class="dialog-position">
          <KDialog.Content
            class="dialog"
            onOpenAutoFocus={(event) => {
              // A marked control (Cancel, before a step that cannot be undone), else the first field or button.
              const content = event.currentTarget as HTMLElement
              const marked = content.querySelector<HTMLElement>('[data-autofocus]')
              if (!marked) return
              event.preventDefault()
              marked.focus()
            }}
            onCloseAutoFocus={(event) => {
              event.preventDefault()
              if (opener?.isConnected) opener.focus()
            }}
          >
            <KDialog.Title as="h2">{props.title}</KDialog.Title>
            {props.children}
          </KDialog.Content>
        </div>
      </KDialog.Portal>
    </KDialog>
  )
}
