/**
 * Follow-up items of final decisions and their history of notes (issue 16). Lists are ordered in
 * SQL (overdue first, then by due date), so a cap on what is listed keeps the most pressing; the
 * notes of a listed page are read in one more query. Writes to one document's items are
 * serialised per document (its row locked on PostgreSQL), so a burst cannot pass the caps.
 */
import { type Kysely, type SqlBool, sql, type Transaction } from 'kysely'
import type { Database, Dialect, FollowUpItemTable, FollowUpNoteTable } from './schema.js'

export type FollowUpItemRow = FollowUpItemTable
export type FollowUpNoteRow = FollowUpNoteTable

/** An item as listed: with its document's title and the names of the people it names. */
export interface FollowUpListed extends FollowUpItemRow {
  document_title: string
  creator_name: string
  assignee_name: string | null
}

export interface FollowUpNoteListed extends FollowUpNoteRow {
  author_name: string
}

export interface FollowUpFilter {
  /** One item. */
  id?: string
  workspaceId?: string
  documentId?: string
  party?: string | undefined
  status?: string | undefined
  /** Leaves out what is done. */
  open?: boolean
}

/** What may change of an item; `note`/`status` add a history entry. */
export interface FollowUpPatch {
  title?: string | undefined
  party?: string | undefined
  assigneeId?: string | null | undefined
  dueDate?: string | undefined
  status?: string | undefined
  note?: string | undefined
}

/** The day (`YYYY-MM-DD`, UTC) of `at`. */
export const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10)

/** Not done and due before `today` (`YYYY-MM-DD`): days compare as text. */
export const isOverdue = (row: { status: string; due_date: string }, today: string) =>
  row.status !== 'done' && row.due_date < today

export class FollowUps {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  private async lockDocument(trx: Transaction<Database>, documentId: string): Promise<void> {
    if (this.dialect !== 'postgres') return
    await trx.selectFrom('documents').select('id').where('id', '=', documentId).forUpdate().execute()
  }

  /** Whether `userId` is a member of `party` in `workspaceId`, as the transaction reads it. */
  private async inParty(trx: Transaction<Database>, workspaceId: string, party: string, userId: string) {
    const member = await trx
      .selectFrom('members')
      .select('party')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return member?.party === party
  }

