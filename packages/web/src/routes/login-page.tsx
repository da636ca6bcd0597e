/** Route `/login`: email and password; back to where the user came from (`?next=`) or home. */
import { createSignal } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { SiteHeader } from '../components/site-header.js'
import { api, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { followLink, navigate, nextPath } from '../router.js'

export function LoginPage() {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  document.title = 'Logg inn – Trepart'

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    if (busy()) return
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError('')
    try {
      await api.login({
        email: String(form.get('email') ?? ''),
        password: String(form.get('password') ?? ''),
      })
      navigate(nextPath(location.search), { replace: true })
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
        <h1 tabIndex={-1}>Logg inn</h1>
        <form class="stack" onSubmit={submit} aria-describedby="login-error">
          <div class="field">
            <label for="login-email">E-postadresse</label>
            <input
              id="login-email"
              name="email"
              type="email"
              autocomplete="username"
              maxLength={TEXT_LIMITS.emailMax}
              required
            />
          </div>
          <div class="field">
            <label for="login-password">Passord</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autocomplete="current-password"
              maxLength={TEXT_LIMITS.passwordMax}
              required
            />
          </div>
          <FormError id="login-error" message={error()} />
          <button type="submit" class="primary" aria-disabled={busy() ? 'true' : undefined}>
            {busy() ? 'Logger inn …' : 'Logg inn'}
          </button>
        </form>
        <h2>Ny i Trepart?</h2>
        <p>
          Du blir med i et arbeidsrom gjennom en invitasjonslenke fra en administrator. Den første på en ny
          server oppretter kontoen sin uten invitasjon:{' '}
          <a href="/signup" onClick={followLink}>
            Opprett konto
          </a>
          .
        </p>
        <p>Glemt passordet? Be en administrator i arbeidsrommet om en lenke for å sette nytt passord.</p>
      </main>
    </>
  )
}
