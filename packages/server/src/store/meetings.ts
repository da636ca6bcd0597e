/**
 * Meetings as stored: the meeting, its agenda items and its attendance. Every change to an
 * agenda's order is one transaction that holds the meeting (PostgreSQL: a row lock on it; SQLite
 * writes one transaction at a time), reads the order as it is and writes it back without gaps, so
 * that concurrent adds, moves and deletes compose instead of overwriting each other. Status moves
 * are conditional updates (`where status = …`): the database decides which of two racing opens
 * wins.
 */
import { PARTY_KEYS } from '@trepart/shared'
import type { Kysely, Transaction } from 'kysely'
import type { AgendaItemTable, Database, Dialect, MeetingAttendanceTable, MeetingTable } from './schema.js'

export type MeetingRow = MeetingTable
export type AgendaItemRow = AgendaItemTable
export type AttendanceRow = MeetingAttendanceTable

/** A person as a meeting shows them: name now, and party in the workspace now (null if they left). */
export interface PersonWithParty {
  id: string
  name: string
  party: string | null
}

export interface MeetingWithPeople extends MeetingRow {
  chair: PersonWithParty | null
  secretary: PersonWithParty | null
  creator_name: string
  item_count: number
}

/** An item with what it shows of its document (only one of the meeting's workspace, not archived) and its round. */
export interface AgendaItemWithLinks extends AgendaItemRow {
  outcome_by_name: string | null
  doc_title: string | null
  doc_kind: string | null
  doc_status: string | null
  round_outcome: string | null
  round_content_hash: string | null
}

export interface AttendanceWithName extends AttendanceRow {
  name: string
}

/**
 * Why an agenda change was refused. `decided`: the item's outcome is `decided` and the change would
 * link it to another document than the one whose round it records; `relinked`: a `decided` outcome
 * for a document the item no longer links (it was relinked meanwhile).
 */
export type AgendaRefusal = 'gone' | 'closed' | 'too_many' | 'no_item' | 'decided' | 'relinked'

/** Why a change of a meeting's facts was refused: it is gone, closed, or would end before it starts. */
export type MeetingRefusal = 'gone' | 'closed' | 'ends_before_start'

export class Meetings {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Holds the meeting for the rest of the transaction (PostgreSQL); returns its status. */
  private async lock(trx: Transaction<Database>, meetingId: string) {
    const q = trx.selectFrom('meetings').select(['status', 'workspace_id']).where('id', '=', meetingId)
    return this.dialect === 'postgres' ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst()
  }

