/**
 * Comment threads on a document's text: members read the threads they may see; commenters,
 * editors and admins start threads, reply, resolve and reopen; authors edit and delete their own
 * comments, workspace admins delete any. A thread the caller may not see (another party's internal
 * one) answers 404 on every route, exactly like a missing one (middleware/thread-access.ts).
 * Author and party always come from the session's membership, never from the request. Starting a
 * thread and replying are comment-writes.ts's, which the collaboration socket's comment requests
 * share (SPEC C7); the quote is computed there from the committed content. Commenting never writes
 * to the document.
 *
 * Resolving an anchor rebuilds the document's Y.Doc when no room holds it; only the reads (the
 * list, GET) and starting a thread (which needs the quote) do it, never resolve/reopen. No cache
 * of rebuilt docs yet: one would have to follow every commit to stay correct.
 */
import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import {
  commentBody,
  commentResponseSchema,
  createThreadBody,
  listThreadsQuery,
  type ThreadServerEvent,
  type ThreadState,
  threadResponseSchema,
  threadStateResponseSchema,
  threadsResponseSchema,
} from '@trepart/shared'
import type { Context } from 'hono'
import { z } from 'zod'
import { ContentAnchors } from '../../comments/anchor.js'
import type { Services } from '../../services.js'
import { readCommitted } from '../../store/committed-content.js'
import type { ThreadFilter, ThreadRow, ThreadWithNames } from '../../store/threads.js'
import { about, type CommentAuthor, discussionFull, refusal } from '../comment-writes.js'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'
import { requireDocumentRole } from '../middleware/membership.js'
import { requireCommentRole, requireThreadRole } from '../middleware/thread-access.js'
import { presentComment, presentThread, presentThreadState } from '../presenters.js'
import { errorResponses, json, jsonBody, writeTimedOutResponse } from './define.js'

const id = z.object({ id: z.string().max(64) })
const tid = z.object({ tid: z.string().max(64) })
const cid = z.object({ cid: z.string().max(64) })

function statusEvent(state: ThreadState): ThreadServerEvent {
  return {
    type: 'thread.status',
    threadId: state.id,
    status: state.status,
    resolvedBy: state.resolvedBy,
    resolvedAt: state.resolvedAt,
  }
}