  /**
   * Adds an item unless the document holds `cap` already ('cap') or its assignee is not a member
   * of its party ('assignee').
   */
  async create(row: FollowUpItemRow, cap: number): Promise<'cap' | 'assignee' | null> {
    return this.db.transaction().execute(async (trx) => {
      await this.lockDocument(trx, row.document_id)
      if (
        row.assignee_id !== null &&
        !(await this.inParty(trx, row.workspace_id, row.party, row.assignee_id))
      )
        return 'assignee'
      const { n } = await trx
        .selectFrom('follow_up_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('document_id', '=', row.document_id)
        .executeTakeFirstOrThrow()
      if (Number(n) >= cap) return 'cap'
      await trx.insertInto('follow_up_items').values(row).execute()
      return null
    })
  }

  async byId(id: string): Promise<FollowUpItemRow | undefined> {
    return this.db.selectFrom('follow_up_items').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /**
   * Changes an item's fields and, when the patch has a status or a note, appends one history entry
   * by `author` (party as the server knows it). 'gone' when the item no longer exists, 'cap' when
   * its history is full, 'assignee' when the assignee is not a member of the item's party. The
   * assignee is checked here, after the lock, against the party as it is now: checked before, a
   * hand-over to another party written meanwhile would leave the other party's member assigned.
   * A hand-over lets go of an assignee who is not in the new party.
   */
  async update(
    id: string,
    patch: FollowUpPatch,
    author: { id: string; party: string },
    at: number,
    noteCap: number,
    newNoteId: () => string,
  ): Promise<'gone' | 'cap' | 'assignee' | null> {
    return this.db.transaction().execute(async (trx) => {
      const located = await trx
        .selectFrom('follow_up_items')
        .select('document_id')
        .where('id', '=', id)
        .executeTakeFirst()
      if (!located) return 'gone'
      await this.lockDocument(trx, located.document_id)
      // Read again under the lock: another change may have moved it meanwhile.
      const item = await trx
        .selectFrom('follow_up_items')
        .select(['workspace_id', 'party', 'assignee_id'])
        .where('id', '=', id)
        .executeTakeFirst()
      if (!item) return 'gone'
      const party = patch.party ?? item.party
      let assigneeId = patch.assigneeId
      if (assigneeId) {
        if (!(await this.inParty(trx, item.workspace_id, party, assigneeId))) return 'assignee'
      } else if (assigneeId === undefined && party !== item.party && item.assignee_id) {
        if (!(await this.inParty(trx, item.workspace_id, party, item.assignee_id))) assigneeId = null
      }
      const addsNote = patch.status !== undefined || patch.note !== undefined
      if (addsNote) {
        const { n } = await trx
          .selectFrom('follow_up_notes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('item_id', '=', id)
          .executeTakeFirstOrThrow()
        if (Number(n) >= noteCap) return 'cap'
      }
      await trx
        .updateTable('follow_up_items')
        .set({
          updated_at: at,
          ...(patch.title !== undefined ? { title: patch.title } : {}),
          ...(patch.party !== undefined ? { party: patch.party } : {}),
          ...(assigneeId !== undefined ? { assignee_id: assigneeId } : {}),
          ...(patch.dueDate !== undefined ? { due_date: patch.dueDate } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
        })
        .where('id', '=', id)
        .execute()
      if (addsNote) {
        await trx
          .insertInto('follow_up_notes')
          .values({
            id: newNoteId(),
            item_id: id,
            author_id: author.id,
            author_party: author.party,
            status: patch.status ?? null,
            note: patch.note ?? '',
            created_at: at,
          })
          .execute()
      }
      return null
    })
  }

  /**
   * Items matching `filter` (or, with `responsibleUserId`, the open items whose party is that
   * user's party in the item's workspace), overdue first, then by due date; at most `limit`.
   */
  async list(
    filter: FollowUpFilter & { responsibleUserId?: string },
    today: string,
    limit: number,
  ): Promise<FollowUpListed[]> {
    const userId = filter.responsibleUserId
    let query = this.db
      .selectFrom('follow_up_items as f')
      // "My follow-ups" (every member's home page) starts from the user's memberships and reads
      // each workspace's items by index: a condition on each item would scan every workspace's.
      .$if(userId !== undefined, (q) =>
        q.innerJoin('members as m', (join) =>
          join
            .onRef('m.workspace_id', '=', 'f.workspace_id')
            .onRef('m.party', '=', 'f.party')
            .on('m.user_id', '=', userId ?? ''),
        ),
      )
      .innerJoin('documents as d', 'd.id', 'f.document_id')
      .innerJoin('users as c', 'c.id', 'f.created_by')
      .leftJoin('users as a', 'a.id', 'f.assignee_id')
      .selectAll('f')
      .select(['d.title as document_title', 'c.name as creator_name', 'a.name as assignee_name'])
    if (filter.id !== undefined) query = query.where('f.id', '=', filter.id)
    if (filter.workspaceId !== undefined) query = query.where('f.workspace_id', '=', filter.workspaceId)
    if (filter.documentId !== undefined) query = query.where('f.document_id', '=', filter.documentId)
    if (filter.party !== undefined) query = query.where('f.party', '=', filter.party)
    if (filter.status !== undefined) query = query.where('f.status', '=', filter.status)
    if (filter.open) query = query.where('f.status', '<>', 'done')
    return query
      .orderBy(sql<SqlBool>`case when f.status <> 'done' and f.due_date < ${today} then 0 else 1 end`)
      .orderBy('f.due_date')
      .orderBy('f.created_at')
      .orderBy('f.id')
      .limit(limit)
      .execute()
  }

  /**
   * The history of each of `itemIds`, oldest first, by item: at most its `latest` newest notes,
   * and how many it holds in all (one query, whatever the number of items).
   */
  async notesOf(
    itemIds: readonly string[],
    latest: number,
  ): Promise<Map<string, { notes: FollowUpNoteListed[]; total: number }>> {
    const byItem = new Map<string, { notes: FollowUpNoteListed[]; total: number }>()
    if (itemIds.length === 0) return byItem
    // Ranked by id and time alone, and only the notes kept read whole: ranking whole rows sorted
    // every note's text of every listed item (500 items of 200 notes of 2,000 characters: 200 MB
    // through a temporary sort, blocking SQLite's event loop for seconds) to keep 20 of each.
    const ranked = this.db
      .selectFrom('follow_up_notes as k')
      .select([
        'k.id as note_id',
        sql<number>`row_number() over (partition by k.item_id order by k.created_at desc, k.id desc)`.as(
          'rank',
        ),
        sql<number>`count(*) over (partition by k.item_id)`.as('total'),
      ])
      .where('k.item_id', 'in', itemIds)
    const rows = await this.db
      .selectFrom(ranked.as('r'))
      .innerJoin('follow_up_notes as n', 'n.id', 'r.note_id')
      .innerJoin('users as u', 'u.id', 'n.author_id')
      .selectAll('n')
      .select(['u.name as author_name', 'r.rank', 'r.total'])
      .where('r.rank', '<=', latest)
      .orderBy('n.created_at')
      .orderBy('n.id')
      .execute()
    for (const { rank: _, total, ...note } of rows) {
      const entry = byItem.get(note.item_id) ?? { notes: [], total: Number(total) }
      entry.notes.push(note)
      byItem.set(note.item_id, entry)
    }
    return byItem
  }

  /** What a published decision's page shows of its items: no person, no note. */
  async publicOf(documentId: string, limit: number) {
    return this.db
      .selectFrom('follow_up_items')
      .select(['title', 'party', 'due_date', 'status'])
      .where('document_id', '=', documentId)
      .orderBy('due_date')
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute()
  }
}
