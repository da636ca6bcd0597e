/**
 * Route `/account` (signed in): my display name, my language and my password. Changing the password
 * ends every other session (the server gives this one a new cookie).
 */
import { LOCALES } from '@trepart/shared/limits'
import { createResource, createSignal, For, Match, Switch } from 'solid-js'
import { NameField, NewPasswordField } from '../components/account-fields.js'
import { FormError } from '../components/form-error.js'
import { SiteHeader } from '../components/site-header.js'
import { SubmitButton } from '../components/submit-button.js'
import { createAction, field, formSubmit } from '../lib/action.js'
import { api, TEXT_LIMITS } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { locale, t } from '../lib/i18n/i18n.js'
import { LANGUAGE_NAMES } from '../lib/i18n/language-names.js'
import '../lib/messages/auth.js'
import { usePageTitle } from '../lib/page-title.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { chooseLocale, currentUser, loadMe, updateCurrentUser } from '../lib/session.js'

export function AccountPage() {
  const [me] = createResource(() => orSignIn(loadMe))
  usePageTitle(() => t('account.title'))
  const user = () => currentUser() ?? me()?.user

  return (
    <>
      <SiteHeader userName={user()?.name} />
      <main id="main" tabIndex={-1} class="narrow">
        <h1 tabIndex={-1}>{t('account.title')}</h1>
        <Switch>
          <Match when={me.error}>
            <p class="error" role="alert">
              {errorMessage(me.error)}
            </p>
          </Match>
          <Match when={!user()}>
            <p class="loading">{t('common.loading')}</p>
          </Match>
          <Match when={user()}>
            {(signedIn) => (
              <>
                <p class="lead">{t('account.email_line', { email: signedIn().email })}</p>
                <NameForm name={signedIn().name} />
                <LanguageChoice />
                <PasswordForm />
              </>
            )}
          </Match>
        </Switch>
      </main>
    </>
  )
}

function NameForm(props: { name: string }) {
  const action = createAction()
  const [saved, setSaved] = createSignal(false)
  const submit = formSubmit((form) => {
    setSaved(false)
    void action.run(async () => {
      const { user } = await api.updateMe({ name: field(form, 'name') })
      updateCurrentUser(user)
      setSaved(true)
    })
  })
  return (
    <section aria-labelledby="account-name-heading">
      <h2 id="account-name-heading">{t('account.name.heading')}</h2>
      <form class="stack" novalidate onSubmit={submit} aria-describedby="account-name-error">
        <NameField
          id="account-name"
          label={t('account.name.label')}
          value={props.name}
          onInput={() => setSaved(false)}
        />
        <FormError id="account-name-error" message={action.message()} />
        <SubmitButton busy={action.busy()} label={t('account.name.submit')} busyLabel={t('common.saving')} />
        <p role="status" class="hint">
          {saved() ? t('account.name.saved') : ''}
        </p>
      </form>
    </section>
  )
}

function LanguageChoice() {
  return (
    <section aria-labelledby="account-language-heading">
      <h2 id="account-language-heading">{t('account.language.heading')}</h2>
      <fieldset class="choices">
        <legend>{t('account.language.legend')}</legend>
        <For each={LOCALES}>
          {(code) => (
            <label class="choice" lang={code}>
              <input
                type="radio"
                name="locale"
                value={code}
                checked={locale() === code}
                onChange={() => chooseLocale(code, true)}
              />
              {LANGUAGE_NAMES[code]}
            </label>
          )}
        </For>
      </fieldset>
      <p class="hint">{t('account.language.hint')}</p>
    </section>
  )
}

function PasswordForm() {
  const action = createAction()
  const [done, setDone] = createSignal(false)
  let formElement: HTMLFormElement | undefined
  const submit = formSubmit((form) => {
    setDone(false)
    void action.run(async () => {
      await api.changePassword({
        currentPassword: field(form, 'currentPassword'),
        newPassword: field(form, 'newPassword'),
      })
      formElement?.reset()
      setDone(true)
    })
  })
  return (
    <section aria-labelledby="account-password-heading">
      <h2 id="account-password-heading">{t('account.password.heading')}</h2>
      <form
        ref={formElement}
        class="stack"
        novalidate
        onSubmit={submit}
        aria-describedby="account-password-error"
      >
        <div class="field">
          <label for="account-current-password">{t('account.password.current')}</label>
          <input
            id="account-current-password"
            name="currentPassword"
            type="password"
            autocomplete="current-password"
            data-maxlength={TEXT_LIMITS.passwordMax}
            required
          />
        </div>
        <NewPasswordField id="account-new-password" name="newPassword" label={t('auth.new_password')} />
        <FormError id="account-password-error" message={action.message()} />
        <SubmitButton
          busy={action.busy()}
          label={t('account.password.submit')}
          busyLabel={t('common.saving')}
        />
        <p role="status" class="hint">
          {done() ? t('account.password.done') : ''}
        </p>
      </form>
    </section>
  )
}
