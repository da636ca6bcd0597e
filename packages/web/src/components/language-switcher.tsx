/**
 * The language menu in the top bar: one button that says the language in use, and a menu of the
 * three, each named in itself (so anyone finds theirs). Signed in, the choice is saved to the
 * account (lib/session.ts). One tab stop in the bar, where three buttons would take three.
 */
import { DropdownMenu } from '@kobalte/core/dropdown-menu'
import { LOCALES, type Locale } from '@trepart/shared/limits'
import Check from 'lucide-solid/icons/check'
import Languages from 'lucide-solid/icons/languages'
import { For } from 'solid-js'
import { locale, t } from '../lib/i18n/i18n.js'
import { LANGUAGE_NAMES } from '../lib/i18n/language-names.js'
import { chooseLocale } from '../lib/session.js'

export function LanguageSwitcher(props: { signedIn: boolean }) {
  return (
    <DropdownMenu gutter={4} placement="bottom-end" modal={false}>
      {/* Named by its text (what it shows is what a voice user says): "Språk: Bokmål". */}
      <DropdownMenu.Trigger class="top-bar-button">
        <Languages aria-hidden="true" size={18} />
        <span class="visually-hidden">{t('common.language')}: </span>
        <span lang={locale()}>{LANGUAGE_NAMES[locale()]}</span>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content class="menu">
          <DropdownMenu.RadioGroup
            value={locale()}
            onChange={(code) => {
              if (code !== locale()) chooseLocale(code as Locale, props.signedIn)
            }}
          >
            <For each={LOCALES}>
              {(code) => (
                <DropdownMenu.RadioItem class="menu-item" value={code} lang={code} closeOnSelect>
                  <DropdownMenu.ItemIndicator class="menu-indicator" forceMount>
                    <Check aria-hidden="true" size={16} />
                  </DropdownMenu.ItemIndicator>
                  <DropdownMenu.ItemLabel>{LANGUAGE_NAMES[code]}</DropdownMenu.ItemLabel>
                </DropdownMenu.RadioItem>
              )}
            </For>
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu>
  )
}
