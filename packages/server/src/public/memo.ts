/** Per-language renderings (articles, frames) made at most once each. */
import type { Locale } from '@trepart/shared'

/** `render` for each language at most once. */
export function memo<T>(render: (locale: Locale) => T): (locale: Locale) => T {
  const done = new Map<Locale, T>()
  return (locale) => {
    let value = done.get(locale)
    if (value === undefined) {
      value = render(locale)
      done.set(locale, value)
    }
    return value
  }
}
