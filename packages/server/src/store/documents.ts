/** Document metadata: title, kind, status, initiating party, times, archived. Content lives in the update log. */
import type { Kysely } from 'kysely'
import type { Database, DocumentTable } from './schema.js'

export type DocumentRow = DocumentTable

export interface DocumentFilter {
  status?: string | undefined
  kind?: string | undefined
  party?: string | undefined
  archived?: boolean | undefined
}

export class Documents {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: DocumentRow): Promise<void> {
    await this.db.insertInto('documents').values(row).execute()
  }

  byId(id: string) {
    return this.db
      .selectFrom('documents')
      .innerJoin('users', 'users.id', 'documents.created_by')
      .selectAll('documents')
      .select('users.name as creator_name')
      .where('documents.id', '=', id)
      .executeTakeFirst()
  }

  list(workspaceId: string, filter: DocumentFilter) {
    let q = this.db
      .selectFrom('documents')
      .innerJoin('users', 'users.id', 'documents.created_by')
      .selectAll('documents')
      .select('users.name as creator_name')
      .where('documents.workspace_id', '=', workspaceId)
    if (filter.status) q = q.where('documents.status', '=', filter.status)
    if (filter.kind) q = q.where('documents.kind', '=', filter.kind)
    if (filter.party) q = q.where('documents.initiating_party', '=', filter.party)
    if (filter.archived !== undefined) q = q.where('documents.archived', '=', filter.archived ? 1 : 0)
    return q.orderBy('documents.updated_at', 'desc').execute()
  }

  async update(id: string, patch: Partial<Pick<DocumentRow, 'title' | 'archived'>>): Promise<void> {
    await this.db
      .updateTable('documents')
      .set({ ...patch, updated_at: Date.now() })
      .where('id', '=', id)
      .execute()
  }

  /** Moves `updated_at` after content edits; callers throttle this to about once a minute. */
  async touch(id: string, at: number): Promise<void> {
    await this.db.updateTable('documents').set({ updated_at: at }).where('id', '=', id).execute()
  }
}
