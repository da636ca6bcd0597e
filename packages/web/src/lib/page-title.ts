/** The tab's title, in the current language: "<page> – Trepart", kept up to date as the page changes. */
import { createEffect } from 'solid-js'
import { t } from './i18n/i18n.js'
import './messages/common.js'

export function usePageTitle(page: () => string): void {
  createEffect(() => {
    document.title = t('common.page_title', { page: page() })
  })
}
