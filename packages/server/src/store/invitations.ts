/** Invitation links (stored hashed) and one-time password reset links (stored hashed). */
import type { Kysely } from 'kysely'
import type { Database, InvitationTable, PasswordResetTable } from './schema.js'

export type InvitationRow = InvitationTable

export class Invitations {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: InvitationRow): Promise<void> {
    await this.db.insertInto('invitations').values(row).execute()
  }

  byTokenHash(tokenHash: string): Promise<InvitationRow | undefined> {
    return this.db
      .selectFrom('invitations')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst()
  }

  list(workspaceId: string) {
    return this.db
      .selectFrom('invitations')
      .innerJoin('users', 'users.id', 'invitations.created_by')
      .selectAll('invitations')
      .select('users.name as creator_name')
      .where('invitations.workspace_id', '=', workspaceId)
      .orderBy('invitations.created_at', 'desc')
      .execute()
  }

  async revoke(workspaceId: string, id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('invitations')
      .set({ revoked_at: Date.now() })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    return Number(result.numUpdatedRows) > 0
  }
}

export class PasswordResets {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: PasswordResetTable): Promise<void> {
    await this.db.insertInto('password_resets').values(row).execute()
  }

  /**
   * Marks the reset used and returns whom it is for and who issued it, if it is valid; one use only
   * (one conditional update, so two redemptions at once cannot both win). The caller still checks
   * that the issuer may reset this person now; a link refused then stays used.
   */
  async consume(tokenHash: string): Promise<{ userId: string; issuedBy: string } | null> {
    const now = Date.now()
    const row = await this.db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['user_id', 'created_by'])
      .executeTakeFirst()
    return row ? { userId: row.user_id, issuedBy: row.created_by } : null
  }
}
