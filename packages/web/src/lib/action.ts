/**
 * One user action at a time (a form submit, a button): `busy` while it runs, the error it ended
 * with (kept as the error, so its text follows a change of language), and no double submits.
 */
import { createSignal } from 'solid-js'
import { errorMessage } from './error-messages.js'
import { createFormValidation } from './field-validation.js'

export function createAction() {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal<unknown>(null)
  return {
    busy,
    error,
    /** The error's text in the current language, or '' when there is none. */
    message: () => (error() === null ? '' : errorMessage(error())),
    clear: () => setError(null),
    /** Runs `action` unless one is running; resolves to whether it succeeded. */
    async run(action: () => Promise<void>): Promise<boolean> {
      if (busy()) return false
      setBusy(true)
      setError(null)
      try {
        await action()
        return true
      } catch (e) {
        setError(e)
        return false
      } finally {
        setBusy(false)
      }
    },
  }
}

/** A form's field as text. */
export function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '')
}

/**
 * A form's submit handler: keeps the browser from submitting, checks the fields with our own
 * messages (field-validation.ts; the form should be `novalidate`) and, when they pass, hands
 * `handle` the form's fields. Call it in a component (the validation lives as long as it).
 */
export function formSubmit(handle: (form: FormData) => void): (event: SubmitEvent) => void {
  const validation = createFormValidation()
  return (event) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    if (validation.check(form)) handle(new FormData(form))
  }
}
