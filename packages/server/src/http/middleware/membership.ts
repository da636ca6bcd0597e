/**
 * Membership and role checks, failing closed: a non-member gets 404 for anything in a workspace
 * (never 403: no hint that it exists), a member whose role is too low gets 403.
 */
import { type Role, roleAtLeast } from '@trepart/shared'
import type { MiddlewareHandler } from 'hono'
import type { Services } from '../../services.js'
import type { AppEnv } from '../context.js'
import { errors } from '../errors.js'

/** For routes under `/api/workspaces/:wid`. */
export function requireWorkspaceRole(services: Services, minimum: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.var.auth
    if (!auth) throw errors.unauthenticated()
    const member = await services.memberships.member(c.req.param('wid') ?? '', auth.user.id)
    if (!member) throw errors.notFound()
    if (!roleAtLeast(member.role as Role, minimum)) throw errors.forbidden()
    c.set('member', member)
    await next()
  }
}

/** For routes under `/api/documents/:id`: the document's workspace decides. */
export function requireDocumentRole(services: Services, minimum: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.var.auth
    if (!auth) throw errors.unauthenticated()
    const document = await services.documents.byId(c.req.param('id') ?? '')
    if (!document) throw errors.notFound()
    const member = await services.memberships.member(document.workspace_id, auth.user.id)
    if (!member) throw errors.notFound()
    if (!roleAtLeast(member.role as Role, minimum)) throw errors.forbidden()
    c.set('member', member)
    c.set('document', document)
    await next()
  }
}
