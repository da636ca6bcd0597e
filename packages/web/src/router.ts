/**
 * A tiny history.pushState router: the current path as a signal, `navigate`, and the route table.
 * Two routes do not need a router library.
 */
import { isDocumentId } from '@trepart/shared'
import { createSignal } from 'solid-js'

export type Route =
  | { name: 'home' }
  | { name: 'document'; documentId: string }
  | { name: 'not-found'; path: string }

const [path, setPath] = createSignal(location.pathname)

window.addEventListener('popstate', () => setPath(location.pathname))

/** The current location's path, tracked. */
export const currentPath = path

/** Goes to `to` (a path on this site) and adds a history entry. */
export function navigate(to: string): void {
  if (to !== location.pathname) history.pushState(null, '', to)
  setPath(location.pathname)
}

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' }
  const match = /^\/d\/([^/]+)\/?$/.exec(pathname)
  if (match) {
    const documentId = decodeURIComponent(match[1]!)
    if (isDocumentId(documentId)) return { name: 'document', documentId }
  }
  return { name: 'not-found', path: pathname }
}

/** Click handler for same-site links: navigates without a page load, unless a modifier asks for a new tab. */
export function followLink(event: MouseEvent & { currentTarget: HTMLAnchorElement }): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
  event.preventDefault()
  navigate(new URL(event.currentTarget.href).pathname)
}
