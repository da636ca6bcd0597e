/** What makes an invitation usable, and joining a workspace with one. */
import { ErrorId } from '@trepart/shared'
import { hashToken } from '../../auth/tokens.js'
import type { Services } from '../../services.js'
import type { InvitationRow } from '../../store/invitations.js'
import { ApiError, errors } from '../errors.js'

export type InvitationState = 'valid' | 'expired' | 'used_up' | 'revoked'

export function invitationState(row: InvitationRow, now = Date.now()): InvitationState {
  if (row.revoked_at !== null) return 'revoked'
  if (row.expires_at <= now) return 'expired'
  if (row.uses >= row.max_uses) return 'used_up'
  return 'valid'
}

const stateErrors: Record<Exclude<InvitationState, 'valid'>, () => ApiError> = {
  expired: () => new ApiError(410, ErrorId.InvitationExpired, 'This invitation has expired'),
  used_up: () => new ApiError(410, ErrorId.InvitationUsedUp, 'This invitation has been used up'),
  revoked: () => new ApiError(410, ErrorId.InvitationRevoked, 'This invitation was revoked'),
}

/** The invitation behind `token` if it can be used now; otherwise its own clear error. */
export async function checkInvitation(services: Services, token: string): Promise<InvitationRow> {
  const row = await services.invitations.byTokenHash(hashToken(token))
  if (!row) throw errors.notFound()
  const state = invitationState(row)
  if (state !== 'valid') throw stateErrors[state]()
  return row
}

/** The error for an invitation that could not be used after all (used up, revoked or expired meanwhile). */
export async function invitationUnusable(services: Services, invitation: InvitationRow): Promise<ApiError> {
  const fresh = await services.invitations.byTokenHash(invitation.token_hash)
  const state = fresh ? invitationState(fresh) : 'revoked'
  return stateErrors[state === 'valid' ? 'used_up' : state]()
}

/** Takes one use of the invitation and adds the user with its party, role and signatory flag. */
export async function joinWithInvitation(
  services: Services,
  invitation: InvitationRow,
  userId: string,
): Promise<void> {
  if (await services.memberships.member(invitation.workspace_id, userId)) {
    throw new ApiError(409, ErrorId.AlreadyMember, 'You are already a member of this workspace')
  }
  if (!(await services.accounts.join(invitation, userId)))
    throw await invitationUnusable(services, invitation)
}
