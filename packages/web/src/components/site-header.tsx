/** The banner of every page: the way home and, when signed in, who you are and "Logg ut". */
import { createSignal, Show } from 'solid-js'
import { api, isStatus } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { followLink, navigate } from '../router.js'

export function SiteHeader(props: { userName?: string | undefined }) {
  const [error, setError] = createSignal('')
  const logOut = async () => {
    setError('')
    try {
      await api.logout()
    } catch (e) {
      // 401: the session had already ended, which is what the user wanted.
      if (!isStatus(e, 401)) {
        setError(errorMessage(e))
        return
      }
    }
    navigate('/login')
  }

  return (
    <header class="site-header">
      <nav aria-label="Hovedmeny">
        <a class="brand" href="/" onClick={followLink}>
          Trepart
        </a>
      </nav>
      <Show when={props.userName}>
        {(name) => (
          <div class="account">
            <span>
              Logget inn som <strong>{name()}</strong>
            </span>
            <button type="button" onClick={logOut}>
              Logg ut
            </button>
          </div>
        )}
      </Show>
      <div class="header-error" role="alert">
        <Show when={error()}>
          <p class="error">{error()}</p>
        </Show>
      </div>
    </header>
  )
}
