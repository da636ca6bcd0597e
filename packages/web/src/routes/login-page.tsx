/** Route `/login`: email and password; back to where the user came from (`?next=`) or home. */
import { FormError } from '../components/form-error.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { SubmitButton } from '../components/submit-button.js'
import { createAction, field, formSubmit } from '../lib/action.js'
import { api, TEXT_LIMITS } from '../lib/api.js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/auth.js'
import { usePageTitle } from '../lib/page-title.js'
import { adoptUser } from '../lib/session.js'
import { followLink, navigate, nextPath } from '../router.js'

export function LoginPage() {
  const action = createAction()
  usePageTitle(() => t('auth.login.title'))

  const submit = formSubmit((form) => {
    void action.run(async () => {
      const { user } = await api.login({ email: field(form, 'email'), password: field(form, 'password') })
      adoptUser(user)
      navigate(nextPath(location.search), { replace: true })
    })
  })

  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1} class="narrow">
        <h1 tabIndex={-1}>{t('auth.login.title')}</h1>
        <form class="stack" novalidate onSubmit={submit} aria-describedby="login-error">
          <div class="field">
            <label for="login-email">{t('auth.email')}</label>
            <input
              id="login-email"
              name="email"
              type="email"
              autocomplete="username"
              data-maxlength={TEXT_LIMITS.emailMax}
              required
            />
          </div>
          <div class="field">
            <label for="login-password">{t('auth.password')}</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autocomplete="current-password"
              data-maxlength={TEXT_LIMITS.passwordMax}
              required
            />
          </div>
          <FormError id="login-error" message={action.message()} />
          <SubmitButton
            busy={action.busy()}
            label={t('auth.login.submit')}
            busyLabel={t('auth.login.busy')}
          />
        </form>
        <h2>{t('auth.login.new_heading')}</h2>
        <p>
          <RichText
            text={t('auth.login.new_text')}
            parts={{
              link: () => (
                <a href="/signup" onClick={followLink}>
                  {t('auth.signup.title')}
                </a>
              ),
            }}
          />
        </p>
        <p>{t('auth.login.forgot')}</p>
      </main>
    </>
  )
}
