/**
 * The authorization matrix: every API route × every kind of caller, asserting the exact status.
 * Generated from one table; the table must list exactly the routes of the OpenAPI document (which
 * is generated from the route declarations), so a new route without a row fails here.
 * Runs against SQLite and PostgreSQL.
 */
import { type Actor, backends, type World } from '@trepart/server/test-support'
import type { RoundWithDecisions } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import { anchoredText } from './support/anchors.js'
import { meetingWithItem, openMeeting, plannedMeeting } from './support/meetings.js'
import { finalDocument, signatories, startRound, writtenDocument } from './support/sign-off.js'
import { useServerWithWorld } from './support/world-fixture.js'

type Caller = 'anonymous' | 'outsider' | 'viewer' | 'commenter' | 'editor' | 'admin'
const CALLERS: Caller[] = ['anonymous', 'outsider', 'viewer', 'commenter', 'editor', 'admin']

interface Ctx {
  world: World
  /** The caller (null when anonymous), fresh for this case so destructive routes do not leak. */
  actor: Actor | null
}
interface Request {
  path: string
  body?: unknown
}
interface Row {
  /** `METHOD /api/path/{param}` exactly as in the OpenAPI document. */
  route: string
  /** What a second row of the same route does differently (a body that acts otherwise). */
  variant?: string
  build(ctx: Ctx): Promise<Request>
  expect: Record<Caller, number>
}

const all = (status: number): Record<Caller, number> =>
  Object.fromEntries(CALLERS.map((c) => [c, status])) as Record<Caller, number>
const signedIn = (status: number) => ({ ...all(status), anonymous: 401 })
/** Members at least `min` get `ok`, lower members 403, outsiders 404, anonymous 401. */
function member(min: Exclude<Caller, 'anonymous' | 'outsider'>, ok: number): Record<Caller, number> {
  const order = ['viewer', 'commenter', 'editor', 'admin'] as const
  const result: Record<Caller, number> = {
    anonymous: 401,
    outsider: 404,
    viewer: 403,
    commenter: 403,
    editor: 403,
    admin: 403,
  }
  for (const role of order.slice(order.indexOf(min))) result[role] = ok
  return result
}

const ws = (ctx: Ctx) => `/api/workspaces/${ctx.world.workspaceId}`
async function invitationToken(ctx: Ctx): Promise<string> {
  const res = await ctx.world.api(ctx.world.admin, 'POST', `${ws(ctx)}/invitations`, {
    party: 'employees',
    role: 'viewer',
    signatory: false,
  })
  return ((await res.json()) as { token: string }).token
}
async function invitationId(ctx: Ctx): Promise<string> {
  const res = await ctx.world.api(ctx.world.admin, 'POST', `${ws(ctx)}/invitations`, {
    party: 'employees',
    role: 'viewer',
    signatory: false,
  })
  return ((await res.json()) as { invitation: { id: string } }).invitation.id
}
async function resetToken(ctx: Ctx): Promise<string> {
  const target = await ctx.world.member('viewer')
  const res = await ctx.world.api(
    ctx.world.admin,
    'POST',
    `${ws(ctx)}/members/${target.userId}/password-reset`,
  )
  return ((await res.json()) as { url: string }).url.split('/').at(-1)!
}
/**
 * A document with committed text (written by the world's admin through a real client) and an
 * anchor over its first word, encoded as the editor's `@tiptap/y-tiptap` encodes it.
 */
async function documentWithText(ctx: Ctx): Promise<{ id: string; anchor: { start: string; end: string } }> {
  const id = await ctx.world.document()
  const collabUrl = `${ctx.world.baseUrl.replace(/^http/, 'ws')}/collab`
  return { id, anchor: await anchoredText(collabUrl, ctx.world.admin, id, 'Forslag til vedtak', 7) }
}
/** A shared thread started by the world's admin (administration): every member may see it. */
async function sharedThread(ctx: Ctx): Promise<{ id: string; commentId: string; documentId: string }> {
  const doc = await documentWithText(ctx)
  const res = await ctx.world.api(ctx.world.admin, 'POST', `/api/documents/${doc.id}/threads`, {
    anchor: doc.anchor,
    visibility: 'shared',
    body: 'Hva menes?',
  })
  const { thread } = (await res.json()) as { thread: { id: string; comments: Array<{ id: string }> } }
  return { id: thread.id, commentId: thread.comments[0]!.id, documentId: doc.id }
}
async function resolvedThread(ctx: Ctx): Promise<string> {
  const thread = await sharedThread(ctx)
  await ctx.world.api(ctx.world.admin, 'POST', `/api/threads/${thread.id}/resolve`)
  return thread.id
}
/** Someone else's comment: members who are not its author get 403 (admins may delete it). */
const notAuthor = (status: { admin: number }): Record<Caller, number> => ({
  anonymous: 401,
  outsider: 404,
  viewer: 403,
  commenter: 403,
  editor: 403,
  admin: status.admin,
})

