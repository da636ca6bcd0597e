/** Any path the app does not know, including `/d/` or `/w/` with an id the server would refuse. */
import { SiteHeader } from '../components/site-header.js'
import { t } from '../lib/i18n/i18n.js'
import { usePageTitle } from '../lib/page-title.js'
import { followLink } from '../router.js'

export function NotFoundPage() {
  usePageTitle(() => t('common.not_found.title'))
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1}>
        <h1 tabIndex={-1}>{t('common.not_found.title')}</h1>
        <p>{t('common.not_found.text')}</p>
        <p>
          <a href="/" onClick={followLink}>
            {t('common.not_found.home')}
          </a>
        </p>
      </main>
    </>
  )
}
