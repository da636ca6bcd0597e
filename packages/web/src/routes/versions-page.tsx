/**
 * Route `/d/:documentId/versions` (loaded on demand): a document's versions (one at every round
 * start, and those editors named), "Save a named version" for editors, "Changes since the last
 * round" one click away, any two versions compared in the text (diff-view.tsx), and any version
 * read-only (version-view.tsx). What is shown lives in the query, so links and Back work.
 */
import { roleCanWrite } from '@trepart/shared/parties'
import { createResource, createSignal, For, Match, onCleanup, Show, Switch } from 'solid-js'
import { FormError } from '../components/form-error.js'
import { SiteHeader } from '../components/site-header.js'
import { createAction } from '../lib/action.js'
import { api, type Version } from '../lib/api.js'
import { errorMessage } from '../lib/error-messages.js'
import { t } from '../lib/i18n/i18n.js'
import { formatTime } from '../lib/labels.js'
import { usePageTitle } from '../lib/page-title.js'
import { orSignIn } from '../lib/require-sign-in.js'
import { loadMe } from '../lib/session.js'
import { followLink, navigate } from '../router.js'
import '../routes/document/sign-off/sign-off-messages.js'
import { shortHash, sinceLastRound } from './document/sign-off/sign-off-state.js'
import { DiffView } from './versions/diff-view.js'
import { VersionView } from './versions/version-view.js'
import { readVersionsQuery, type VersionsView, versionsQuery } from './versions/versions-query.js'
import './versions/versions.css'

const CURRENT = 'current'

async function load(documentId: string) {
  const [{ document }, me, rounds] = await Promise.all([
    api.document(documentId),
    loadMe(),
    api.rounds(documentId),
  ])
  const membership = me.workspaces.find((w) => w.id === document.workspaceId) ?? null
  return { document, user: me.user, membership, rounds: rounds.rounds }
}

