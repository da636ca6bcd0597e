/**
 * Participation figures per party beyond the dialogue (issue 16): edits (added in batches by the
 * edit counter, read per document or per period), documents initiated, meetings attended and
 * sign-off decisions, for a document and for a workspace over a period. Threads and replies are
 * the dialogue's, counted by `Threads.participation` with its one visibility rule.
 */
import { type Kysely, sql } from 'kysely'
import type { Database } from './schema.js'

/** Edits of one document by one party on one UTC day, as the edit counter hands them over. */
export interface EditCountRow {
  documentId: string
  workspaceId: string
  party: string
  day: string
  edits: number
}

/** A workspace's figures for one party over a period, besides its dialogue (absent parties have none). */
export interface WorkspaceParticipationRow {
  documentsInitiated: number
  edits: number
  meetingsAttended: number
  decisionsSigned: number
}

export interface Period {
  /** Both ends included, `YYYY-MM-DD` (UTC). */
  fromDay: string
  toDay: string
  /** The same period in epoch ms: [from, until). */
  fromMs: number
  untilMs: number
}

/** Rows of one statement: five values each, well under SQLite's and PostgreSQL's parameter limits. */
const EDIT_ROWS_PER_STATEMENT = 500

const byParty = <T extends { party: string }>(rows: T[], value: (row: T) => unknown) =>
  new Map(rows.map((r) => [r.party, Number(value(r) ?? 0)]))

export class Participation {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds counted edits to what is stored, in one statement per batch (insert or add). */
  async addEdits(unordered: readonly EditCountRow[]): Promise<void> {
    // In key order: two instances adding to the same rows at once then lock them in the same
    // order (PostgreSQL), so their batches wait for each other instead of deadlocking.
    const key = (r: EditCountRow) => `${r.documentId}\n${r.party}\n${r.day}`
    const rows = [...unordered].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    // One transaction: the edit counter adds a failed batch back whole, so a batch stored in part
    // would count its first statements twice.
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += EDIT_ROWS_PER_STATEMENT) {
        const batch = rows.slice(i, i + EDIT_ROWS_PER_STATEMENT)
        await trx
          .insertInto('edit_counts')
          .values(
            batch.map((r) => ({
              document_id: r.documentId,
              workspace_id: r.workspaceId,
              party: r.party,
              day: r.day,
              edits: r.edits,
            })),
          )
          .onConflict((oc) =>
            oc.columns(['document_id', 'party', 'day']).doUpdateSet({
              edits: sql<number>`edit_counts.edits + excluded.edits`,
            }),
          )
          .execute()
      }
    })
  }

  /** Per party: edits committed to the document and sign-off decisions made on it (every round). */
  async documentFigures(documentId: string): Promise<Map<string, { edits: number; decisions: number }>> {
    const [edits, decisions] = await Promise.all([
      this.db
        .selectFrom('edit_counts')
        .select((eb) => ['party', eb.fn.sum<number>('edits').as('n')])
        .where('document_id', '=', documentId)
        .groupBy('party')
        .execute(),
      this.db
        .selectFrom('sign_off_decisions as s')
        .innerJoin('sign_off_rounds as r', 'r.id', 's.round_id')
        .select((eb) => ['s.party', eb.fn.countAll<number>().as('n')])
        .where('r.document_id', '=', documentId)
        .groupBy('s.party')
        .execute(),
    ])
    const e = byParty(edits, (r) => r.n)
    const d = byParty(decisions, (r) => r.n)
    const result = new Map<string, { edits: number; decisions: number }>()
    for (const party of new Set([...e.keys(), ...d.keys()]))
      result.set(party, { edits: e.get(party) ?? 0, decisions: d.get(party) ?? 0 })
    return result
  }

  /**
   * A workspace's figures per party over `period`, besides the dialogue (threads and replies are
   * `Threads.participation`'s). A meeting counts once for a party when any of its members was present.
   */
  async workspaceFigures(
    workspaceId: string,
    period: Period,
  ): Promise<Map<string, WorkspaceParticipationRow>> {
    const { fromMs, untilMs, fromDay, toDay } = period
    const [initiated, edits, meetings, decisions] = await Promise.all([
      this.db
        .selectFrom('documents')
        .select((eb) => ['initiating_party as party', eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('created_at', '>=', fromMs)
        .where('created_at', '<', untilMs)
        .groupBy('initiating_party')
        .execute(),
      this.db
        .selectFrom('edit_counts')
        .select((eb) => ['party', eb.fn.sum<number>('edits').as('n')])
        .where('workspace_id', '=', workspaceId)
        .where('day', '>=', fromDay)
        .where('day', '<=', toDay)
        .groupBy('party')
        .execute(),
      this.db
        .selectFrom('meeting_attendance as a')
        .innerJoin('meetings as m', 'm.id', 'a.meeting_id')
        .select((eb) => ['a.party as party', eb.fn.count<number>('a.meeting_id').distinct().as('n')])
        .where('m.workspace_id', '=', workspaceId)
        .where('a.present', '=', 1)
        .where('m.starts_at', '>=', fromMs)
        .where('m.starts_at', '<', untilMs)
        .groupBy('a.party')
        .execute(),
      this.db
        .selectFrom('sign_off_decisions as s')
        .innerJoin('sign_off_rounds as r', 'r.id', 's.round_id')
        .innerJoin('documents as d', 'd.id', 'r.document_id')
        .select((eb) => ['s.party as party', eb.fn.countAll<number>().as('n')])
        .where('d.workspace_id', '=', workspaceId)
        .where('s.decided_at', '>=', fromMs)
        .where('s.decided_at', '<', untilMs)
        .groupBy('s.party')
        .execute(),
    ])
    // PostgreSQL answers sums and counts as bigint strings.
    const figures = {
      documentsInitiated: byParty(initiated, (r) => r.n),
      edits: byParty(edits, (r) => r.n),
      meetingsAttended: byParty(meetings, (r) => r.n),
      decisionsSigned: byParty(decisions, (r) => r.n),
    }
    const parties = new Set(Object.values(figures).flatMap((m) => [...m.keys()]))
    const result = new Map<string, WorkspaceParticipationRow>()
    for (const party of parties)
      result.set(party, {
        documentsInitiated: figures.documentsInitiated.get(party) ?? 0,
        edits: figures.edits.get(party) ?? 0,
        meetingsAttended: figures.meetingsAttended.get(party) ?? 0,
        decisionsSigned: figures.decisionsSigned.get(party) ?? 0,
      })
    return result
  }
}
