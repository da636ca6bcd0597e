/**
 * Access to threads and comments, failing closed like membership.ts, with one rule more: a thread
 * the member may not see (another party's internal one) answers 404 exactly as a missing one does,
 * before any role check, so no status tells that it exists. Only then does a too low role get 403.
 */
import { type Role, roleAtLeast } from '@trepart/shared'
import type { MiddlewareHandler } from 'hono'
import { maySeeThread } from '../../comments/visibility.js'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'

/** For routes under `/api/threads/:tid`: sets `thread`, `document` and `member`. */
export function requireThreadRole(services: Services, minimum: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.var.auth
    if (!auth) throw errors.unauthenticated()
    const thread = await services.threads.byId(c.req.param('tid') ?? '')
    if (!thread) throw errors.notFound()
    await admit(services, c, thread, auth.user.id, minimum)
    await next()
  }
}

/** For routes under `/api/comments/:cid`: sets `comment`, `thread`, `document` and `member`. */
export function requireCommentRole(services: Services, minimum: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.var.auth
    if (!auth) throw errors.unauthenticated()
    const comment = await services.threads.commentById(c.req.param('cid') ?? '')
    // A deleted comment is gone for editing and deleting alike.
    if (!comment || comment.deleted_at !== null) throw errors.notFound()
    const thread = await services.threads.byId(comment.thread_id)
    if (!thread) throw errors.notFound()
    await admit(services, c, thread, auth.user.id, minimum)
    c.set('comment', comment)
    await next()
  }
}

async function admit(
  services: Services,
  c: Parameters<MiddlewareHandler<AppEnv>>[0],
  thread: NonNullable<Awaited<ReturnType<Services['threads']['byId']>>>,
  userId: string,
  minimum: Role,
): Promise<void> {
  const document = await services.documents.byId(thread.document_id)
  if (!document) throw errors.notFound()
  const member = await services.memberships.member(document.workspace_id, userId)
  if (!member || !maySeeThread(member, thread)) throw errors.notFound()
  if (!roleAtLeast(member.role as Role, minimum)) throw errors.forbidden()
  c.set('member', member)
  c.set('document', document)
  c.set('thread', thread)
}
