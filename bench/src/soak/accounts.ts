/**
 * The soak's people, created through the real API as a deployment would have them: the instance
 * admin (the first sign-up) with a workspace and one document; three editors, one per party, and
 * the abusive viewer, each signed up with an invitation link (sign-up is by invitation after the
 * first account). The viewer signs in twice more, for three sessions of one account, and keeps a
 * second use of its link.
 */
import type { Account } from './messages.js'

export interface SoakWorld {
  httpBase: string
  origin: string
  workspaceId: string
  documentId: string
  admin: Account
  editors: Account[]
  viewer: Account
  /** The viewer's sessions, its sign-up's first. */
  viewerCookies: string[]
  viewerInvitationToken: string
}

const PASSWORD = 'soak password that is long enough'

async function call(
  base: string,
  method: string,
  route: string,
  body: unknown,
  cookie: string | null,
  expect: number[],
): Promise<{ json: Record<string, unknown>; cookie: string | null }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: { 'content-type': 'application/json', origin: base, ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  })
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!expect.includes(res.status))
    throw new Error(`${method} ${route}: HTTP ${res.status} ${JSON.stringify(json)}`)
  const set = res.headers.getSetCookie().find((c) => c.startsWith('trepart_session='))
  return { json, cookie: set ? set.split(';')[0]! : null }
}

function idOf(json: Record<string, unknown>, key: string): string {
  const id = (json[key] as { id?: unknown } | undefined)?.id
  if (typeof id !== 'string') throw new Error(`no ${key}.id in ${JSON.stringify(json)}`)
  return id
}

export async function createSoakWorld(httpBase: string): Promise<SoakWorld> {
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`
  const login = async (email: string) => {
    const r = await call(httpBase, 'POST', '/api/auth/login', { email, password: PASSWORD }, null, [200])
    if (!r.cookie) throw new Error('login set no session cookie')
    return { userId: idOf(r.json, 'user'), cookie: r.cookie }
  }
  const signup = async (name: string, invitationToken?: string): Promise<Account> => {
    const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${run}@example.test`
    // 201 with a session (older servers), or 202 without one (a sign-up that answers alike for
    // new and taken emails): then sign in.
    const r = await call(
      httpBase,
      'POST',
      '/api/auth/signup',
      { email, password: PASSWORD, name, ...(invitationToken ? { invitationToken } : {}) },
      null,
      [201, 202],
    )
    const session = r.cookie ? { userId: idOf(r.json, 'user'), cookie: r.cookie } : await login(email)
    return { ...session, email, password: PASSWORD }
  }
  const admin = await signup('Soak Admin')
  const workspace = await call(
    httpBase,
    'POST',
    '/api/workspaces',
    { name: 'Soak', party: 'administration' },
    admin.cookie,
    [201],
  )
  const workspaceId = idOf(workspace.json, 'workspace')
  const document = await call(
    httpBase,
    'POST',
    `/api/workspaces/${workspaceId}/documents`,
    { title: 'Soak', kind: 'proposal' },
    admin.cookie,
    [201],
  )
  const documentId = idOf(document.json, 'document')
  const invite = async (role: string, party: string, maxUses: number) => {
    const r = await call(
      httpBase,
      'POST',
      `/api/workspaces/${workspaceId}/invitations`,
      { role, party, maxUses },
      admin.cookie,
      [201],
    )
    return r.json.token as string
  }
  const editors: Account[] = []
  for (const party of ['employees', 'politicians', 'administration']) {
    editors.push(await signup(`Editor ${party}`, await invite('editor', party, 1)))
  }
  const viewerInvitationToken = await invite('viewer', 'employees', 2)
  const viewer = await signup('Viewer', viewerInvitationToken)
  const viewerCookies = [viewer.cookie]
  for (let i = 0; i < 2; i++) viewerCookies.push((await login(viewer.email)).cookie)
  return {
    httpBase,
    origin: httpBase,
    workspaceId,
    documentId,
    admin,
    editors,
    viewer,
    viewerCookies,
    viewerInvitationToken,
  }
}