export function threadRoutes(services: Services) {
  const app = new OpenAPIHono<AppEnv>()
  const { threads, content, threadAnnouncer, commentWrites } = services
  // One bucket per user for every write route below (and the socket's comment requests), counted
  // before anything is read.
  const writeRate = commentWrites.rate.middleware()
  const discussionLimits = commentWrites.limits
  /** The session's member as the author of a write on the route's document. */
  const author = (c: Context<AppEnv>): CommentAuthor => ({
    userId: c.var.auth!.user.id,
    name: c.var.auth!.user.name,
    workspaceId: c.var.document.workspace_id,
  })

  /**
   * The threads `filter` selects, with their comments (one query for all, grouped by thread) and
   * their anchors resolved against the content as it is now (one rebuild of the doc at most).
   */
  async function presentList(documentId: string, filter: ThreadFilter) {
    const rows = await threads.list(documentId, filter)
    if (rows.length === 0) return []
    const comments = await threads.commentsByThread(documentId, filter)
    const anchors = await readCommitted(content, documentId, (doc) => {
      const resolver = new ContentAnchors(doc)
      return rows.map((t) => resolver.resolve(t.anchor_start, t.anchor_end))
    })
    return rows.map((t, i) => presentThread(t, anchors[i] ?? null, comments.get(t.id) ?? []))
  }

  /** One thread as GET answers it, its anchor resolved against the content now. */
  async function presentOne(row: ThreadWithNames) {
    const comments = await threads.commentsOf(row.id)
    const anchor = await readCommitted(content, row.document_id, (doc) =>
      new ContentAnchors(doc).resolve(row.anchor_start, row.anchor_end),
    )
    return presentThread(row, anchor, comments)
  }

  /** One thread after a status change: the stored quote, no anchor resolution (no rebuild). */
  async function presentState(threadId: string) {
    const row = await threads.byId(threadId)
    if (!row) throw errors.notFound()
    return presentThreadState(row, await threads.commentsOf(row.id))
  }

  /** The comment as stored now, to its thread's audience (an edit or a delete: see ThreadAnnouncer). */
  const announceComment = (c: Context<AppEnv>, commentId: string) =>
    threadAnnouncer.announceCurrent(
      about(c.var.document.workspace_id, c.var.thread),
      commentId,
      async () => {
        const row = await threads.commentById(commentId)
        return row ? { type: 'comment.updated', comment: presentComment(row) } : null
      },
      false,
    )

  /** The thread's status as stored now, to its audience, and the open counts that moved with it. */
  const announceStatus = (c: Context<AppEnv>, thread: ThreadRow) =>
    threadAnnouncer.announceCurrent(
      about(c.var.document.workspace_id, thread),
      thread.id,
      async () => {
        const row = await threads.byId(thread.id)
        return row ? statusEvent(presentThreadState(row, [])) : null
      },
      true,
    )

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
        const threadList = await presentList(c.var.document.id, {
          viewerParty: c.var.member.party,
          status: q.status,
          party: q.party,
        })
        return c.json({ threads: threadList }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/documents/{id}/threads',
        summary:
          'Start a thread on a stretch of committed text (commenters and up); its party is the caller’s',
        middleware: [writeRate, requireDocumentRole(services, 'commenter')] as const,
        request: { params: id, ...jsonBody(createThreadBody) },
        responses: {
          201: json(threadResponseSchema, 'Started'),
          ...errorResponses,
          ...writeTimedOutResponse,
        },
      }),
      async (c) => {
        const thread = await commentWrites.startThread(author(c), c.var.document.id, c.req.valid('json'))
        return c.json({ thread }, 201)
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
      async (c) => c.json({ thread: await presentOne(c.var.thread) }, 200),
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/threads/{tid}/comments',
        summary: 'Reply to a thread (commenters and up, any party that can see it)',
        middleware: [writeRate, requireThreadRole(services, 'commenter')] as const,
        request: { params: tid, ...jsonBody(commentBody) },
        responses: { 201: json(commentResponseSchema, 'Added'), ...errorResponses, ...writeTimedOutResponse },
      }),
      async (c) => {
        const comment = await commentWrites.reply(author(c), c.var.thread, c.req.valid('json').body)
        return c.json({ comment }, 201)
      },
    )

    .openapi(
      createRoute({
        method: 'patch',
        path: '/api/comments/{cid}',
        summary: 'Edit a comment (its author only, while a commenter or more)',
        middleware: [writeRate, requireCommentRole(services, 'commenter')] as const,
        request: { params: cid, ...jsonBody(commentBody) },
        responses: {
          200: json(commentResponseSchema, 'Edited'),
          ...errorResponses,
          ...writeTimedOutResponse,
        },
      }),
      async (c) => {
        const body = c.req.valid('json')
        const comment = c.var.comment
        if (comment.author_id !== c.var.auth!.user.id) throw errors.forbidden()
        const now = Date.now()
        const refused = await threads.editComment({
          comment,
          thread: c.var.thread,
          writer: commentWrites.writer(author(c)),
          body: body.body,
          at: now,
          limits: discussionLimits,
        })
        if (refused) throw refusal(refused, () => discussionFull())
        const edited = presentComment({ ...comment, body: body.body, edited_at: now })
        announceComment(c, comment.id)
        return c.json({ comment: edited }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'delete',
        path: '/api/comments/{cid}',
        summary: 'Delete a comment (its author, or a workspace admin); the thread keeps its place',
        middleware: [writeRate, requireCommentRole(services, 'commenter')] as const,
        request: { params: cid },
        responses: { 204: { description: 'Deleted' }, ...errorResponses, ...writeTimedOutResponse },
      }),
      async (c) => {
        const comment = c.var.comment
        const isAuthor = comment.author_id === c.var.auth!.user.id
        if (!isAuthor && c.var.member.role !== 'admin') throw errors.forbidden()
        const now = Date.now()
        if (await threads.deleteComment(comment.id, c.var.thread.document_id, now)) throw errors.notFound()
        announceComment(c, comment.id)
        return c.body(null, 204)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/threads/{tid}/resolve',
        summary: 'Mark a thread resolved (commenters and up); resolving a resolved thread changes nothing',
        middleware: [writeRate, requireThreadRole(services, 'commenter')] as const,
        request: { params: tid },
        responses: {
          200: json(threadStateResponseSchema, 'Resolved (without `orphaned`: see GET)'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const thread = c.var.thread
        if (thread.status === 'resolved') return c.json({ thread: await presentState(thread.id) }, 200)
        await threads.setStatus(thread.id, { status: 'resolved', by: c.var.auth!.user.id, at: Date.now() })
        announceStatus(c, thread)
        return c.json({ thread: await presentState(thread.id) }, 200)
      },
    )

    .openapi(
      createRoute({
        method: 'post',
        path: '/api/threads/{tid}/reopen',
        summary: 'Reopen a resolved thread (commenters and up); reopening an open thread changes nothing',
        middleware: [writeRate, requireThreadRole(services, 'commenter')] as const,
        request: { params: tid },
        responses: {
          200: json(threadStateResponseSchema, 'Open (without `orphaned`: see GET)'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const thread = c.var.thread
        if (thread.status === 'open') return c.json({ thread: await presentState(thread.id) }, 200)
        await threads.setStatus(thread.id, { status: 'open' })
        announceStatus(c, thread)
        return c.json({ thread: await presentState(thread.id) }, 200)
      },
    )
}
