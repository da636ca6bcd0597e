/** Route `/reset/:token`: set a new password with a one-time link from an administrator. */
import { createSignal, Show } from 'solid-js'
import { NewPasswordField } from '../components/account-fields.js'
import { FormError } from '../components/form-error.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { SubmitButton } from '../components/submit-button.js'
import { createAction, field, formSubmit } from '../lib/action.js'
import { api } from '../lib/api.js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/auth.js'
import { usePageTitle } from '../lib/page-title.js'
import { forgetUser } from '../lib/session.js'
import { followLink } from '../router.js'

export function ResetPage(props: { token: string }) {
  const action = createAction()
  const [done, setDone] = createSignal(false)
  usePageTitle(() => t('auth.reset.title'))

  const submit = formSubmit((form) => {
    void action.run(async () => {
      await api.resetPassword({ token: props.token, newPassword: field(form, 'password') })
      forgetUser()
      setDone(true)
    })
  })

  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1} class="narrow">
        <h1 tabIndex={-1}>{t('auth.reset.title')}</h1>
        <Show
          when={!done()}
          fallback={
            <p role="status">
              <RichText
                text={t('auth.reset.done')}
                parts={{
                  link: () => (
                    <a href="/login" onClick={followLink}>
                      {t('auth.reset.login_link')}
                    </a>
                  ),
                }}
              />
            </p>
          }
        >
          <form class="stack" novalidate onSubmit={submit} aria-describedby="reset-error">
            <NewPasswordField id="reset-password" name="password" label={t('auth.new_password')} />
            <FormError id="reset-error" message={action.message()} />
            <SubmitButton
              busy={action.busy()}
              label={t('auth.reset.submit')}
              busyLabel={t('common.saving')}
            />
          </form>
        </Show>
      </main>
    </>
  )
}
