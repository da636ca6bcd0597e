/** Workspaces, their parties and their members. */
import { DEFAULT_PARTIES } from '@trepart/shared'
import type { Kysely } from 'kysely'
import type { Database, Dialect, MemberTable, WorkspaceTable } from './schema.js'

export type WorkspaceRow = WorkspaceTable
export type MemberRow = MemberTable

export interface MemberWithUser extends MemberRow {
  name: string
  email: string
}

export class Memberships {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Creates a workspace with the default parties and its creator as admin, in one transaction. */
  async createWorkspace(ws: WorkspaceRow, creatorParty: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('workspaces').values(ws).execute()
      await trx
        .insertInto('workspace_parties')
        .values(
          DEFAULT_PARTIES.map((p, position) => ({
            workspace_id: ws.id,
            key: p.key,
            position,
            labels: JSON.stringify(p.labels),
            color: p.color,
          })),
        )
        .execute()
      await trx
        .insertInto('members')
        .values({
          workspace_id: ws.id,
          user_id: ws.created_by,
          party: creatorParty,
          role: 'admin',
          signatory: 0,
          joined_at: ws.created_at,
        })
        .execute()
    })
  }

  slugTaken(slug: string): Promise<boolean> {
    return this.db
      .selectFrom('workspaces')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirst()
      .then((r) => r !== undefined)
  }

  workspace(id: string): Promise<WorkspaceRow | undefined> {
    return this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async renameWorkspace(id: string, name: string): Promise<void> {
    await this.db
      .updateTable('workspaces')
      .set({ name, updated_at: Date.now() })
      .where('id', '=', id)
      .execute()
  }

  parties(workspaceId: string) {
    return this.db
      .selectFrom('workspace_parties')
      .select(['key', 'labels', 'color'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('position')
      .execute()
  }

  member(workspaceId: string, userId: string): Promise<MemberRow | undefined> {
    return this.db
      .selectFrom('members')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
  }

  members(workspaceId: string): Promise<MemberWithUser[]> {
    return this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .selectAll('members')
      .select(['users.name', 'users.email'])
      .where('members.workspace_id', '=', workspaceId)
      .orderBy('members.party')
      .orderBy('users.name')
      .execute()
  }

  workspacesOf(userId: string) {
    return this.db
      .selectFrom('members')
      .innerJoin('workspaces', 'workspaces.id', 'members.workspace_id')
      .select([
        'workspaces.id',
        'workspaces.name',
        'workspaces.slug',
        'members.party',
        'members.role',
        'members.signatory',
      ])
      .where('members.user_id', '=', userId)
      .orderBy('workspaces.name')
      .execute()
  }

  /**
   * Applies `change` unless it would leave the workspace without an admin; in one transaction so
   * two admins demoting each other at once cannot both succeed. Returns false when refused.
   */
  async changeMember(
    workspaceId: string,
    userId: string,
    change:
      | { kind: 'update'; patch: Partial<Pick<MemberRow, 'party' | 'role' | 'signatory'>> }
      | { kind: 'remove' },
  ): Promise<'ok' | 'last_admin' | 'not_found'> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') {
        // Serialise membership changes per workspace: two admins demoting each other at once must
        // not both pass the last-admin check. (SQLite runs one write transaction at a time anyway.)
        await trx.selectFrom('workspaces').select('id').where('id', '=', workspaceId).forUpdate().execute()
      }
      const current = await trx
        .selectFrom('members')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      if (!current) return 'not_found'
      const losesAdmin =
        current.role === 'admin' &&
        (change.kind === 'remove' || (change.patch.role !== undefined && change.patch.role !== 'admin'))
      if (losesAdmin) {
        const admins = await trx
          .selectFrom('members')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', workspaceId)
          .where('role', '=', 'admin')
          .executeTakeFirstOrThrow()
        if (Number(admins.n) <= 1) return 'last_admin'
      }
      if (change.kind === 'remove') {
        await trx
          .deleteFrom('members')
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .execute()
      } else if (Object.keys(change.patch).length > 0) {
        await trx
          .updateTable('members')
          .set(change.patch)
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', userId)
          .execute()
      }
      return 'ok'
    })
  }
}
