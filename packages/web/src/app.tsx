/**
 * The app shell: picks the page for the current path. The document page is loaded with a dynamic
 * import so sign-in, lists and forms never download Tiptap and Yjs.
 */
import { createEffect, createMemo, ErrorBoundary, lazy, Show, Suspense } from 'solid-js'
import { t } from './lib/i18n/i18n.js'
import './lib/messages/common.js'
import { currentPath, parseRoute, type Route } from './router.js'
import { AccountPage } from './routes/account-page.js'
import { HomePage } from './routes/home-page.js'
import { LoginPage } from './routes/login-page.js'
import { NotFoundPage } from './routes/not-found-page.js'
import { ResetPage } from './routes/reset-page.js'
import { SignupPage } from './routes/signup-page.js'
import { WorkspacePage } from './routes/workspace-page.js'

const DocumentPage = lazy(() => import('./routes/document-page.js'))
const VersionsPage = lazy(() => import('./routes/versions-page.js'))
const MeetingPage = lazy(() => import('./routes/meeting-page.js'))

function page(route: Route) {
  switch (route.name) {
    case 'home':
      return <HomePage />
    case 'login':
      return <LoginPage />
    case 'account':
      return <AccountPage />
    case 'signup':
      return <SignupPage invitationToken={route.invitationToken} />
    case 'reset':
      return <ResetPage token={route.token} />
    case 'workspace':
      return <WorkspacePage workspaceId={route.workspaceId} />
    case 'document':
      return (
        <Suspense fallback={<p class="loading">{t('common.loading_editor')}</p>}>
          <DocumentPage documentId={route.documentId} />
        </Suspense>
      )
    case 'versions':
      return (
        <Suspense fallback={<p class="loading">{t('common.loading')}</p>}>
          <VersionsPage documentId={route.documentId} />
        </Suspense>
      )
    case 'meeting':
      return (
        <Suspense fallback={<p class="loading">{t('common.loading')}</p>}>
          <MeetingPage meetingId={route.meetingId} />
        </Suspense>
      )
    case 'not-found':
      return <NotFoundPage />
  }
}

export function App() {
  // A new route object (and so a fresh page) only when the path means another page.
  const route = createMemo(() => parseRoute(currentPath()), undefined, {
    equals: (a, b) => JSON.stringify(a) === JSON.stringify(b),
  })

  // After client-side navigation, move focus to the new page's heading so screen readers announce it.
  let first = true
  createEffect(() => {
    route()
    if (first) {
      first = false
      return
    }
    queueMicrotask(() => document.querySelector<HTMLElement>('h1')?.focus())
  })

  return (
    <Show when={route()} keyed>
      {(r) => <ErrorBoundary fallback={(error) => <PageFailed error={error} />}>{page(r)}</ErrorBoundary>}
    </Show>
  )
}

/** A page that threw, or the editor's code that could not be loaded (say, after a new release). */
function PageFailed(props: { error: unknown }) {
  console.error(props.error)
  return (
    <main>
      <h1 tabIndex={-1}>{t('common.failed.title')}</h1>
      <p>{t('common.failed.text')}</p>
      <button type="button" class="primary" onClick={() => location.reload()}>
        {t('common.failed.reload')}
      </button>
    </main>
  )
}
