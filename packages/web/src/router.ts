/**
 * A tiny history.pushState router: the current path as a signal and `navigate`; the route table is
 * in paths.ts. A handful of routes do not need a router library.
 */
import { createSignal } from 'solid-js'

export {
  nextPath,
  parseRoute,
  type Route,
  type WorkspaceSection,
  workspaceSectionOf,
  workspaceSectionPath,
} from './paths.js'

const [path, setPath] = createSignal(location.pathname)

window.addEventListener('popstate', () => setPath(location.pathname))

/** The current location's path, tracked. */
export const currentPath = path

/** Goes to `to` (a path on this site, with an optional query) and adds a history entry, or replaces it. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const url = new URL(to, location.href)
  const target = url.pathname + url.search + url.hash
  if (target !== location.pathname + location.search + location.hash) {
    if (options.replace) history.replaceState(null, '', target)
    else history.pushState(null, '', target)
  }
  setPath(location.pathname)
}

/** The sign-in page, coming back to the current page (or `back`) afterwards. */
export function loginPath(back = location.pathname + location.search): string {
  return back === '/' || back.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(back)}`
}

/** Click handler for same-site links: navigates without a page load, unless a modifier asks for a new tab. */
export function followLink(event: MouseEvent & { currentTarget: HTMLAnchorElement }): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  event.preventDefault()
  const url = new URL(event.currentTarget.href)
  navigate(url.pathname + url.search)
}