let emails = 0
const freshEmail = () => `matrix-${Date.now()}-${emails++}@trepart.test`
const PASSWORD = 'correct horse battery staple'

const table: Row[] = [
  {
    route: 'POST /api/auth/signup',
    build: async (ctx) => ({
      path: '/api/auth/signup',
      body: {
        email: freshEmail(),
        password: PASSWORD,
        name: 'Ny',
        invitationToken: await invitationToken(ctx),
      },
    }),
    // The same answer for everyone (signed in or not); the account is made, the session is not.
    expect: all(202),
  },
  {
    route: 'POST /api/auth/login',
    build: async (ctx) => {
      const someone = await ctx.world.member('viewer')
      return { path: '/api/auth/login', body: { email: someone.email, password: someone.password } }
    },
    expect: all(200),
  },
  {
    route: 'POST /api/auth/logout',
    build: async () => ({ path: '/api/auth/logout' }),
    expect: signedIn(204),
  },
  {
    route: 'POST /api/auth/password',
    build: async () => ({
      path: '/api/auth/password',
      body: { currentPassword: PASSWORD, newPassword: 'an even longer passphrase' },
    }),
    expect: signedIn(204),
  },
  {
    route: 'POST /api/auth/reset',
    build: async (ctx) => ({
      path: '/api/auth/reset',
      body: { token: await resetToken(ctx), newPassword: 'a brand new passphrase' },
    }),
    expect: all(204),
  },
  { route: 'GET /api/config', build: async () => ({ path: '/api/config' }), expect: all(200) },
  { route: 'GET /api/me', build: async () => ({ path: '/api/me' }), expect: signedIn(200) },
  {
    route: 'PATCH /api/me',
    build: async () => ({ path: '/api/me', body: { locale: 'nn' } }),
    expect: signedIn(200),
  },
  {
    route: 'POST /api/workspaces',
    build: async () => ({ path: '/api/workspaces', body: { name: 'Nytt forum', party: 'employees' } }),
    expect: signedIn(201),
  },
  {
    route: 'GET /api/workspaces/{wid}',
    build: async (ctx) => ({ path: ws(ctx) }),
    expect: member('viewer', 200),
  },
  {
    route: 'PATCH /api/workspaces/{wid}',
    build: async (ctx) => ({ path: ws(ctx), body: { name: 'Omdøpt' } }),
    expect: member('admin', 200),
  },
  {
    route: 'GET /api/workspaces/{wid}/events',
    build: async (ctx) => ({ path: `${ws(ctx)}/events` }),
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/workspaces/{wid}/members',
    build: async (ctx) => ({ path: `${ws(ctx)}/members` }),
    expect: member('viewer', 200),
  },
  {
    route: 'PATCH /api/workspaces/{wid}/members/{uid}',
    build: async (ctx) => {
      const target = await ctx.world.member('editor')
      return { path: `${ws(ctx)}/members/${target.userId}`, body: { role: 'commenter' } }
    },
    expect: member('admin', 200),
  },
  {
    route: 'DELETE /api/workspaces/{wid}/members/{uid}',
    build: async (ctx) => {
      const target = await ctx.world.member('editor')
      return { path: `${ws(ctx)}/members/${target.userId}` }
    },
    expect: member('admin', 204),
  },
  {
    route: 'POST /api/workspaces/{wid}/members/{uid}/password-reset',
    build: async (ctx) => {
      const target = await ctx.world.member('viewer')
      return { path: `${ws(ctx)}/members/${target.userId}/password-reset` }
    },
    expect: member('admin', 201),
  },
  {
    route: 'POST /api/users/{uid}/password-reset',
    build: async (ctx) => {
      const target = await ctx.world.member('viewer')
      return { path: `/api/users/${target.userId}/password-reset` }
    },
    // Only the instance admin (tested below); workspace admins are not.
    expect: { ...all(403), anonymous: 401 },
  },
  {
    route: 'GET /api/workspaces/{wid}/invitations',
    build: async (ctx) => ({ path: `${ws(ctx)}/invitations` }),
    expect: member('admin', 200),
  },
  {
    route: 'POST /api/workspaces/{wid}/invitations',
    build: async (ctx) => ({
      path: `${ws(ctx)}/invitations`,
      body: { party: 'politicians', role: 'editor', signatory: true },
    }),
    expect: member('admin', 201),
  },
  {
    route: 'DELETE /api/workspaces/{wid}/invitations/{id}',
    build: async (ctx) => ({ path: `${ws(ctx)}/invitations/${await invitationId(ctx)}` }),
    expect: member('admin', 204),
  },
  {
    route: 'GET /api/invitations/{token}',
    build: async (ctx) => ({ path: `/api/invitations/${await invitationToken(ctx)}` }),
    expect: all(200),
  },
  {
    route: 'POST /api/invitations/{token}/accept',
    build: async (ctx) => ({ path: `/api/invitations/${await invitationToken(ctx)}/accept` }),
    // Members are members already; an outsider joins.
    expect: { anonymous: 401, outsider: 200, viewer: 409, commenter: 409, editor: 409, admin: 409 },
  },
  {
    route: 'POST /api/workspaces/{wid}/documents',
    build: async (ctx) => ({ path: `${ws(ctx)}/documents`, body: { title: 'Forslag', kind: 'proposal' } }),
    expect: member('editor', 201),
  },
  {
    route: 'GET /api/workspaces/{wid}/documents',
    build: async (ctx) => ({ path: `${ws(ctx)}/documents?status=draft` }),
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/workspaces/{wid}/search',
    build: async (ctx) => ({ path: `${ws(ctx)}/search?q=forslag` }),
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/documents/{id}',
    build: async (ctx) => ({ path: `/api/documents/${await ctx.world.document()}` }),
    expect: member('viewer', 200),
  },
  {
    route: 'PATCH /api/documents/{id}',
    build: async (ctx) => ({
      path: `/api/documents/${await ctx.world.document()}`,
      body: { title: 'Nytt navn' },
    }),
    expect: member('editor', 200),
  },
  {
    route: 'GET /api/documents/{id}/threads',
    build: async (ctx) => ({ path: `/api/documents/${(await sharedThread(ctx)).documentId}/threads` }),
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/documents/{id}/participation',
    build: async (ctx) => ({
      path: `/api/documents/${(await sharedThread(ctx)).documentId}/participation`,
    }),
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/workspaces/{wid}/participation',
    build: async (ctx) => ({ path: `${ws(ctx)}/participation?from=2026-01-01&to=2026-12-31` }),
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/documents/{id}/follow-ups',
    build: async (ctx) => ({ path: `/api/documents/${await finalOnce(ctx)}/follow-ups` }),
    expect: member('viewer', 200),
  },
  {
    // Editors of any party (the callers are politicians; the item is the employees').
    route: 'POST /api/documents/{id}/follow-ups',
    build: async (ctx) => ({
      path: `/api/documents/${await finalOnce(ctx)}/follow-ups`,
      body: { title: 'Følge opp', party: 'employees', dueDate: '2027-01-15' },
    }),
    expect: member('editor', 201),
  },
  {
    route: 'GET /api/follow-ups/{fid}',
    build: async (ctx) => ({ path: `/api/follow-ups/${await followUp(ctx)}` }),
    expect: member('viewer', 200),
  },
  {
    route: 'PATCH /api/follow-ups/{fid}',
    build: async (ctx) => ({
      path: `/api/follow-ups/${await followUp(ctx)}`,
      body: { status: 'in_progress', note: 'I gang' },
    }),
    expect: member('editor', 200),
  },
  {
    route: 'GET /api/workspaces/{wid}/follow-ups',
    build: async (ctx) => ({ path: `${ws(ctx)}/follow-ups?party=employees` }),
    expect: member('viewer', 200),
  },
  {
    // Everyone signed in has their own list (an outsider's holds this workspace's nothing).
    route: 'GET /api/me/follow-ups',
    build: async () => ({ path: '/api/me/follow-ups' }),
    expect: signedIn(200),
  },
  {
    route: 'POST /api/documents/{id}/threads',
    build: async (ctx) => {
      const doc = await documentWithText(ctx)
      return {
        path: `/api/documents/${doc.id}/threads`,
        body: { anchor: doc.anchor, visibility: 'party', body: 'Vår merknad' },
      }
    },
    // Commenting never writes to the content: commenters (read-only there) start threads.
    expect: member('commenter', 201),
  },
  {
    route: 'GET /api/threads/{tid}',
    build: async (ctx) => ({ path: `/api/threads/${(await sharedThread(ctx)).id}` }),
    expect: member('viewer', 200),
  },
  {
    route: 'POST /api/threads/{tid}/comments',
    build: async (ctx) => ({
      path: `/api/threads/${(await sharedThread(ctx)).id}/comments`,
      body: { body: 'Svar' },
    }),
    expect: member('commenter', 201),
  },
  {
    route: 'PATCH /api/comments/{cid}',
    build: async (ctx) => ({
      path: `/api/comments/${(await sharedThread(ctx)).commentId}`,
      body: { body: 'Endret' },
    }),
    // Authors only (tests/api/threads.test.ts); nobody here wrote it, the workspace admin neither.
    expect: notAuthor({ admin: 403 }),
  },
  {
    route: 'DELETE /api/comments/{cid}',
    build: async (ctx) => ({ path: `/api/comments/${(await sharedThread(ctx)).commentId}` }),
    expect: notAuthor({ admin: 204 }),
  },
  {
    route: 'POST /api/threads/{tid}/resolve',
    build: async (ctx) => ({ path: `/api/threads/${(await sharedThread(ctx)).id}/resolve` }),
    expect: member('commenter', 200),
  },
  {
    route: 'POST /api/threads/{tid}/reopen',
    build: async (ctx) => ({ path: `/api/threads/${await resolvedThread(ctx)}/reopen` }),
    expect: member('commenter', 200),
  },
  {
    // Every party has a signatory (support/sign-off.ts); the callers here are no signatories.
    route: 'POST /api/documents/{id}/rounds',
    build: async (ctx) => {
      await signatories(ctx.world)
      return { path: `/api/documents/${await textDocument(ctx)}/rounds`, body: {} }
    },
    expect: member('editor', 201),
  },
  {
    route: 'GET /api/documents/{id}/rounds/current',
    build: async (ctx) => ({ path: `/api/documents/${await inReview(ctx)}/rounds/current` }),
    expect: member('viewer', 200),
  },
  {
    route: 'POST /api/documents/{id}/rounds/current/decisions',
    build: async (ctx) => {
      const id = await inReview(ctx)
      const round = (await (
        await ctx.world.api(ctx.world.admin, 'GET', `/api/documents/${id}/rounds/current`)
      ).json()) as RoundWithDecisions
      return {
        path: `/api/documents/${id}/rounds/current/decisions`,
        body: { decision: 'approve', contentHash: round.round.contentHash },
      }
    },
    // Only signatories decide (tests/api/sign-off.test.ts): no caller here is one.
    expect: member('viewer', 403),
  },
  {
    route: 'POST /api/documents/{id}/rounds/current/withdraw',
    build: async (ctx) => ({ path: `/api/documents/${await inReview(ctx)}/rounds/current/withdraw` }),
    // Its starter or a signatory: no caller here is either.
    expect: member('viewer', 403),
  },
  {
    route: 'GET /api/documents/{id}/rounds',
    build: async (ctx) => ({ path: `/api/documents/${await inReview(ctx)}/rounds` }),
    expect: member('viewer', 200),
  },
  {
    route: 'POST /api/documents/{id}/amendments',
    build: async (ctx) => ({ path: `/api/documents/${await finalOnce(ctx)}/amendments`, body: {} }),
    expect: member('editor', 201),
  },
  {
    route: 'GET /api/documents/{id}/versions',
    build: async (ctx) => ({ path: `/api/documents/${await inReview(ctx)}/versions` }),
    expect: member('viewer', 200),
  },
  {
    route: 'POST /api/documents/{id}/versions',
    build: async (ctx) => ({
      path: `/api/documents/${await textDocument(ctx)}/versions`,
      body: { name: 'Utkast 1' },
    }),
    expect: member('editor', 201),
  },
  {
    route: 'GET /api/documents/{id}/versions/{vid}',
    build: async (ctx) => {
      const id = await inReview(ctx)
      return { path: `/api/documents/${id}/versions/${await firstVersion(ctx, id)}` }
    },
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/documents/{id}/diff',
    build: async (ctx) => {
      const id = await inReview(ctx)
      return { path: `/api/documents/${id}/diff?from=${await firstVersion(ctx, id)}&to=current` }
    },
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/workspaces/{wid}/audit',
    build: async (ctx) => ({ path: `${ws(ctx)}/audit` }),
    expect: member('viewer', 200),
  },
  {
    route: 'GET /api/workspaces/{wid}/audit/verify',
    build: async (ctx) => ({ path: `${ws(ctx)}/audit/verify` }),
    expect: member('viewer', 200),
  },
  {
    // Admins and signatories share a draft (tests/api/public-pages.test.ts); the callers are no signatories.
    route: 'POST /api/documents/{id}/share-links',
    build: async (ctx) => ({ path: `/api/documents/${await textDocument(ctx)}/share-links`, body: {} }),
    expect: member('admin', 201),
  },
  {
    route: 'GET /api/documents/{id}/share-links',
    build: async (ctx) => ({ path: `/api/documents/${await textDocument(ctx)}/share-links` }),
    expect: member('viewer', 200),
  },
  {
    // Its maker, a signatory or an admin: the world's admin made it.
    route: 'DELETE /api/share-links/{lid}',
    build: async (ctx) => {
      const id = await textDocument(ctx)
      const res = await ctx.world.api(ctx.world.admin, 'POST', `/api/documents/${id}/share-links`, {})
      return { path: `/api/share-links/${((await res.json()) as { link: { id: string } }).link.id}` }
    },
    expect: member('admin', 204),
  },
  {
    route: 'GET /api/documents/{id}/export',
    build: async (ctx) => ({ path: `/api/documents/${await textDocument(ctx)}/export?format=md` }),
    expect: member('viewer', 200),
  },
  // Meetings (SPEC M1–M9). Running a meeting is for its chair or secretary (the world's admin
  // here, not the caller) or any admin: the fresh editor caller gets 403 like a viewer.
  {
    route: 'GET /api/workspaces/{wid}/meetings',
    build: async (ctx) => ({ path: `${ws(ctx)}/meetings` }),
    expect: member('viewer', 200),
  },
  {
    route: 'POST /api/workspaces/{wid}/meetings',
    build: async (ctx) => ({
      path: `${ws(ctx)}/meetings`,
      body: {
        title: 'Møte',
        startsAt: new Date(Date.now() + 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 7_200_000).toISOString(),
      },
    }),
    expect: member('editor', 201),
  },
  {
    route: 'GET /api/meetings/{mid}',
    build: async (ctx) => ({ path: `/api/meetings/${(await plannedMeeting(ctx.world)).id}` }),
    expect: member('viewer', 200),
  },
  {
    route: 'PATCH /api/meetings/{mid}',
    build: async (ctx) => ({
      path: `/api/meetings/${(await plannedMeeting(ctx.world)).id}`,
      body: { title: 'Nytt navn' },
    }),
    expect: member('editor', 200),
  },
  {
    route: 'POST /api/meetings/{mid}/open',
    build: async (ctx) => ({ path: `/api/meetings/${(await plannedMeeting(ctx.world)).id}/open` }),
    expect: member('admin', 200),
  },
  {
    route: 'POST /api/meetings/{mid}/close',
    build: async (ctx) => {
      const { id } = await plannedMeeting(ctx.world)
      await openMeeting(ctx.world, id)
      return { path: `/api/meetings/${id}/close` }
    },
    expect: member('admin', 200),
  },
  {
    route: 'POST /api/meetings/{mid}/items',
    build: async (ctx) => ({
      path: `/api/meetings/${(await plannedMeeting(ctx.world)).id}/items`,
      body: { title: 'Sak', party: 'employees' },
    }),
    expect: member('editor', 201),
  },
  {
    route: 'PATCH /api/meetings/{mid}/items/{iid}',
    build: async (ctx) => {
      const { meeting, item } = await meetingWithItem(ctx.world)
      return { path: `/api/meetings/${meeting.id}/items/${item.id}`, body: { title: 'Endret' } }
    },
    expect: member('editor', 200),
  },
  {
    route: 'DELETE /api/meetings/{mid}/items/{iid}',
    build: async (ctx) => {
      const { meeting, item } = await meetingWithItem(ctx.world)
      return { path: `/api/meetings/${meeting.id}/items/${item.id}` }
    },
    expect: member('editor', 204),
  },
  {
    route: 'POST /api/meetings/{mid}/items/{iid}/move',
    build: async (ctx) => {
      const { meeting, item } = await meetingWithItem(ctx.world)
      return { path: `/api/meetings/${meeting.id}/items/${item.id}/move`, body: { index: 0 } }
    },
    expect: member('editor', 200),
  },
  {
    route: 'POST /api/meetings/{mid}/current',
    build: async (ctx) => {
      const { meeting, item } = await meetingWithItem(ctx.world)
      await openMeeting(ctx.world, meeting.id)
      return { path: `/api/meetings/${meeting.id}/current`, body: { itemId: item.id } }
    },
    expect: member('admin', 200),
  },
  {
    route: 'PUT /api/meetings/{mid}/items/{iid}/outcome',
    build: async (ctx) => {
      const { meeting, item } = await meetingWithItem(ctx.world)
      return { path: `/api/meetings/${meeting.id}/items/${item.id}/outcome`, body: { outcome: 'noted' } }
    },
    expect: member('admin', 200),
  },
  {
    route: 'PUT /api/meetings/{mid}/attendance/{uid}',
    build: async (ctx) => ({
      path: `/api/meetings/${(await plannedMeeting(ctx.world)).id}/attendance/${ctx.world.admin.userId}`,
      body: { present: true },
    }),
    expect: member('admin', 200),
  },
  {
    route: 'POST /api/meetings/{mid}/minutes',
    build: async (ctx) => ({ path: `/api/meetings/${(await plannedMeeting(ctx.world)).id}/minutes` }),
    expect: member('admin', 201),
  },
  {
    route: 'GET /api/meetings/{mid}/events',
    build: async (ctx) => ({ path: `/api/meetings/${(await plannedMeeting(ctx.world)).id}/events` }),
    expect: member('viewer', 200),
  },
]

