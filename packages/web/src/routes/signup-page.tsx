/**
 * Routes `/signup` and `/invite/:token`: create an account (email, name, password). With an
 * invitation it first says what the invitation is for; someone already signed in joins with
 * "Bli med" instead; either way the person lands in that workspace. The first account on a fresh
 * server needs no invitation (but, on a server reachable from a network, the set-up token it wrote
 * to its data folder: `/signup?setup=<token>`).
 * A new account gets the language in use on this page (lib/session.ts).
 *
 * The server answers a sign-up the same whether or not the email already has an account, so it
 * tells nobody which emails exist; the page then signs in with the same email and password. For a
 * new account that works; for a taken email it fails as a wrong password would (unless it was the
 * owner with their own password, who is then simply signed in and joins with the invitation).
 */
import { createResource, Match, Show, Switch } from 'solid-js'
import { NameField, NewPasswordField } from '../components/account-fields.js'
import { FormError } from '../components/form-error.js'
import { PartyBadge } from '../components/party.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { SubmitButton } from '../components/submit-button.js'
import { createAction, field, formSubmit } from '../lib/action.js'
import { ApiError, api, type InvitationPreview, isStatus, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage, SIGNUP_NOT_SIGNED_IN } from '../lib/error-messages.js'
import { locale, t } from '../lib/i18n/i18n.js'
import { formatTime, roleHint, roleLabel } from '../lib/labels.js'
import '../lib/messages/auth.js'
import { usePageTitle } from '../lib/page-title.js'
import { adoptUser, loadMe } from '../lib/session.js'
import { followLink, navigate } from '../router.js'

/** The signed-in user, or null when nobody is signed in. */
async function currentUser() {
  try {
    return (await loadMe()).user
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
    (value) => api.invitation(value),
  )
  const action = createAction()
  usePageTitle(() => (token ? t('auth.invite.page_title') : t('auth.signup.title')))

  const setupToken = new URLSearchParams(location.search).get('setup')
  // Read once, then out of the address bar and the history: it is a secret until the first account exists.
  if (setupToken) history.replaceState(history.state, '', location.pathname)
  const signup = formSubmit((form) => {
    void action.run(async () => {
      const email = field(form, 'email')
      const password = field(form, 'password')
      await api.signup({
        email,
        name: field(form, 'name'),
        password,
        locale: locale(),
        ...(token ? { invitationToken: token } : {}),
        ...(setupToken ? { setupToken } : {}),
      })
      const { user } = await api.login({ email, password }).catch((e: unknown) => {
        // On a sign-up page "wrong email or password" would puzzle: say what it can mean here.
        if (isStatus(e, 401)) throw new ApiError(401, SIGNUP_NOT_SIGNED_IN, e.message)
        throw e
      })
      adoptUser(user)
      const workspaceId = token ? await joinedWorkspace(token, invitation()?.workspace.name) : null
      // Accepting an invitation lands in its workspace; a plain sign-up on the list of workspaces.
      navigate(workspaceId ? `/w/${workspaceId}` : '/', { replace: true })
    })
  })

  const join = () =>
    action.run(async () => {
      const workspaceId = await api.acceptInvitation(token!).then(
        (joined) => joined.workspaceId,
        async (e: unknown) => {
          // Already a member: this is where the link leads, so go there rather than stop at an error.
          const found = isStatus(e, 409) ? await joinedWorkspace(token!, invitation()?.workspace.name) : null
          if (!found) throw e
          return found
        },
      )
      navigate(`/w/${workspaceId}`, { replace: true })
    })

  const loaded = () => me.state === 'ready' && (!token || invitation.state === 'ready')
  const usable = () => !token || (invitation.state === 'ready' && invitation()!.valid)
  const loginHref = token ? `/login?next=${encodeURIComponent(`/invite/${token}`)}` : '/login'

  return (
    <>
      <SiteHeader userName={me.state === 'ready' ? me()?.name : undefined} />
      <main id="main" tabIndex={-1} class="narrow">
        <h1 tabIndex={-1}>{token ? t('auth.invite.title') : t('auth.signup.title')}</h1>
        <Switch>
          <Match when={invitation.error || me.error}>
            <p class="error" role="alert">
              {isStatus(invitation.error, 404)
                ? t('auth.invite.not_found')
                : errorMessage(invitation.error ?? me.error)}
            </p>
          </Match>
          <Match when={!loaded()}>
            <p class="loading">{t('common.loading')}</p>
          </Match>
          <Match when={loaded()}>
            <Show when={token ? invitation() : undefined}>
              {(preview) => <InvitationSummary preview={preview()} />}
            </Show>
            <Switch>
              <Match when={!usable()}>
                <p>{t('auth.invite.ask_new')}</p>
              </Match>
              <Match when={me() && token}>
                <p>
                  <RichText
                    text={t('auth.invite.signed_in_as')}
                    parts={{ name: () => <strong>{me()!.name}</strong> }}
                  />
                </p>
                <FormError id="signup-error" message={action.message()} />
                <button
                  type="button"
                  class="primary"
                  onClick={join}
                  aria-disabled={action.busy() ? 'true' : undefined}
                >
                  {t('auth.invite.join')}
                </button>
              </Match>
              <Match when={me()}>
                <p>
                  <RichText
                    text={t('auth.signup.already_signed_in')}
                    parts={{ name: () => <strong>{me()!.name}</strong> }}
                  />{' '}
                  <a href="/" onClick={followLink}>
                    {t('common.to_workspaces')}
                  </a>
                </p>
              </Match>
              <Match when={!me()}>
                <SignupForm onSubmit={signup} busy={action.busy()} error={action.message()} />
                <p>
                  <RichText
                    text={token ? t('auth.signup.have_account_invite') : t('auth.signup.have_account')}
                    parts={{
                      link: () => (
                        <a href={loginHref} onClick={followLink}>
                          {t('common.log_in')}
                        </a>
                      ),
                    }}
                  />
                </p>
                <Show when={!token}>
                  <p class="hint">{t('auth.signup.first_only')}</p>
                </Show>
              </Match>
            </Switch>
          </Match>
        </Switch>
      </main>
    </>
  )
}

