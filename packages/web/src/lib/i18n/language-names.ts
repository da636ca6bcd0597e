/**
 * Each language named in itself (autonyms), never translated, so anyone finds theirs: the top
 * bar's language menu and the account page's language choice show the same names.
 */
import type { Locale } from '@trepart/shared/limits'

export const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' }