/**
 * Second rows of routes whose bodies do different things, each with its own statuses. Not in the
 * one-row-per-route check above; run like the table's rows.
 */
const variants: Row[] = [
  {
    route: 'PATCH /api/workspaces/{wid}',
    variant: '{publicIndex}',
    build: async (ctx) => ({ path: ws(ctx), body: { publicIndex: true } }),
    expect: member('admin', 200),
  },
]

/** A document with committed text, fresh for the case. */
const textDocument = (ctx: Ctx) => writtenDocument(ctx.world, collabUrlOf(ctx))
/** A document with a round open, fresh for the case (the world's admin started it). */
async function inReview(ctx: Ctx): Promise<string> {
  await signatories(ctx.world)
  const id = await textDocument(ctx)
  await startRound(ctx.world, ctx.world.admin, id)
  return id
}
/** The id of the document's first version (the one its round froze). */
async function firstVersion(ctx: Ctx, documentId: string): Promise<string> {
  const res = await ctx.world.api(ctx.world.admin, 'GET', `/api/documents/${documentId}/versions`)
  return ((await res.json()) as { versions: Array<{ id: string }> }).versions[0]!.id
}
const finals = new WeakMap<World, Promise<string>>()
/** One final document per world: amending it does not change it. */
function finalOnce(ctx: Ctx): Promise<string> {
  let id = finals.get(ctx.world)
  if (!id) {
    id = finalDocument(ctx.world, collabUrlOf(ctx)).then((f) => f.id)
    finals.set(ctx.world, id)
  }
  return id
}
/** A follow-up item of the world's final document, fresh for the case (made by the world's admin). */
async function followUp(ctx: Ctx): Promise<string> {
  const res = await ctx.world.api(
    ctx.world.admin,
    'POST',
    `/api/documents/${await finalOnce(ctx)}/follow-ups`,
    {
      title: 'Rapportere',
      party: 'administration',
      dueDate: '2027-02-01',
    },
  )
  return ((await res.json()) as { followUp: { id: string } }).followUp.id
}
const collabUrlOf = (ctx: Ctx) => `${ctx.world.baseUrl.replace(/^http/, 'ws')}/collab`

