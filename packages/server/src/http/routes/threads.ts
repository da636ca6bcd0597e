/**
 * Comment threads on a document's text: members read the threads they may see; commenters,
 * editors and admins start threads, reply, resolve and reopen; authors edit and delete their own
 * comments, workspace admins delete any. A thread the caller may not see (another party's internal
 * one) answers 404 on every route, exactly like a missing one (middleware/thread-access.ts).
 * Author and party always come from the session's membership, never from the request. The quote
 * is computed here from the committed content; commenting never writes to the document.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  commentBody,
  commentResponseSchema,
  createThreadBody,
  listThreadsQuery,
  threadResponseSchema,
  threadsResponseSchema,
} from '@trepart/shared'
import type { Context } from 'hono'
import { z } from 'zod'
import { newId } from '../../auth/tokens.js'
import { ContentAnchors } from '../../comments/anchor.js'
import type { Services } from '../../services.js'
import { readCommitted } from '../../store/committed-content.js'
import type { ThreadWithNames } from '../../store/threads.js'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'
import { requireDocumentRole } from '../middleware/membership.js'
import { requireCommentRole, requireThreadRole } from '../middleware/thread-access.js'
import { presentComment, presentThread } from '../presenters.js'
import { errorResponses, json, jsonBody } from './define.js'

const id = z.object({ id: z.string().max(64) })
const tid = z.object({ tid: z.string().max(64) })
const cid = z.object({ cid: z.string().max(64) })

const fromBase64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))

export function threadRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { threads, content } = services

  /** Threads with their comments and their anchors resolved against the content as it is now. */
  async function present(documentId: string, rows: ThreadWithNames[]) {
    if (rows.length === 0) return []
    const comments = await threads.comments(rows.map((t) => t.id))
    const anchors = await readCommitted(content, documentId, (doc) => {
      const resolver = new ContentAnchors(doc)
      return rows.map((t) => resolver.resolve(t.anchor_start, t.anchor_end))
    })
    return rows.map((t, i) =>
      presentThread(
        t,
        anchors[i] ?? null,
        comments.filter((m) => m.thread_id === t.id),
      ),
    )
  }

  async function presentOne(c: Context<AppEnv>, threadId: string) {
    const row = await threads.byId(threadId)
    if (!row) throw errors.notFound()
    const [thread] = await present(c.var.document.id, [row])
    return thread!
  }

  // Chained, so the app type carries every route (the web app's `hc` client is typed from it).
  return app
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/documents/{id}/threads',
        summary: 'The document’s threads the caller may see (shared, and their own party’s internal ones)',
        middleware: [requireDocumentRole(services, 'viewer')] as const,
        request: { params: id, query: listThreadsQuery },
        responses: { 200: json(threadsResponseSchema, 'Threads, oldest first'), ...errorResponses },
      }),
      async (c) => {
        const q = c.req.valid('query')
        const rows = await threads.list(c.var.document.id, {
          viewerParty: c.var.member.party,
          status: q.status,
          party: q.party,
        })
        return c.json({ threads: await present(c.var.document.id, rows) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/threads',
        summary:
          'Start a thread on a stretch of committed text (commenters and up); its party is the caller’s',
        middleware: [requireDocumentRole(services, 'commenter')] as const,
        request: { params: id, ...jsonBody(createThreadBody) },
        responses: { 201: json(threadResponseSchema, 'Started'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const document = c.var.document
        const start = fromBase64(body.anchor.start)
        const end = fromBase64(body.anchor.end)
        const resolved = await readCommitted(content, document.id, (doc) =>
          new ContentAnchors(doc).resolve(start, end),
        )
        // Positions into text the server has not committed (or never had) resolve to nothing.
        if (resolved === null) throw errors.invalid('anchor: does not resolve into the document')
        if (resolved.orphaned) throw errors.invalid('anchor: covers no text')
        const now = Date.now()
        const user = c.var.auth!.user
        const party = c.var.member.party
        const thread = {
          id: newId(),
          document_id: document.id,
          anchor_start: start,
          anchor_end: end,
          quote: resolved.quote,
          visibility: body.visibility,
          party,
          status: 'open',
          resolved_by: null,
          resolved_at: null,
          created_by: user.id,
          created_at: now,
        }
        await threads.create(thread, {
          id: newId(),
          thread_id: thread.id,
          author_id: user.id,
          author_party: party,
          body: body.body,
          created_at: now,
          edited_at: null,
          deleted_at: null,
        })
        return c.json({ thread: await presentOne(c, thread.id) }, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'get',
        path: '/api/threads/{tid}',
        summary: 'A thread with its comments (404 when the caller may not see it)',
        middleware: [requireThreadRole(services, 'viewer')] as const,
        request: { params: tid },
        responses: { 200: json(threadResponseSchema, 'The thread'), ...errorResponses },
      }),
      async (c) => c.json({ thread: await presentOne(c, c.var.thread.id) }, 200),
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/threads/{tid}/comments',
        summary: 'Reply to a thread (commenters and up, any party that can see it)',
        middleware: [requireThreadRole(services, 'commenter')] as const,
        request: { params: tid, ...jsonBody(commentBody) },
        responses: { 201: json(commentResponseSchema, 'Added'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const user = c.var.auth!.user
        const stored = await threads.addComment({
          id: newId(),
          thread_id: c.var.thread.id,
          author_id: user.id,
          author_party: c.var.member.party,
          body: body.body,
          created_at: Date.now(),
          edited_at: null,
          deleted_at: null,
        })
        return c.json({ comment: presentComment({ ...stored, author_name: user.name }) }, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/comments/{cid}',
        summary: 'Edit a comment (its author only, while a commenter or more)',
        middleware: [requireCommentRole(services, 'commenter')] as const,
        request: { params: cid, ...jsonBody(commentBody) },
        responses: { 200: json(commentResponseSchema, 'Edited'), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const comment = c.var.comment
        if (comment.author_id !== c.var.auth!.user.id) throw errors.forbidden()
        const now = Date.now()
        await threads.editComment(comment.id, body.body, now)
        return c.json({ comment: presentComment({ ...comment, body: body.body, edited_at: now }) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/comments/{cid}',
        summary: 'Delete a comment (its author, or a workspace admin); the thread keeps its place',
        middleware: [requireCommentRole(services, 'commenter')] as const,
        request: { params: cid },
        responses: { 204: { description: 'Deleted' }, ...errorResponses },
      }),
      async (c) => {
        const comment = c.var.comment
        const isAuthor = comment.author_id === c.var.auth!.user.id
        if (!isAuthor && c.var.member.role !== 'admin') throw errors.forbidden()
        await threads.deleteComment(comment.id, Date.now())
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/threads/{tid}/resolve',
        summary: 'Mark a thread resolved (commenters and up); resolving a resolved thread changes nothing',
        middleware: [requireThreadRole(services, 'commenter')] as const,
        request: { params: tid },
        responses: { 200: json(threadResponseSchema, 'Resolved'), ...errorResponses },
      }),
      async (c) => {
        const thread = c.var.thread
        if (thread.status !== 'resolved') {
          await threads.setStatus(thread.id, { status: 'resolved', by: c.var.auth!.user.id, at: Date.now() })
        }
        return c.json({ thread: await presentOne(c, thread.id) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/threads/{tid}/reopen',
        summary: 'Reopen a resolved thread (commenters and up); reopening an open thread changes nothing',
        middleware: [requireThreadRole(services, 'commenter')] as const,
        request: { params: tid },
        responses: { 200: json(threadResponseSchema, 'Open'), ...errorResponses },
      }),
      async (c) => {
        const thread = c.var.thread
        if (thread.status !== 'open') await threads.setStatus(thread.id, { status: 'open' })
        return c.json({ thread: await presentOne(c, thread.id) }, 200)
      },
    )
}