  /**
   * Plans `row` unless its workspace holds `max` meetings already; false then. One transaction
   * holding the workspace (PostgreSQL: a row lock; SQLite writes one transaction at a time), so
   * that creates racing to the cap cannot each count the same number and all pass it.
   */
  insert(row: MeetingRow, max: number): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres')
        await trx
          .selectFrom('workspaces')
          .select('id')
          .where('id', '=', row.workspace_id)
          .forUpdate()
          .execute()
      const { n } = await trx
        .selectFrom('meetings')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', row.workspace_id)
        .executeTakeFirstOrThrow()
      if (Number(n) >= max) return false
      await trx.insertInto('meetings').values(row).execute()
      return true
    })
  }

  /** The meeting alone (for access checks). */
  byId(id: string): Promise<MeetingRow | undefined> {
    return this.db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** Meetings of the workspace with their people, newest start first; or the one `meetingId`. */
  async list(workspaceId: string, filter: { status?: string; meetingId?: string } = {}) {
    let q = this.db
      .selectFrom('meetings as m')
      .innerJoin('users as cu', 'cu.id', 'm.created_by')
      .leftJoin('users as chair', 'chair.id', 'm.chair_id')
      .leftJoin('members as chair_m', (j) =>
        j.onRef('chair_m.user_id', '=', 'm.chair_id').onRef('chair_m.workspace_id', '=', 'm.workspace_id'),
      )
      .leftJoin('users as sec', 'sec.id', 'm.secretary_id')
      .leftJoin('members as sec_m', (j) =>
        j.onRef('sec_m.user_id', '=', 'm.secretary_id').onRef('sec_m.workspace_id', '=', 'm.workspace_id'),
      )
      .selectAll('m')
      .select((eb) => [
        'cu.name as creator_name',
        'chair.name as chair_name',
        'chair_m.party as chair_party',
        'sec.name as sec_name',
        'sec_m.party as sec_party',
        eb
          .selectFrom('agenda_items')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('agenda_items.meeting_id', '=', 'm.id')
          .as('item_count'),
      ])
      .where('m.workspace_id', '=', workspaceId)
    if (filter.status) q = q.where('m.status', '=', filter.status)
    if (filter.meetingId) q = q.where('m.id', '=', filter.meetingId)
    const rows = await q.orderBy('m.starts_at', 'desc').orderBy('m.id').execute()
    return rows.map(({ chair_name, chair_party, sec_name, sec_party, ...m }): MeetingWithPeople => {
      const { item_count, ...meeting } = m
      return {
        ...meeting,
        item_count: Number(item_count ?? 0),
        chair: m.chair_id && chair_name ? { id: m.chair_id, name: chair_name, party: chair_party } : null,
        secretary:
          m.secretary_id && sec_name ? { id: m.secretary_id, name: sec_name, party: sec_party } : null,
      }
    })
  }

  /**
   * Changes the facts `patch` names (and only those: a change of the title never writes back a
   * start read before another request moved it) of a meeting that is not closed. The end is
   * checked against the start as they are in the same transaction, which holds the meeting: two
   * changes that are each fine alone never leave it ending before it starts.
   */
  update(id: string, patch: Partial<MeetingRow>): Promise<MeetingRefusal | null> {
    return this.db.transaction().execute(async (trx) => {
      const q = trx.selectFrom('meetings').select(['status', 'starts_at', 'ends_at']).where('id', '=', id)
      const meeting = await (this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst()
      if (!meeting) return 'gone'
      if (meeting.status === 'closed') return 'closed'
      if ((patch.ends_at ?? meeting.ends_at) < (patch.starts_at ?? meeting.starts_at))
        return 'ends_before_start'
      await trx.updateTable('meetings').set(patch).where('id', '=', id).execute()
      return null
    })
  }

  /** Moves the status `from` → `to`; false when the meeting was not in `from`. */
  async transition(id: string, from: string, to: string, at: number): Promise<boolean> {
    const res = await this.db
      .updateTable('meetings')
      .set({
        status: to,
        updated_at: at,
        ...(to === 'open' ? { opened_at: at } : {}),
        ...(to === 'closed' ? { closed_at: at, current_item_id: null } : {}),
      })
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst()
    return Number(res.numUpdatedRows) > 0
  }

  /** The item the table is at; only while open, only an item of this meeting (or none). */
  async setCurrent(
    meetingId: string,
    itemId: string | null,
    at: number,
  ): Promise<'ok' | 'not_open' | 'no_item'> {
    return this.db.transaction().execute(async (trx) => {
      const meeting = await this.lock(trx, meetingId)
      if (meeting?.status !== 'open') return 'not_open'
      if (itemId !== null) {
        const item = await trx
          .selectFrom('agenda_items')
          .select('id')
          .where('id', '=', itemId)
          .where('meeting_id', '=', meetingId)
          .executeTakeFirst()
        if (!item) return 'no_item'
      }
      await trx
        .updateTable('meetings')
        .set({ current_item_id: itemId, updated_at: at })
        .where('id', '=', meetingId)
        .execute()
      return 'ok'
    })
  }

  /** Sets the minutes document unless one is set; returns the one the meeting has afterwards. */
  async setMinutes(
    meetingId: string,
    insertDocument: (trx: Transaction<Database>) => Promise<string>,
  ): Promise<{ documentId: string; created: boolean } | null> {
    return this.db.transaction().execute(async (trx) => {
      const q = trx.selectFrom('meetings').select('minutes_document_id').where('id', '=', meetingId)
      const meeting = await (this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst()
      if (!meeting) return null
      if (meeting.minutes_document_id) return { documentId: meeting.minutes_document_id, created: false }
      const documentId = await insertDocument(trx)
      await trx
        .updateTable('meetings')
        .set({ minutes_document_id: documentId, updated_at: Date.now() })
        .where('id', '=', meetingId)
        .execute()
      return { documentId, created: true }
    })
  }

  // --- agenda ---

  /** The agenda in order, each item with its document (when in the workspace and not archived) and round. */
  items(meetingId: string, workspaceId: string): Promise<AgendaItemWithLinks[]> {
    return (
      this.db
        .selectFrom('agenda_items as i')
        .leftJoin('users as ob', 'ob.id', 'i.outcome_by')
        .leftJoin('documents as d', (j) =>
          j
            .onRef('d.id', '=', 'i.document_id')
            // Defence in depth: an item never shows a document of another workspace, whatever it holds.
            .on('d.workspace_id', '=', workspaceId)
            .on('d.archived', '=', 0),
        )
        // Only a round of the document the item links: a stored round of another never shows.
        .leftJoin('sign_off_rounds as r', (j) =>
          j.onRef('r.id', '=', 'i.decision_round_id').onRef('r.document_id', '=', 'i.document_id'),
        )
        .selectAll('i')
        .select([
          'ob.name as outcome_by_name',
          'd.title as doc_title',
          'd.kind as doc_kind',
          'd.status as doc_status',
          'r.outcome as round_outcome',
          'r.content_hash as round_content_hash',
        ])
        .where('i.meeting_id', '=', meetingId)
        .orderBy('i.position')
        .orderBy('i.id')
        .execute()
    )
  }

  item(meetingId: string, itemId: string): Promise<AgendaItemRow | undefined> {
    return this.db
      .selectFrom('agenda_items')
      .selectAll()
      .where('id', '=', itemId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst()
  }

  /**
   * Runs `work` in one transaction that holds the meeting, unless it is gone or closed, and moves
   * its `updated_at` when `work` changed something (returned no refusal).
   */
  private agendaChange(
    meetingId: string,
    at: number,
    work: (trx: Transaction<Database>) => Promise<AgendaRefusal | null>,
  ): Promise<AgendaRefusal | null> {
    return this.db.transaction().execute(async (trx) => {
      const meeting = await this.lock(trx, meetingId)
      if (!meeting) return 'gone'
      if (meeting.status === 'closed') return 'closed'
      const refused = await work(trx)
      if (refused) return refused
      await trx.updateTable('meetings').set({ updated_at: at }).where('id', '=', meetingId).execute()
      return null
    })
  }

  /** Updates one item of the meeting; `no_item` when it has none such. */
  private async updateItem(
    trx: Transaction<Database>,
    meetingId: string,
    itemId: string,
    set: Partial<AgendaItemRow>,
  ): Promise<AgendaRefusal | null> {
    const res = await trx
      .updateTable('agenda_items')
      .set(set)
      .where('id', '=', itemId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst()
    return Number(res.numUpdatedRows) === 0 ? 'no_item' : null
  }

  /** Adds `row` at the end of the agenda (its position is set here). */
  addItem(row: AgendaItemRow, max: number): Promise<AgendaRefusal | null> {
    return this.agendaChange(row.meeting_id, row.created_at, async (trx) => {
      const { n } = await trx
        .selectFrom('agenda_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('meeting_id', '=', row.meeting_id)
        .executeTakeFirstOrThrow()
      if (Number(n) >= max) return 'too_many'
      await trx
        .insertInto('agenda_items')
        .values({ ...row, position: Number(n) })
        .execute()
      return null
    })
  }

  /**
   * Changes an item's fields (never its position) while the meeting is not closed. A `decided`
   * item keeps its document (`decided`): its recorded round would otherwise show under another.
   */
  patchItem(
    meetingId: string,
    itemId: string,
    patch: Partial<Pick<AgendaItemRow, 'title' | 'document_id' | 'party' | 'planned_minutes'>>,
    at: number,
  ): Promise<AgendaRefusal | null> {
    return this.agendaChange(meetingId, at, async (trx) => {
      if (patch.document_id !== undefined) {
        const item = await trx
          .selectFrom('agenda_items')
          .select(['outcome', 'document_id'])
          .where('id', '=', itemId)
          .where('meeting_id', '=', meetingId)
          .executeTakeFirst()
        if (!item) return 'no_item'
        if (item.outcome === 'decided' && item.document_id !== patch.document_id) return 'decided'
      }
      return this.updateItem(trx, meetingId, itemId, patch)
    })
  }

  /**
   * Records (or clears) an item's outcome while the meeting is not closed. A round is recorded
   * only while the item still links `roundDocumentId`, the document it was read from (`relinked`
   * when a change of the link came in between).
   */
  setOutcome(
    meetingId: string,
    itemId: string,
    outcome: Pick<
      AgendaItemRow,
      'outcome' | 'outcome_note' | 'outcome_by' | 'outcome_at' | 'decision_round_id'
    >,
    roundDocumentId: string | null,
    at: number,
  ): Promise<AgendaRefusal | null> {
    return this.agendaChange(meetingId, at, async (trx) => {
      if (roundDocumentId !== null) {
        const item = await trx
          .selectFrom('agenda_items')
          .select('document_id')
          .where('id', '=', itemId)
          .where('meeting_id', '=', meetingId)
          .executeTakeFirst()
        if (!item) return 'no_item'
        if (item.document_id !== roundDocumentId) return 'relinked'
      }
      return this.updateItem(trx, meetingId, itemId, outcome)
    })
  }

  /** Deletes an item and closes the gap it leaves. */
  deleteItem(meetingId: string, itemId: string, at: number): Promise<AgendaRefusal | null> {
    return this.agendaChange(meetingId, at, async (trx) => {
      const res = await trx
        .deleteFrom('agenda_items')
        .where('id', '=', itemId)
        .where('meeting_id', '=', meetingId)
        .executeTakeFirst()
      if (Number(res.numDeletedRows) === 0) return 'no_item'
      await trx
        .updateTable('meetings')
        .set({ current_item_id: null })
        .where('id', '=', meetingId)
        .where('current_item_id', '=', itemId)
        .execute()
      await this.renumber(trx, meetingId, (ids) => ids)
      return null
    })
  }

  /** Moves an item to `index` (clamped) among the items as they are now. */
  moveItem(meetingId: string, itemId: string, index: number, at: number): Promise<AgendaRefusal | null> {
    return this.agendaChange(meetingId, at, async (trx) => {
      let found = true
      await this.renumber(trx, meetingId, (ids) => {
        if (!ids.includes(itemId)) {
          found = false
          return ids
        }
        const rest = ids.filter((id) => id !== itemId)
        rest.splice(Math.min(index, rest.length), 0, itemId)
        return rest
      })
      return found ? null : 'no_item'
    })
  }

  /** Reads the agenda's order, lets `reorder` change it, and writes positions 0..n-1 where they moved. */
  private async renumber(
    trx: Transaction<Database>,
    meetingId: string,
    reorder: (ids: string[]) => string[],
  ): Promise<void> {
    const rows = await trx
      .selectFrom('agenda_items')
      .select(['id', 'position'])
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .orderBy('id')
      .execute()
    const was = new Map(rows.map((r) => [r.id, r.position]))
    const order = reorder(rows.map((r) => r.id))
    for (const [position, id] of order.entries()) {
      if (was.get(id) === position) continue
      await trx.updateTable('agenda_items').set({ position }).where('id', '=', id).execute()
    }
  }

  // --- attendance ---

  /** Every recorded member, by party order then name. */
  async attendance(meetingId: string): Promise<AttendanceWithName[]> {
    const rows = await this.db
      .selectFrom('meeting_attendance as a')
      .innerJoin('users as u', 'u.id', 'a.user_id')
      .selectAll('a')
      .select('u.name')
      .where('a.meeting_id', '=', meetingId)
      .execute()
    const rank = (p: string) => {
      const i = (PARTY_KEYS as readonly string[]).indexOf(p)
      return i < 0 ? PARTY_KEYS.length : i
    }
    return rows.sort((a, b) => rank(a.party) - rank(b.party) || a.name.localeCompare(b.name, 'nb'))
  }

  /**
   * Seen on the meeting page while it is open: recorded present unless a row exists (a manual
   * correction always stands). True when this wrote a row.
   */
  async recordPresence(meetingId: string, userId: string, party: string, at: number): Promise<boolean> {
    const res = await this.db
      .insertInto('meeting_attendance')
      .values({
        meeting_id: meetingId,
        user_id: userId,
        party,
        present: 1,
        source: 'presence',
        updated_by: null,
        updated_at: at,
      })
      .onConflict((oc) => oc.columns(['meeting_id', 'user_id']).doNothing())
      .executeTakeFirst()
    return Number(res.numInsertedOrUpdatedRows ?? 0n) > 0
  }

  /** A correction by hand: replaces whatever was recorded. */
  async setAttendance(row: AttendanceRow): Promise<void> {
    await this.db
      .insertInto('meeting_attendance')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['meeting_id', 'user_id']).doUpdateSet({
          party: row.party,
          present: row.present,
          source: row.source,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute()
    await this.db
      .updateTable('meetings')
      .set({ updated_at: row.updated_at })
      .where('id', '=', row.meeting_id)
      .execute()
  }

  /** The latest sign-off round of a document (for a `decided` outcome). */
  latestRound(documentId: string) {
    return this.db
      .selectFrom('sign_off_rounds')
      .select(['id', 'outcome', 'content_hash'])
      .where('document_id', '=', documentId)
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst()
  }
}
