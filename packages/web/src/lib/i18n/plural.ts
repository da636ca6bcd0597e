/**
 * Plural categories per language, from `Intl.PluralRules`. Nynorsk counts like Bokmål (`one` for
 * exactly 1, else `other`), and Chromium's Debian build has no `nn` locale data (STACK-NOTES: its
 * Intl falls back to English for `nn`), so `nn` is asked as `nb` unless the runtime knows `nn` itself.
 */
import type { Locale } from '@trepart/shared/limits'

const rules = new Map<Locale, Intl.PluralRules>()

/** The locale tag `Intl` is asked with for `locale` (nn → nb where the runtime lacks nn). */
export function pluralLocaleTag(locale: Locale, supported = Intl.PluralRules.supportedLocalesOf): string {
  if (locale !== 'nn') return locale
  return supported(['nn']).length > 0 ? 'nn' : 'nb'
}

/** The CLDR plural category of `count` in `locale`: `one` or `other` in our three languages. */
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rule = rules.get(locale)
  if (!rule) {
    rule = new Intl.PluralRules(pluralLocaleTag(locale))
    rules.set(locale, rule)
  }
  return rule.select(count)
}