/**
 * After signing in from an invitation, the workspace it was for (null if that cannot be told). A
 * new account joined at sign-up; an existing one (its owner signed in with their own password) has
 * not, and joins here, the answer naming the workspace. Joining again is harmless ("already a
 * member" is ignored); a link the sign-up used up is left alone rather than asked to answer "used
 * up". The preview does not name the workspace's id, so a member who joined at sign-up finds it
 * among their workspaces by the invitation's workspace name (a new account has only that one). The
 * person is signed in either way, so nothing here is an error for them.
 */
async function joinedWorkspace(token: string, workspaceName: string | undefined): Promise<string | null> {
  try {
    if ((await api.invitation(token)).valid) return (await api.acceptInvitation(token)).workspaceId
  } catch {
    // Already a member (joined at sign-up), or the link just ran out: look among the workspaces.
  }
  try {
    const { workspaces } = await loadMe()
    const named = workspaces.filter((w) => w.name === workspaceName)
    if (named.length === 1) return named[0]!.id
    return workspaces.length === 1 ? workspaces[0]!.id : null
  } catch {
    return null
  }
}

function InvitationSummary(props: { preview: InvitationPreview }) {
  const reason = () => {
    const key = `auth.invite.invalid.${props.preview.reason ?? ''}`
    const text = t(key)
    return text === key ? t('auth.invite.invalid.other') : text
  }
  return (
    <section class="invitation" aria-labelledby="invitation-heading">
      <h2 id="invitation-heading">{t('auth.invite.heading', { workspace: props.preview.workspace.name })}</h2>
      <p>{t('auth.invite.explainer')}</p>
      <dl class="facts">
        <dt>{t('common.party')}</dt>
        <dd>
          <PartyBadge party={props.preview.party} />
        </dd>
        <dt>{t('common.role')}</dt>
        <dd>
          {roleLabel(props.preview.role)} <span class="hint-inline">({roleHint(props.preview.role)})</span>
        </dd>
        <Show when={props.preview.signatory}>
          <dt>{t('auth.invite.signing')}</dt>
          <dd>{t('common.signatory')}</dd>
        </Show>
        <Show when={props.preview.valid}>
          <dt>{t('auth.invite.valid_until')}</dt>
          <dd>{formatTime(props.preview.expiresAt)}</dd>
        </Show>
      </dl>
      <Show when={!props.preview.valid}>
        <p class="error" role="alert">
          {reason()}
        </p>
      </Show>
    </section>
  )
}

function SignupForm(props: { onSubmit: (event: SubmitEvent) => void; busy: boolean; error: string }) {
  return (
    <form class="stack" novalidate onSubmit={props.onSubmit} aria-describedby="signup-error">
      <div class="field">
        <label for="signup-email">{t('auth.email')}</label>
        <input
          id="signup-email"
          name="email"
          type="email"
          autocomplete="email"
          data-maxlength={TEXT_LIMITS.emailMax}
          required
        />
      </div>
      <NameField id="signup-name" label={t('auth.name')} />
      <NewPasswordField id="signup-password" name="password" label={t('auth.password')} />
      <FormError id="signup-error" message={props.error} />
      <SubmitButton busy={props.busy} label={t('auth.signup.submit')} busyLabel={t('auth.signup.busy')} />
    </form>
  )
}
