/**
 * The banner of every page: the way home, the language switcher and, when signed in, who you are,
 * your account page and "Logg ut".
 */
import { createSignal, Show } from 'solid-js'
import { api, isStatus } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/common.js'
import { currentUser, forgetUser } from '../lib/session.js'
import { wipeLocalData } from '../offline/local-data.js'
import { currentPath, followLink, navigate } from '../router.js'
import { LanguageSwitcher } from './language-switcher.js'
import { RichText } from './rich-text.js'

export function SiteHeader(props: { userName?: string | undefined }) {
  const [error, setError] = createSignal<unknown>(null)
  const name = () => props.userName ?? currentUser()?.name
  const logOut = async () => {
    setError(null)
    try {
      await api.logout()
    } catch (e) {
      // 401: the session had already ended, which is what the user wanted.
      if (!isStatus(e, 401)) {
        setError(e)
        return
      }
    }
    forgetUser()
    // Unsent edits and cached documents must not outlive the session on a shared computer.
    await wipeLocalData()
    navigate('/login')
  }
  const current = (path: string) => (currentPath() === path ? 'page' : undefined)

  return (
    <header class="site-header">
      <nav aria-label={t('common.main_menu')} class="site-nav">
        <a class="brand" href="/" onClick={followLink} aria-current={current('/')}>
          {t('common.app_name')}
        </a>
        <Show when={name()}>
          <a href="/account" onClick={followLink} aria-current={current('/account')}>
            {t('common.nav.account')}
          </a>
        </Show>
      </nav>
      <div class="header-tools">
        <LanguageSwitcher signedIn={name() !== undefined} />
        <Show when={name()}>
          {(userName) => (
            <div class="account">
              <span>
                <RichText
                  text={t('common.signed_in_as')}
                  parts={{ name: () => <strong>{userName()}</strong> }}
                />
              </span>
              <button type="button" onClick={logOut}>
                {t('common.log_out')}
              </button>
            </div>
          )}
        </Show>
      </div>
      <div class="header-error" role="alert">
        <Show when={error()}>
          <p class="error">{errorMessage(error())}</p>
        </Show>
      </div>
    </header>
  )
}
