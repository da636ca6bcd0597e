/**
 * The account menu at the right end of the top bar: the signed-in person's initials and name, and a
 * menu with their account page and "Logg ut" (lib/log-out.ts); a failed logout is shown under the bar.
 */
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import LogOut from 'lucide-solid/icons/log-out'
import UserRound from 'lucide-solid/icons/user-round'
import { createSignal, Show } from 'solid-js'
import { errorMessage } from '../lib/error-messages.js'
import { t } from '../lib/i18n/i18n.js'
import { logOut } from '../lib/log-out.js'
import { navigate } from '../router.js'
import { initials } from './initials.js'

export function AccountMenu(props: { name: string }) {
  const [error, setError] = createSignal<unknown>(null)
  const onLogOut = () => {
    setError(null)
    logOut().catch(setError)
  }
  return (
    <>
      <DropdownMenu gutter={4} placement="bottom-end" modal={false}>
        {/* Named by its text, "Kontomeny for Anne Rådmann"; the name stays in it when narrow screens hide it. */}
        <DropdownMenu.Trigger class="top-bar-button account-button">
          <span class="initials" aria-hidden="true">
            {initials(props.name)}
          </span>
          <span class="visually-hidden">{t('common.account_menu')} </span>
          <span class="account-name">{props.name}</span>
        </DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content class="menu">
            <DropdownMenu.Item class="menu-item" onSelect={() => navigate('/account')}>
              <UserRound aria-hidden="true" size={16} />
              <DropdownMenu.ItemLabel>{t('common.nav.account')}</DropdownMenu.ItemLabel>
            </DropdownMenu.Item>
            <DropdownMenu.Separator class="menu-separator" />
            <DropdownMenu.Item class="menu-item" onSelect={onLogOut}>
              <LogOut aria-hidden="true" size={16} />
              <DropdownMenu.ItemLabel>{t('common.log_out')}</DropdownMenu.ItemLabel>
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu>
      <div class="top-bar-error" role="alert">
        <Show when={error()}>
          <p class="error">{errorMessage(error())}</p>
        </Show>
      </div>
    </>
  )
}
