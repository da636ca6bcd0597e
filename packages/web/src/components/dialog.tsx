/**
 * A modal dialog, a thin wrapper over Kobalte's Dialog: the rest of the page is inert and hidden
 * from screen readers, focus stays inside, Escape closes it, the title names it (aria-labelledby)
 * and focus goes back to what opened it. Render it only while open (`<Show>`), so its fields are
 * not in the page otherwise; `onClose` is asked to close it (Escape, a click outside).
 *
 * An opener that left the page meanwhile (its list was redrawn) is found again by its
 * `data-focus-key`; failing that, focus goes to `#main`, never to <body>, where a keyboard or
 * screen reader user would have to start the page over.
 */
import { Dialog as KDialog } from '@kobalte/core/dialog'
import type { JSX } from 'solid-js'
import './dialog.css'

/** The opener, or the element that now stands for it, or the page's main region. */
function returnTarget(opener: HTMLElement | null): HTMLElement | null {
  if (opener?.isConnected) return opener
  const key = opener?.dataset.focusKey
  const again = key ? document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`) : null
  return again ?? document.getElementById('main')
}

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
              returnTarget(opener)?.focus()
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
