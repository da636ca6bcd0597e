/**
 * Routes `/signup` and `/invite/:token`: create an account (email, name, password). With an
 * invitation it first says what the invitation is for; someone already signed in joins with
 * "Bli med" instead. The first account on a fresh server needs no invitation.
 */
import { createResource, createSignal, Match, Show, Switch } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { PartyBadge } from '../components/party.js'
import { SiteHeader } from '../components/site-header.js'
import { api, type InvitationPreview, isStatus, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { ROLE_LABELS } from '../lib/labels.js'
import { followLink, navigate } from '../router.js'

const INVALID_REASONS: Record<string, string> = {
  expired: 'Invitasjonen har utløpt.',
  used_up: 'Invitasjonen er allerede brukt.',
  revoked: 'Invitasjonen er trukket tilbake.',
}

/** The signed-in user, or null when nobody is signed in. */
async function currentUser() {
  try {
    return (await api.me()).user
  } catch (e) {
    if (isStatus(e, 401)) return null
    throw e
  }
}

export function SignupPage(props: { invitationToken: string | null }) {
  const token = props.invitationToken
  const [me] = createResource(currentUser)
  const [invitation] = createResource(
    () => token,
    (t) => api.invitation(t),
  )
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  document.title = token ? 'Invitasjon – Trepart' : 'Opprett konto – Trepart'

  const run = async (action: () => Promise<void>) => {
    if (busy()) return
    setBusy(true)
    setError('')
    try {
      await action()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }

  const signup = (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    void run(async () => {
      await api.signup({
        email: String(form.get('email') ?? ''),
        name: String(form.get('name') ?? ''),
        password: String(form.get('password') ?? ''),
        ...(token ? { invitationToken: token } : {}),
      })
      navigate('/', { replace: true })
    })
  }

  const join = () =>
    run(async () => {
      const { workspaceId } = await api.acceptInvitation(token!)
      navigate(`/w/${workspaceId}`, { replace: true })
    })

  const loaded = () => me.state === 'ready' && (!token || invitation.state === 'ready')
  const usable = () => !token || (invitation.state === 'ready' && invitation()!.valid)

  return (
    <>
      <SiteHeader userName={me.state === 'ready' ? me()?.name : undefined} />
      <main class="narrow">
        <h1 tabIndex={-1}>{token ? 'Invitasjon til Trepart' : 'Opprett konto'}</h1>
        <Switch>
          <Match when={invitation.error || me.error}>
            <p class="error" role="alert">
              {isStatus(invitation.error, 404)
                ? 'Invitasjonen finnes ikke. Sjekk at du har hele lenken.'
                : errorMessage(invitation.error ?? me.error)}
            </p>
          </Match>
          <Match when={!loaded()}>
            <p class="loading">Laster …</p>
          </Match>
          <Match when={loaded()}>
            <Show when={token ? invitation() : undefined}>
              {(preview) => <InvitationSummary preview={preview()} />}
            </Show>
            <Switch>
              <Match when={!usable()}>
                <p>Be den som inviterte deg om en ny lenke.</p>
              </Match>
              <Match when={me() && token}>
                <p>
                  Du er logget inn som <strong>{me()!.name}</strong>.
                </p>
                <FormError id="signup-error" message={error()} />
                <button type="button" class="primary" onClick={join}>
                  Bli med
                </button>
              </Match>
              <Match when={me()}>
                <p>
                  Du er allerede logget inn som <strong>{me()!.name}</strong>.{' '}
                  <a href="/" onClick={followLink}>
                    Til arbeidsrommene dine
                  </a>
                </p>
              </Match>
              <Match when={!me()}>
                <SignupForm onSubmit={signup} busy={busy()} error={error()} />
                <p>
                  Har du allerede en konto?{' '}
                  <a
                    href={token ? `/login?next=${encodeURIComponent(`/invite/${token}`)}` : '/login'}
                    onClick={followLink}
                  >
                    Logg inn
                  </a>
                  {token ? ' og bli med derfra.' : '.'}
                </p>
                <Show when={!token}>
                  <p class="hint">
                    Bare den første kontoen på en ny server kan opprettes uten invitasjon. Ellers trenger du
                    en invitasjonslenke fra en administrator.
                  </p>
                </Show>
              </Match>
            </Switch>
          </Match>
        </Switch>
      </main>
    </>
  )
}

function InvitationSummary(props: { preview: InvitationPreview }) {
  return (
    <section class="invitation" aria-labelledby="invitation-heading">
      <h2 id="invitation-heading">Du er invitert til {props.preview.workspace.name}</h2>
      <dl class="facts">
        <dt>Part</dt>
        <dd>
          <PartyBadge party={props.preview.party} />
        </dd>
        <dt>Rolle</dt>
        <dd>{ROLE_LABELS[props.preview.role]}</dd>
      </dl>
      <Show when={!props.preview.valid}>
        <p class="error" role="alert">
          {INVALID_REASONS[props.preview.reason ?? ''] ?? 'Invitasjonen kan ikke brukes.'}
        </p>
      </Show>
    </section>
  )
}

function SignupForm(props: { onSubmit: (event: SubmitEvent) => void; busy: boolean; error: string }) {
  return (
    <form class="stack" onSubmit={props.onSubmit} aria-describedby="signup-error">
      <div class="field">
        <label for="signup-email">E-postadresse</label>
        <input
          id="signup-email"
          name="email"
          type="email"
          autocomplete="email"
          maxLength={TEXT_LIMITS.emailMax}
          required
        />
      </div>
      <div class="field">
        <label for="signup-name">Navn</label>
        <input
          id="signup-name"
          name="name"
          autocomplete="name"
          maxLength={TEXT_LIMITS.nameMax}
          aria-describedby="signup-name-hint"
          required
        />
        <span id="signup-name-hint" class="hint">
          Vises for de andre i arbeidsrommet og ved markøren din.
        </span>
      </div>
      <div class="field">
        <label for="signup-password">Passord</label>
        <input
          id="signup-password"
          name="password"
          type="password"
          autocomplete="new-password"
          maxLength={TEXT_LIMITS.passwordMax}
          aria-describedby="signup-password-hint"
          required
        />
        <span id="signup-password-hint" class="hint">
          Velg et langt passord, gjerne flere ord.
        </span>
      </div>
      <FormError id="signup-error" message={props.error} />
      <button type="submit" class="primary" aria-disabled={props.busy ? 'true' : undefined}>
        {props.busy ? 'Oppretter konto …' : 'Opprett konto'}
      </button>
    </form>
  )
}
