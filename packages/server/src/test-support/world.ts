/**
 * Test factories over the real HTTP API: users, a workspace, members of each party and role,
 * documents, and the cookie + Origin a Node websocket needs. Nothing is inserted behind the API's back.
 */
import type { DocumentKind, PartyKey, Role } from '@trepart/shared'

export interface Actor {
  userId: string
  email: string
  name: string
  password: string
  /** `Cookie` header value. */
  cookie: string
  /** Headers for a Node websocket or fetch: the session cookie and our Origin. */
  headers: Record<string, string>
}

export interface World {
  baseUrl: string
  workspaceId: string
  admin: Actor
  /** Invites and signs up a new member with `role` in `party`. */
  member(role: Role, party?: PartyKey, options?: { signatory?: boolean; name?: string }): Promise<Actor>
  /** Signs up someone who is in no workspace of this world. */
  outsider(name?: string): Promise<Actor>
  document(title?: string, kind?: DocumentKind, as?: Actor): Promise<string>
  /** fetch against the API as `actor` (JSON in and out). */
  api(actor: Actor | null, method: string, path: string, body?: unknown): Promise<Response>
}

let counter = 0
const unique = () =>
  `${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 6)}`

function cookieFrom(res: Response): string {
  const setCookie = res.headers.getSetCookie().find((c) => c.includes('trepart_session='))
  if (!setCookie) throw new Error(`no session cookie in response ${res.status}`)
  return setCookie.split(';')[0]!
}

export async function createWorld(
  baseUrl: string,
  options: {
    adminParty?: PartyKey
    signupOpen?: boolean
    /** For a server that needs the set-up token for its first account (SETUP_TOKEN). */
    setupToken?: string
  } = {},
): Promise<World> {
  const origin = new URL(baseUrl).origin
  const api = async (actor: Actor | null, method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        origin,
        ...(actor ? { cookie: actor.cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  const asActor = (
    res: Response,
    user: { id: string },
    email: string,
    name: string,
    password: string,
  ): Actor => {
    const cookie = cookieFrom(res)
    return { userId: user.id, email, name, password, cookie, headers: { cookie, origin } }
  }
  /** Signs up, then signs in: a sign-up answers 202 without a session, as the web page does. */
  const signup = async (
    name: string,
    extra: { invitationToken?: string; setupToken?: string } = {},
  ): Promise<Actor> => {
    const email = `${unique()}@trepart.test`
    const password = 'correct horse battery staple'
    const res = await api(null, 'POST', '/api/auth/signup', { email, password, name, ...extra })
    if (res.status !== 202) throw new Error(`signup failed: ${res.status} ${await res.text()}`)
    const login = await api(null, 'POST', '/api/auth/login', { email, password })
    if (login.status !== 200)
      throw new Error(`login after signup failed: ${login.status} ${await login.text()}`)
    const { user } = (await login.json()) as { user: { id: string } }
    return asActor(login, user, email, name, password)
  }

  const admin = await signup('Admin Adminsen', options.setupToken ? { setupToken: options.setupToken } : {})
  const created = await api(admin, 'POST', '/api/workspaces', {
    name: `Styringsgruppe ${unique()}`,
    party: options.adminParty ?? 'administration',
  })
  if (created.status !== 201) throw new Error(`workspace failed: ${created.status} ${await created.text()}`)
  const { workspace } = (await created.json()) as { workspace: { id: string } }

  const world: World = {
    baseUrl,
    workspaceId: workspace.id,
    admin,
    api,
    async member(role, party = 'employees', opts = {}) {
      const inv = await api(admin, 'POST', `/api/workspaces/${workspace.id}/invitations`, {
        party,
        role,
        signatory: opts.signatory ?? false,
      })
      if (inv.status !== 201) throw new Error(`invitation failed: ${inv.status} ${await inv.text()}`)
      const { token } = (await inv.json()) as { token: string }
      return signup(opts.name ?? `${role} ${party}`, { invitationToken: token })
    },
    async outsider(name = 'Utenforstående') {
      // An outsider gets their own workspace through a fresh invitation elsewhere: simplest is an
      // invitation to a throwaway workspace of the admin's, which they then leave.
      const other = await api(admin, 'POST', '/api/workspaces', {
        name: `Annet ${unique()}`,
        party: 'politicians',
      })
      const { workspace: ws } = (await other.json()) as { workspace: { id: string } }
      const inv = await api(admin, 'POST', `/api/workspaces/${ws.id}/invitations`, {
        party: 'employees',
        role: 'viewer',
        signatory: false,
      })
      const { token } = (await inv.json()) as { token: string }
      return signup(name, { invitationToken: token })
    },
    async document(title = 'Forslag', kind = 'proposal', as = admin) {
      const res = await api(as, 'POST', `/api/workspaces/${workspace.id}/documents`, { title, kind })
      if (res.status !== 201) throw new Error(`document failed: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { document: { id: string } }).document.id
    },
  }
  return world
}