async function callerFor(world: World, caller: Caller): Promise<Actor | null> {
  if (caller === 'anonymous') return null
  if (caller === 'outsider') return world.outsider()
  return world.member(caller, 'politicians')
}

const available = await backends()
for (const backend of available) {
  describe.skipIf(!backend.available)(`authorization matrix (${backend.name})`, () => {
    // Every row makes its meeting as the world's admin: their meeting writes are not what is measured.
    const fx = useServerWithWorld(() => backend.start({ MEETING_WRITES_BURST: '100000' }))

    it('has exactly one row for every route of the API', async () => {
      const spec = (await (await fetch(`${fx.server.url}/api/openapi.json`)).json()) as {
        paths: Record<string, object>
      }
      const routes = Object.entries(spec.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      )
      expect(table.map((r) => r.route).sort()).toEqual(routes.sort())
    })

    const cases = [...table, ...variants].flatMap((row) => CALLERS.map((caller) => ({ row, caller })))
    it.each(
      cases.map(
        (c) =>
          [
            c.row.variant ? `${c.row.route} ${c.row.variant}` : c.row.route,
            c.caller,
            c.row.expect[c.caller],
            c,
          ] as const,
      ),
    )('%s as %s → %i', async (_route, caller, status, { row }) => {
      const actor = await callerFor(fx.world, caller)
      const req = await row.build({ world: fx.world, actor })
      const method = row.route.split(' ')[0]!
      const res = await fx.world.api(actor, method, req.path, req.body)
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        // A live stream never ends by itself: the status is what this table is about.
        await res.body?.cancel()
        expect(res.status).toBe(status)
        return
      }
      const text = await res.text()
      expect(res.status, text).toBe(status)
      if (status >= 400)
        expect(JSON.parse(text)).toMatchObject({
          error: { id: expect.any(String), message: expect.any(String) },
        })
    })

    it('lets the instance admin issue a password reset for anyone', async () => {
      const target = await fx.world.outsider()
      const res = await fx.world.api(fx.world.admin, 'POST', `/api/users/${target.userId}/password-reset`)
      expect(res.status).toBe(201)
    })

    it('refuses state-changing requests from another site, but not reads', async () => {
      const editor = await fx.world.member('editor')
      const evil = {
        origin: 'https://evil.example',
        cookie: editor.cookie,
        'content-type': 'application/json',
      }
      const post = await fetch(`${fx.server.url}/api/workspaces/${fx.world.workspaceId}/documents`, {
        method: 'POST',
        headers: evil,
        body: JSON.stringify({ title: 'x', kind: 'proposal' }),
      })
      expect(post.status).toBe(403)
      expect(await post.json()).toMatchObject({ error: { id: 'request.cross_site' } })
      const fetchSite = await fetch(`${fx.server.url}/api/workspaces/${fx.world.workspaceId}/documents`, {
        method: 'POST',
        headers: {
          cookie: editor.cookie,
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/json',
        },
        body: JSON.stringify({ title: 'x', kind: 'proposal' }),
      })
      expect(fetchSite.status).toBe(403)
      const read = await fetch(`${fx.server.url}/api/me`, {
        headers: { origin: 'https://evil.example', cookie: editor.cookie },
      })
      expect(read.status).toBe(200)
      // A non-browser client sends neither header: allowed.
      const cli = await fetch(`${fx.server.url}/api/workspaces/${fx.world.workspaceId}/documents`, {
        method: 'POST',
        headers: { cookie: editor.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'fra skript', kind: 'minutes' }),
      })
      expect(cli.status).toBe(201)
    })
  })
}
