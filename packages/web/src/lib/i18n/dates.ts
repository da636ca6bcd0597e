/**
 * Dates and numbers in the user's language. Chromium on some systems has no Nynorsk locale data
 * (`Intl.DateTimeFormat('nn')` falls back to English), so Nynorsk month and day names are ours.
 */
import type { Locale } from './i18n.js'

const NN_MONTHS = [
  'januar',
  'februar',
  'mars',
  'april',
  'mai',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'desember',
]
const NN_DAYS = ['sundag', 'måndag', 'tysdag', 'onsdag', 'torsdag', 'fredag', 'laurdag']

const pad = (n: number) => String(n).padStart(2, '0')

/** "27. november 2026 kl. 14:05" (nb/nn) or "27 November 2026, 14:05" (en), in local time. */
export function formatDateTime(date: Date, locale: Locale): string {
  if (locale === 'nn') {
    return `${date.getDate()}. ${NN_MONTHS[date.getMonth()]} ${date.getFullYear()} kl. ${pad(date.getHours())}:${pad(date.getMinutes())}`
  }
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date)
}

/** "fredag 27. november" (nb/nn) or "Friday 27 November" (en). */
export function formatDay(date: Date, locale: Locale): string {
  if (locale === 'nn') return `${NN_DAYS[date.getDay()]} ${date.getDate()}. ${NN_MONTHS[date.getMonth()]}`
  return new Intl.DateTimeFormat(locale === 'nb' ? 'nb-NO' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(date)
}

export function formatNumber(value: number, locale: Locale): string {
  // nn number formatting equals nb; use nb so a missing nn locale cannot change it.
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'nb-NO').format(value)
}
