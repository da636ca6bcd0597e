/**
 * The language switcher in the banner: each language named in itself (so anyone finds theirs),
 * one press to switch. Signed in, the choice is saved to the account (lib/session.ts).
 */
import { LOCALES, type Locale } from '@trepart/shared/limits'
import { For } from 'solid-js'
import { locale, t } from '../lib/i18n/i18n.js'
import { chooseLocale } from '../lib/session.js'

/** Autonyms: never translated. */
const NAMES: Record<Locale, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' }

export function LanguageSwitcher(props: { signedIn: boolean }) {
  return (
    <fieldset class="language-switcher">
      <legend class="visually-hidden">{t('common.language')}</legend>
      <For each={LOCALES}>
        {(code) => (
          <button
            type="button"
            lang={code}
            aria-pressed={locale() === code ? 'true' : 'false'}
            onClick={() => {
              if (locale() !== code) chooseLocale(code, props.signedIn)
            }}
          >
            {NAMES[code]}
          </button>
        )}
      </For>
    </fieldset>
  )
}
