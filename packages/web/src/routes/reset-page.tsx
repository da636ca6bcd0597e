/** Route `/reset/:token`: set a new password with a one-time link from an administrator. */
import { createSignal, Show } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { RichText } from '../components/rich-text.js'
import { SiteHeader } from '../components/site-header.js'
import { createAction, field } from '../lib/action.js'
import { api, TEXT_LIMITS } from '../lib/api.js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/auth.js'
import { usePageTitle } from '../lib/page-title.js'
import { forgetUser } from '../lib/session.js'
import { followLink } from '../router.js'

export function ResetPage(props: { token: string }) {
  const action = createAction()
  const [done, setDone] = createSignal(false)
  usePageTitle(() => t('auth.reset.title'))

  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    void action.run(async () => {
      await api.resetPassword({ token: props.token, newPassword: field(form, 'password') })
      forgetUser()
      setDone(true)
    })
  }

  return (
    <>
      <SiteHeader />
      <main class="narrow">
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
          <form class="stack" onSubmit={submit} aria-describedby="reset-error">
            <div class="field">
              <label for="reset-password">{t('auth.new_password')}</label>
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
                {t('auth.password_hint')}
              </span>
            </div>
            <FormError id="reset-error" message={action.message()} />
            <button type="submit" class="primary" aria-disabled={action.busy() ? 'true' : undefined}>
              {action.busy() ? t('common.saving') : t('auth.reset.submit')}
            </button>
          </form>
        </Show>
      </main>
    </>
  )
}
