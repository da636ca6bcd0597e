import { describe, expect, it } from 'vitest'
import { formatDateTime, formatDay } from './dates.js'
import { localeFromBrowser, missingTranslations, registerMessages, setLocale, t } from './i18n.js'

describe('i18n', () => {
  it('maps browser languages to ours', () => {
    expect(localeFromBrowser(['nn-NO', 'nb'])).toBe('nn')
    expect(localeFromBrowser(['no'])).toBe('nb')
    expect(localeFromBrowser(['de-DE', 'en-US'])).toBe('en')
    expect(localeFromBrowser(['de-DE'])).toBe('nb')
  })

  it('looks up in the current locale, falls back to Bokmål, then to the key, and fills placeholders', () => {
    registerMessages({
      nb: { 'test.hi': 'Hei, {name}', 'test.only_nb': 'bare bokmål' },
      nn: { 'test.hi': 'Hei, {name}' },
      en: { 'test.hi': 'Hi, {name}' },
    })
    setLocale('en')
    expect(t('test.hi', { name: 'Kari' })).toBe('Hi, Kari')
    expect(t('test.only_nb')).toBe('bare bokmål')
    expect(t('test.missing')).toBe('test.missing')
    setLocale('nb')
  })

  it('finds keys missing in a language', () => {
    expect(missingTranslations({ nb: { a: '1', b: '2' }, nn: { a: '1' }, en: { a: '1', b: '2' } })).toEqual([
      'nn:b',
    ])
  })

  it('writes Nynorsk dates itself', () => {
    const date = new Date(2026, 10, 23, 9, 5)
    expect(formatDateTime(date, 'nn')).toBe('23. november 2026 kl. 09:05')
    expect(formatDay(date, 'nn')).toBe('måndag 23. november')
  })
})
