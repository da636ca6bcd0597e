/**
 * The app shell: picks the page for the current path. The document page is loaded with a dynamic
 * import so the home page never downloads Tiptap and Yjs.
 */
import { createEffect, createMemo, lazy, Match, Suspense, Switch } from 'solid-js'
import { currentPath, parseRoute } from './router.js'
import { HomePage } from './routes/home-page.js'
import { NotFoundPage } from './routes/not-found-page.js'

const DocumentPage = lazy(() => import('./routes/document-page.js'))

export function App() {
  const route = createMemo(() => parseRoute(currentPath()))
  const documentId = createMemo(() => {
    const r = route()
    return r.name === 'document' ? r.documentId : null
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
    <Switch>
      <Match when={route().name === 'home'}>
        <HomePage />
      </Match>
      <Match when={documentId()} keyed>
        {(id) => (
          <Suspense fallback={<p class="loading">Laster editoren…</p>}>
            <DocumentPage documentId={id} />
          </Suspense>
        )}
      </Match>
      <Match when={route().name === 'not-found'}>
        <NotFoundPage />
      </Match>
    </Switch>
  )
}