export default function VersionsPage(props: { documentId: string }) {
  const [data] = createResource(() => orSignIn(() => load(props.documentId)))
  // A failed fetch is said in the page (a resource read in its error state would throw into it).
  const [versionsError, setVersionsError] = createSignal<unknown>(null)
  const [versions, { refetch }] = createResource(
    () => props.documentId,
    async (id) => {
      try {
        const { versions } = await api.versions(id)
        setVersionsError(null)
        return versions
      } catch (e) {
        setVersionsError(e)
        return []
      }
    },
  )
  const [view, setView] = createSignal<VersionsView>(readVersionsQuery(location.search))
  const onPop = () => setView(readVersionsQuery(location.search))
  window.addEventListener('popstate', onPop)
  onCleanup(() => window.removeEventListener('popstate', onPop))
  const base = `/d/${encodeURIComponent(props.documentId)}/versions`
  const show = (next: VersionsView) => {
    setView(next)
    navigate(base + versionsQuery(next))
    queueMicrotask(() => document.querySelector<HTMLElement>('#diff-heading, #version-heading')?.focus())
  }

  const title = () => (data.state === 'ready' ? data()?.document.title : undefined)
  usePageTitle(() => t('signoff.versions.title') + (title() ? ` – ${title()}` : ''))
  const crumbs = () => {
    const loaded = data.state === 'ready' ? data() : undefined
    if (!loaded) return []
    return [
      { label: loaded.membership?.name ?? '', href: `/w/${loaded.document.workspaceId}` },
      { label: loaded.document.title, href: `/d/${props.documentId}` },
      { label: t('signoff.versions.title') },
    ]
  }
  const label = (id: string) => {
    if (id === CURRENT) return t('signoff.versions.current')
    const found = versions()?.find((v) => v.id === id)
    return found ? versionName(found) : id
  }
  const versionName = (v: Version) => v.name ?? `${t('signoff.versions.round')} ${formatTime(v.createdAt)}`
  const since = () => {
    const loaded = data.state === 'ready' ? data() : undefined
    return loaded ? sinceLastRound(loaded.rounds, loaded.document.status) : null
  }

  return (
    <>
      <SiteHeader userName={data.state === 'ready' ? data()?.user.name : undefined} crumbs={crumbs()} />
      <main id="main" tabIndex={-1} class="versions-page">
        <h1 tabIndex={-1}>
          {title() ? t('signoff.versions.heading', { title: title()! }) : t('signoff.versions.title')}
        </h1>
        <p>
          <a href={`/d/${encodeURIComponent(props.documentId)}`} onClick={followLink}>
            {t('signoff.versions.back')}
          </a>
        </p>
        <Show when={data.error}>
          <p class="error" role="alert">
            {errorMessage(data.error)}
          </p>
        </Show>
        <div class="versions-layout">
          <div class="versions-side">
            <Show when={since()}>
              {(diff) => (
                <button type="button" class="primary" onClick={() => show({ mode: 'diff', ...diff() })}>
                  {t('signoff.versions.since_round')}
                </button>
              )}
            </Show>
            <section aria-labelledby="versions-list-heading">
              <h2 id="versions-list-heading">{t('signoff.versions.list')}</h2>
              <Show when={versionsError()}>
                {(error) => (
                  <p class="error" role="alert">
                    {errorMessage(error())}
                  </p>
                )}
              </Show>
              <Show when={(versions() ?? []).length > 0} fallback={<p>{t('signoff.versions.none')}</p>}>
                <ul class="versions-list">
                  <For each={[...(versions() ?? [])].reverse()}>
                    {(v) => (
                      <li data-reason={v.reason}>
                        <strong>{versionName(v)}</strong>
                        <span class="hint">
                          {t('signoff.versions.by', {
                            name: v.createdBy.name,
                            time: formatTime(v.createdAt),
                          })}{' '}
                          · <code title={v.contentHash}>{shortHash(v.contentHash)}</code>
                        </span>
                        <span class="versions-actions">
                          <button
                            type="button"
                            class="small"
                            onClick={() => show({ mode: 'view', versionId: v.id })}
                            aria-label={`${t('signoff.versions.view')}: ${versionName(v)}`}
                          >
                            {t('signoff.versions.view')}
                          </button>
                          <button
                            type="button"
                            class="small"
                            onClick={() => show({ mode: 'diff', from: v.id, to: CURRENT })}
                            aria-label={`${t('signoff.versions.compare_now')}: ${versionName(v)}`}
                          >
                            {t('signoff.versions.compare_now')}
                          </button>
                        </span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
            <Show when={(versions() ?? []).length > 1}>
              <CompareForm versions={versions() ?? []} name={versionName} onCompare={show} />
            </Show>
            <Show when={data.state === 'ready' && roleCanWrite(data()?.membership?.role ?? 'viewer')}>
              <SaveVersionForm documentId={props.documentId} onSaved={() => void refetch()} />
            </Show>
          </div>
          <div class="versions-main">
            <Switch>
              <Match when={view().mode === 'diff' && (view() as Extract<VersionsView, { mode: 'diff' }>)}>
                {(diff) => (
                  <DiffView
                    documentId={props.documentId}
                    from={diff().from}
                    to={diff().to}
                    fromLabel={label(diff().from)}
                    toLabel={label(diff().to)}
                  />
                )}
              </Match>
              <Match when={view().mode === 'view' && (view() as Extract<VersionsView, { mode: 'view' }>)}>
                {(one) => (
                  <VersionView
                    documentId={props.documentId}
                    versionId={one().versionId}
                    label={label(one().versionId)}
                  />
                )}
              </Match>
            </Switch>
          </div>
        </div>
      </main>
    </>
  )
}

function CompareForm(props: {
  versions: readonly Version[]
  name: (v: Version) => string
  onCompare: (view: VersionsView) => void
}) {
  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const data = new FormData(event.currentTarget as HTMLFormElement)
    const from = String(data.get('from') ?? '')
    const to = String(data.get('to') ?? '')
    if (from && to) props.onCompare({ mode: 'diff', from, to })
  }
  return (
    <form class="versions-compare" onSubmit={submit} aria-labelledby="compare-heading">
      <h2 id="compare-heading">{t('signoff.versions.compare.heading')}</h2>
      <label>
        {t('signoff.versions.compare.from')}
        <select name="from">
          <For each={props.versions}>{(v) => <option value={v.id}>{props.name(v)}</option>}</For>
        </select>
      </label>
      <label>
        {t('signoff.versions.compare.to')}
        <select name="to">
          <option value={CURRENT}>{t('signoff.versions.current')}</option>
          <For each={props.versions}>{(v) => <option value={v.id}>{props.name(v)}</option>}</For>
        </select>
      </label>
      <button type="submit">{t('signoff.versions.compare.submit')}</button>
    </form>
  )
}

function SaveVersionForm(props: { documentId: string; onSaved: () => void }) {
  const action = createAction()
  const submit = (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const name = String(new FormData(form).get('name') ?? '').trim()
    if (!name) return
    void action
      .run(async () => {
        await api.saveVersion(props.documentId, { name })
      })
      .then((ok) => {
        if (!ok) return
        form.reset()
        props.onSaved()
      })
  }
  return (
    <form class="versions-save" onSubmit={submit} aria-labelledby="save-version-heading">
      <h2 id="save-version-heading">{t('signoff.versions.save.heading')}</h2>
      <label>
        {t('signoff.versions.save.name')}
        <input name="name" required maxLength={200} />
      </label>
      <FormError message={action.message()} />
      <button type="submit" aria-disabled={action.busy() ? 'true' : undefined}>
        {action.busy() ? t('signoff.versions.save.busy') : t('signoff.versions.save.submit')}
      </button>
    </form>
  )
}
