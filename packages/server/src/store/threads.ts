/**
 * Comment threads and their comments. Visibility is part of every list query (never filtered
 * afterwards in memory), so a party-internal thread cannot reach another party by a forgotten check.
 */
import type { Kysely } from 'kysely'
import type { CommentTable, Database, ThreadTable } from './schema.js'

export type ThreadRow = ThreadTable
export type CommentRow = CommentTable

export interface ThreadWithNames extends ThreadRow {
  creator_name: string
  resolver_name: string | null
}

export interface CommentWithAuthor extends CommentRow {
  author_name: string
}

export interface ThreadFilter {
  /** The reader's party: `shared` threads and `party` threads of this party only. */
  viewerParty: string
  status?: string | undefined
  party?: string | undefined
}

export class Threads {
  constructor(private readonly db: Kysely<Database>) {}

  /** A thread and its opening comment, in one transaction. */
  async create(thread: ThreadRow, first: CommentRow): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('threads').values(thread).execute()
      await trx.insertInto('comments').values(first).execute()
    })
  }

  private threads() {
    return this.db
      .selectFrom('threads')
      .innerJoin('users as creator', 'creator.id', 'threads.created_by')
      .leftJoin('users as resolver', 'resolver.id', 'threads.resolved_by')
      .selectAll('threads')
      .select(['creator.name as creator_name', 'resolver.name as resolver_name'])
  }

  byId(id: string): Promise<ThreadWithNames | undefined> {
    return this.threads().where('threads.id', '=', id).executeTakeFirst()
  }

  /** The document's threads `filter.viewerParty` may see, oldest first. */
  list(documentId: string, filter: ThreadFilter): Promise<ThreadWithNames[]> {
    let q = this.threads()
      .where('threads.document_id', '=', documentId)
      .where((eb) =>
        eb.or([eb('threads.visibility', '=', 'shared'), eb('threads.party', '=', filter.viewerParty)]),
      )
    if (filter.status) q = q.where('threads.status', '=', filter.status)
    if (filter.party) q = q.where('threads.party', '=', filter.party)
    return q.orderBy('threads.created_at').orderBy('threads.id').execute()
  }

  /** Comments of the given threads, oldest first within each. */
  async comments(threadIds: readonly string[]): Promise<CommentWithAuthor[]> {
    if (threadIds.length === 0) return []
    return this.db
      .selectFrom('comments')
      .innerJoin('users', 'users.id', 'comments.author_id')
      .selectAll('comments')
      .select('users.name as author_name')
      .where('comments.thread_id', 'in', [...threadIds])
      .orderBy('comments.thread_id')
      .orderBy('comments.created_at')
      .orderBy('comments.id')
      .execute()
  }

  commentById(id: string): Promise<CommentWithAuthor | undefined> {
    return this.db
      .selectFrom('comments')
      .innerJoin('users', 'users.id', 'comments.author_id')
      .selectAll('comments')
      .select('users.name as author_name')
      .where('comments.id', '=', id)
      .executeTakeFirst()
  }

  /**
   * Adds a reply. Its time is later than every comment already in the thread (by at least 1 ms),
   * so replies keep the order they were written in even within one millisecond.
   */
  async addComment(row: CommentRow): Promise<CommentRow> {
    return this.db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('comments')
        .select((eb) => eb.fn.max('created_at').as('at'))
        .where('thread_id', '=', row.thread_id)
        .executeTakeFirst()
      const lastAt = last?.at === null || last?.at === undefined ? 0 : Number(last.at)
      const stored = { ...row, created_at: Math.max(row.created_at, lastAt + 1) }
      await trx.insertInto('comments').values(stored).execute()
      return stored
    })
  }

  async editComment(id: string, body: string, at: number): Promise<void> {
    await this.db.updateTable('comments').set({ body, edited_at: at }).where('id', '=', id).execute()
  }

  /** Soft delete; the body goes with it (a deleted comment's text is not kept for anyone). */
  async deleteComment(id: string, at: number): Promise<void> {
    await this.db.updateTable('comments').set({ body: '', deleted_at: at }).where('id', '=', id).execute()
  }

  async setStatus(id: string, change: { status: 'open' } | { status: 'resolved'; by: string; at: number }) {
    await this.db
      .updateTable('threads')
      .set(
        change.status === 'resolved'
          ? { status: 'resolved', resolved_by: change.by, resolved_at: change.at }
          : { status: 'open', resolved_by: null, resolved_at: null },
      )
      .where('id', '=', id)
      .execute()
  }
}
