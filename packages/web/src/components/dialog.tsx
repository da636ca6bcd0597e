/**
 * A modal dialog on the native <dialog> element: `showModal()` makes the rest of the page inert and
 * keeps keyboard focus inside; Escape closes it; focus goes back to what opened it. Render it only
 * while open (`<Show>`), so its fields are not in the page otherwise.
 */
import { createUniqueId, type JSX, onCleanup, onMount } from 'solid-js'

export function Dialog(props: { title: string; onClose: () => void; children: JSX.Element }) {
  let dialog: HTMLDialogElement | undefined
  const headingId = createUniqueId()
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null

  onMount(() => {
    dialog?.showModal()
    // A marked control (Cancel, before a step that cannot be undone), else the first field or button.
    const first =
      dialog?.querySelector<HTMLElement>('[data-autofocus]') ??
      dialog?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea, button')
    first?.focus()
  })
  onCleanup(() => {
    if (dialog?.open) dialog.close()
    if (opener?.isConnected) opener.focus()
  })

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby={headingId}
      onCancel={(event) => {
        event.preventDefault()
        props.onClose()
      }}
    >
      <h2 id={headingId}>{props.title}</h2>
      {props.children}
    </dialog>
  )
}
