/** Route `/reset/:token`: set a new password with a one-time link from an administrator. */
import { createSignal, Show } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { SiteHeader } from '../components/site-header.js'
import { api, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { followLink } from '../router.js'

export function ResetPage(props: { token: string }) {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [done, setDone] = createSignal(false)
  document.title = 'Nytt passord – Trepart'

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy()) return
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError('')
    try {
      await api.resetPassword({ token: props.token, newPassword: String(form.get('password') ?? '') })
      setDone(true)
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <SiteHeader />
      <main class="narrow">
        <h1 tabIndex={-1}>Sett nytt passord</h1>
        <Show
          when={!done()}
          fallback={
            <p role="status">
              Passordet er endret, og du er logget ut overalt.{' '}
              <a href="/login" onClick={followLink}>
                Logg inn med det nye passordet
              </a>
              .
            </p>
          }
        >
          <form class="stack" onSubmit={submit} aria-describedby="reset-error">
            <div class="field">
              <label for="reset-password">Nytt passord</label>
              <input
                id="reset-password"
                name="password"
                type="password"
                autocomplete="new-password"
                maxLength={TEXT_LIMITS.passwordMax}
                aria-describedby="reset-password-hint"
                required
              />
              <span id="reset-password-hint" class="hint">
                Velg et langt passord, gjerne flere ord.
              </span>
            </div>
            <FormError id="reset-error" message={error()} />
            <button type="submit" class="primary" aria-disabled={busy() ? 'true' : undefined}>
              {busy() ? 'Lagrer …' : 'Lagre nytt passord'}
            </button>
          </form>
        </Show>
      </main>
    </>
  )
}
