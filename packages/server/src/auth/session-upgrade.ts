/**
 * The websocket upgrade check with accounts: no valid session → 401; the document missing or the
 * user not a member of its workspace → 404; otherwise admitted, writing if the role may write.
 * Presence identity (name, party, role, colour) is fixed here from the session and membership.
 */
import { canWrite, type DocumentStatus, partyColor, type Role } from '@trepart/shared'
import type { Services } from '../services.js'
import type { AuthorizeUpgrade } from './authorize-upgrade.js'
import { readSessionToken } from './cookies.js'

export function sessionUpgradeAuthorizer(services: Services): AuthorizeUpgrade {
  const secure = services.config.auth.secureCookies
  return async ({ documentId, headers }) => {
    const token = readSessionToken(headers.get('cookie'), secure)
    const auth = token ? await services.sessions.validate(token) : null
    if (!auth) return { refusal: { status: 401, id: 'auth.unauthenticated', message: 'Sign in first' } }
    const notFound = { refusal: { status: 404 as const, id: 'not_found', message: 'Not found' } }
    const document = await services.documents.byId(documentId)
    if (!document) return notFound
    const member = await services.memberships.member(document.workspace_id, auth.user.id)
    if (!member) return notFound
    const role = member.role as Role
    return {
      principal: {
        id: auth.user.id,
        name: auth.user.name,
        sessionId: auth.session.id,
        sessionExpiresAt: auth.session.expiresAt,
        workspaceId: document.workspace_id,
        party: member.party,
        presence: {
          id: auth.user.id,
          name: auth.user.name,
          party: member.party,
          role,
          color: partyColor(member.party),
        },
      },
      access: { role, documentStatus: document.status as DocumentStatus },
      canWrite: canWrite(role, document.status as DocumentStatus),
    }
  }
}
