/**
 * The route table and the sign-in return path, as plain functions of a path (no DOM), so they are
 * unit-tested in Node. `router.ts` holds the browser side.
 */
import { isDocumentId } from '@trepart/shared'

export type Route =
  | { name: 'home' }
  | { name: 'login' }
  | { name: 'account' }
  | { name: 'signup'; invitationToken: string | null }
  | { name: 'reset'; token: string }
  | { name: 'workspace'; workspaceId: string }
  | { name: 'document'; documentId: string }
  | { name: 'versions'; documentId: string }
  | { name: 'meeting'; meetingId: string }
  | { name: 'not-found'; path: string }

/**
 * The workspace page's parts, each at its own path (`/w/:id`, `/w/:id/members`, …) so a link or a
 * reload opens the same part and back/forward step between them. The part is not in the route: the
 * workspace page stays mounted (its data and live list) while the person moves between parts.
 */
export const WORKSPACE_SECTIONS = [
  'documents',
  'meetings',
  'follow-ups',
  'participation',
  'members',
  'invitations',
  'settings',
] as const
export type WorkspaceSection = (typeof WORKSPACE_SECTIONS)[number]

/** The part of the workspace page a path shows: `documents` for `/w/:id` itself. */
export function workspaceSectionOf(pathname: string): WorkspaceSection {
  const part = pathname.replace(/\/+$/, '').split('/')[3]
  return WORKSPACE_SECTIONS.find((s) => s !== 'documents' && s === part) ?? 'documents'
}

/** The path of a part of a workspace's page. */
export function workspaceSectionPath(workspaceId: string, section: WorkspaceSection): string {
  const base = `/w/${encodeURIComponent(workspaceId)}`
  return section === 'documents' ? base : `${base}/${section}`
}

/** Where to go after signing in: the `next` query parameter if it is a path on this site, else `/`. */
export function nextPath(search: string): string {
  const next = new URLSearchParams(search).get('next')
  // A path of ours only: `//host` and `/\host` would leave the site.
  return next && /^\/(?![/\\])/.test(next) ? next : '/'
}

const ID = /^[A-Za-z0-9_-]{1,64}$/
const TOKEN = /^[A-Za-z0-9_-]{1,200}$/

export function parseRoute(pathname: string): Route {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1).map(decodeSegment)
  const [first = '', second, ...rest] = parts
  if (first === 'w' && rest.length === 1 && second && ID.test(second)) {
    const section = rest[0]
    if (section !== 'documents' && WORKSPACE_SECTIONS.some((s) => s === section))
      return { name: 'workspace', workspaceId: second }
  }
  // A document's versions and diffs; which one is shown is in the query (?view=, ?from=&to=).
  if (first === 'd' && second && isDocumentId(second) && rest.length === 1 && rest[0] === 'versions')
    return { name: 'versions', documentId: second }
  if (rest.length === 0) {
    if (second === undefined) {
      if (first === '') return { name: 'home' }
      if (first === 'login') return { name: 'login' }
      if (first === 'account') return { name: 'account' }
      if (first === 'signup') return { name: 'signup', invitationToken: null }
    } else if (second !== null) {
      if (first === 'invite' && TOKEN.test(second)) return { name: 'signup', invitationToken: second }
      if (first === 'reset' && TOKEN.test(second)) return { name: 'reset', token: second }
      if (first === 'w' && ID.test(second)) return { name: 'workspace', workspaceId: second }
      if (first === 'd' && isDocumentId(second)) return { name: 'document', documentId: second }
      if (first === 'm' && ID.test(second)) return { name: 'meeting', meetingId: second }
    }
  }
  return { name: 'not-found', path: pathname }
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}
