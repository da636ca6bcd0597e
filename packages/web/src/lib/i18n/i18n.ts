/**
 * Languages: Norwegian Bokmål, Nynorsk and English. One reactive locale signal; `t(key, params)`
 * looks a message up in the catalogs that modules register (each area keeps its own messages file)
 * and falls back to Bokmål, then to the key itself so a missing text is visible, not blank.
 *
 * The first choice follows the browser, then the user's saved choice (`setLocale` from the signed-in
 * user's `locale`, see lib/session.ts for how the two meet); `lang` on <html> follows the locale.
 */
import { LOCALES, type Locale } from '@trepart/shared/limits'
import { createSignal } from 'solid-js'
import { formatNumber } from './dates.js'
import { pluralCategory } from './plural.js'

export type { Locale }
export type Catalog = Record<string, string>
export type Catalogs = Record<Locale, Catalog>

const STORAGE_KEY = 'trepart.locale'

/** The browser's preference mapped to ours: nn for Nynorsk, nb for other Norwegian, else English. */
export function localeFromBrowser(languages: readonly string[]): Locale {
  for (const tag of languages) {
    const lower = tag.toLowerCase()
    if (lower.startsWith('nn')) return 'nn'
    if (lower.startsWith('nb') || lower === 'no' || lower.startsWith('no-')) return 'nb'
    if (lower.startsWith('en')) return 'en'
  }
  return 'nb'
}

function initialLocale(): Locale {
  if (typeof window === 'undefined') return 'nb'
  const saved = window.localStorage?.getItem(STORAGE_KEY)
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale
  return localeFromBrowser(navigator.languages ?? [navigator.language])
}

const [locale, setLocaleSignal] = createSignal<Locale>(initialLocale())

export { locale }

// <html lang> from the first render on (index.html says nb before the script runs).
if (typeof document !== 'undefined') document.documentElement.lang = locale()

export function setLocale(next: Locale): void {
  setLocaleSignal(next)
  if (typeof window !== 'undefined') {
    window.localStorage?.setItem(STORAGE_KEY, next)
    document.documentElement.lang = next
  }
}

const catalogs: Catalogs = { nb: {}, nn: {}, en: {} }

/** Adds an area's messages; keys must be unique across areas (prefix them: `editor.saved`). */
export function registerMessages(messages: Catalogs): void {
  for (const l of LOCALES) Object.assign(catalogs[l], messages[l])
}

/** The message for `key` in the current locale, with `{name}` placeholders filled from `params`. */
export function t(key: string, params: Record<string, string | number> = {}): string {
  const text = catalogs[locale()][key] ?? catalogs.nb[key] ?? key
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match))
}

/** Every key of a catalog set is present in all three languages (for tests). */
export function missingTranslations(messages: Catalogs): string[] {
  const keys = new Set(LOCALES.flatMap((l) => Object.keys(messages[l])))
  return [...keys].flatMap((k) => LOCALES.filter((l) => !(k in messages[l])).map((l) => `${l}:${k}`))
}

/**
 * A message about a count: `key.<plural category>` by the language's plural rules (plural.ts), with
 * `{count}` formatted for the language. Bokmål, Nynorsk and English have `one` and `other`; a
 * category a catalog lacks falls back to `key.other`.
 */
export function tCount(key: string, count: number, params: Record<string, string | number> = {}): string {
  const category = pluralCategory(locale(), count)
  const l = locale()
  const chosen =
    `${key}.${category}` in catalogs[l] || `${key}.${category}` in catalogs.nb
      ? `${key}.${category}`
      : `${key}.other`
  return t(chosen, { ...params, count: formatNumber(count, l) })
}
