/**
 * Routes `/signup` and `/invite/:token`: create an account (email, name, password). With an
 * invitation it first says what the invitation is for; someone already signed in joins with
 * "Bli med" instead. The first account on a fresh server needs no invitation. A new account gets
 * the language in use on this page (lib/session.ts).
 */
import { createResource, Match, Show, Switch } from 'solid-js'
import { NameField, NewPasswordField } from '../components/account-fields.js'
import { FormError } from '../components/form-error.js'
import { PartyBadge } from '../components/party.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { SubmitButton } from '../components/submit-button.js'
import { createAction, field, formSubmit } from '../lib/action.js'
import { api, type InvitationPreview, isStatus, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { t } from '../lib/i18n/i18n.js'
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

  const signup = formSubmit((form) => {
    void action.run(async () => {
      const { user } = await api.signup({
        email: field(form, 'email'),
        name: field(form, 'name'),
        password: field(form, 'password'),
        ...(token ? { invitationToken: token } : {}),
      })
      adoptUser(user, { fresh: true })
      navigate('/', { replace: true })
    })
  })

  const join = () =>
    action.run(async () => {
      const { workspaceId } = await api.acceptInvitation(token!)
      navigate(`/w/${workspaceId}`, { replace: true })
    })

  const loaded = () => me.state === 'ready' && (!token || invitation.state === 'ready')
  const usable = () => !token || (invitation.state === 'ready' && invitation()!.valid)
  const loginHref = token ? `/login?next=${encodeURIComponent(`/invite/${token}`)}` : '/login'

  return (
    <>
      <SiteHeader userName={me.state === 'ready' ? me()?.name : undefined} />
      <main class="narrow">
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
    <form class="stack" onSubmit={props.onSubmit} aria-describedby="signup-error">
      <div class="field">
        <label for="signup-email">{t('auth.email')}</label>
        <input
          id="signup-email"
          name="email"
          type="email"
          autocomplete="email"
          maxLength={TEXT_LIMITS.emailMax}
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
