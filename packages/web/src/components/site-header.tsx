/**
 * The top bar of every page, one slim row: a skip link to the page's `<main id="main">`, the product
 * (the way home), a breadcrumb of where you are (the last crumb is the current page), the language
 * menu and, when signed in, the account menu. Few tab stops, so a page's own first action is near.
 */
import { For, Show } from 'solid-js'
import { t } from '../lib/i18n/i18n.js'
import '../lib/messages/common.js'
import { currentUser } from '../lib/session.js'
import { currentPath, followLink } from '../router.js'
import { AccountMenu } from './account-menu.js'
import { LanguageSwitcher } from './language-switcher.js'

export interface Crumb {
  label: string
  /** Where the crumb leads; the current page (the last crumb) has none. */
  href?: string
}

export function SiteHeader(props: { userName?: string | undefined; crumbs?: readonly Crumb[] }) {
  const name = () => props.userName ?? currentUser()?.name

  return (
    <header class="top-bar">
      <a class="skip-link" href="#main">
        {t('common.skip_to_main')}
      </a>
      <a
        class="brand"
        href="/"
        onClick={followLink}
        aria-current={currentPath() === '/' ? 'page' : undefined}
      >
        {t('common.app_name')}
      </a>
      <Show when={props.crumbs?.length}>
        <nav aria-label={t('common.breadcrumbs')} class="breadcrumbs">
          <ol>
            <For each={props.crumbs}>
              {(crumb) => (
                <li>
                  <Show when={crumb.href} fallback={<span aria-current="page">{crumb.label}</span>}>
                    {(href) => (
                      <a href={href()} onClick={followLink}>
                        {crumb.label}
                      </a>
                    )}
                  </Show>
                </li>
              )}
            </For>
          </ol>
        </nav>
      </Show>
      <div class="top-bar-tools">
        <LanguageSwitcher signedIn={name() !== undefined} />
        <Show when={name()}>{(userName) => <AccountMenu name={userName()} />}</Show>
      </div>
    </header>
  )
}
