/**
 * Who may reset whose password: the one rule for issuing a reset link and for redeeming it. A reset
 * link hands over the whole account, so it is only as good as its issuer's authority at the moment
 * it is used — the target may have joined another workspace since, or the issuer been demoted or
 * removed.
 */
import type { Memberships } from '../store/memberships.js'
import type { Users } from '../store/users.js'

export interface ResetAuthorityStores {
  users: Users
  memberships: Memberships
}

/**
 * The instance admin may reset anyone. A workspace admin may reset only someone they administer
 * everywhere: the target is in at least one workspace, the issuer is admin of every workspace the
 * target is in, and the target is not the instance admin. An admin of one workspace must not be
 * able to take over a member who is also in another, nor the instance admin.
 */
export async function mayResetPassword(
  stores: ResetAuthorityStores,
  issuerId: string,
  targetId: string,
): Promise<boolean> {
  const [issuer, target] = await Promise.all([stores.users.byId(issuerId), stores.users.byId(targetId)])
  if (!issuer || !target) return false
  if (issuer.instance_admin === 1) return true
  if (target.instance_admin === 1) return false
  const workspaces = await stores.memberships.workspacesOf(targetId)
  // Someone in no workspace is administered by nobody but the instance admin.
  if (workspaces.length === 0) return false
  for (const ws of workspaces) {
    const membership = await stores.memberships.member(ws.id, issuerId)
    if (membership?.role !== 'admin') return false
  }
  return true
}
