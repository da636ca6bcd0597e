/**
 * What a page that loads its data shows until it has: its fallback heading and either why the load
 * failed (404 in the page's own words, with a way home) or that it is loading. The heading takes
 * focus like every page's first heading.
 */
import { Match, Switch } from 'solid-js'
import { isStatus } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { t } from '../lib/i18n/i18n.js'
import { followLink } from '../router.js'

export function LoadFailedOrLoading(props: { title: string; error: unknown; notFound: string }) {
  return (
    <Switch>
      <Match when={props.error}>
        <h1 tabIndex={-1}>{props.title}</h1>
        <p class="error" role="alert">
          {isStatus(props.error, 404) ? props.notFound : errorMessage(props.error)}
        </p>
        <p>
          <a href="/" onClick={followLink}>
            {t('common.to_workspaces')}
          </a>
        </p>
      </Match>
      <Match when={true}>
        <h1 tabIndex={-1}>{props.title}</h1>
        <p class="loading">{t('common.loading')}</p>
      </Match>
    </Switch>
  )
}
