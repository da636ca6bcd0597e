/**
 * Consensus sign-off as stored: versions of a document's content, rounds that freeze one version
 * for the parties to decide on, one current decision per party and round, and the document's
 * status that follows from them (draft → in_review → final, or back to draft). Every step is one
 * transaction, serialised per document (PostgreSQL: a row lock on the document; SQLite writes one
 * transaction at a time), which also appends the step to the workspace's audit log. Who decides,
 * and for which party, is read inside that transaction from the membership, never taken from the
 * request.
 */
import { type Decision, PARTY_KEYS, type PartyKey } from '@trepart/shared'
import type { ExpressionBuilder, Kysely, Transaction } from 'kysely'
import type { AuditAppend, AuditLog } from './audit-log.js'
import type {
  Database,
  Dialect,
  DocumentTable,
  DocumentVersionTable,
  SignOffDecisionTable,
  SignOffRoundTable,
} from './schema.js'

export type VersionRow = DocumentVersionTable
export type RoundRow = SignOffRoundTable & {
  started_by_name: string
  ended_by_name: string | null
}
export type DecisionRow = SignOffDecisionTable & { decided_by_name: string }

/** Why a sign-off step was refused (each has its error id in the routes). */
export type SignOffRefusal =
  | 'gone'
  | 'not_draft'
  | 'final'
  | 'round_not_open'
  | 'not_signatory'
  | 'wrong_party'
  | 'stale_hash'
  | 'forbidden'

/** A step's outcome: the document's status after it. */
export interface StatusAfter {
  status: 'draft' | 'in_review' | 'final'
}

/** For queries over `documents`: no round is open on the document. */
const withoutOpenRound = ({ not, exists, selectFrom }: ExpressionBuilder<Database, 'documents'>) =>
  not(
    exists(
      selectFrom('sign_off_rounds')
        .select('id')
        .whereRef('sign_off_rounds.document_id', '=', 'documents.id')
        .where('sign_off_rounds.outcome', 'is', null),
    ),
  )

export class SignOff {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly audit: AuditLog,
  ) {}

  private async lock(trx: Transaction<Database>, documentId: string) {
    const q = trx.selectFrom('documents').select(['status', 'workspace_id']).where('id', '=', documentId)
    return this.dialect === 'postgres' ? q.forUpdate().executeTakeFirst() : q.executeTakeFirst()
  }

  /** The workspace's parties that have no signatory. */
  async partiesWithoutSignatory(workspaceId: string, db: Kysely<Database> = this.db): Promise<string[]> {
    const rows = await db
      .selectFrom('workspace_parties as wp')
      .select('wp.key')
      .where('wp.workspace_id', '=', workspaceId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('members as m')
              .select('m.user_id')
              .whereRef('m.workspace_id', '=', 'wp.workspace_id')
              .whereRef('m.party', '=', 'wp.key')
              .where('m.signatory', '=', 1),
          ),
        ),
      )
      .orderBy('wp.position')
      .execute()
    return rows.map((r) => r.key)
  }

  /**
   * The first step of a round: a draft with a signatory in every party goes `in_review`, which
   * locks its content (new connections are admitted read-only from here; the route locks the open
   * ones). Nothing else is written yet: the version is taken once the room's pending writes are in.
   */
  async beginReview(documentId: string): Promise<SignOffRefusal | { missing: string[] } | null> {
    return this.db.transaction().execute(async (trx) => {
      const doc = await this.lock(trx, documentId)
      if (!doc) return 'gone'
      if (doc.status === 'final') return 'final'
      if (doc.status !== 'draft') return 'not_draft'
      const missing = await this.partiesWithoutSignatory(doc.workspace_id, trx)
      if (missing.length > 0) return { missing }
      await trx
        .updateTable('documents')
        .set({ status: 'in_review', review_started_at: Date.now() })
        .where('id', '=', documentId)
        .execute()
      return null
    })
  }

  /** Puts a document whose round could not be recorded back to draft (never one with an open round). */
  async abortReview(documentId: string): Promise<void> {
    await this.db
      .updateTable('documents')
      .set({ status: 'draft' })
      .where('id', '=', documentId)
      .where('status', '=', 'in_review')
      .where(withoutOpenRound)
      .execute()
  }

  /**
   * At start: documents left `in_review` without an open round (a process that stopped between a
   * round's two steps) go back to draft, rather than stay locked with nothing to decide on.
   * Returns their ids.
   */
  async reconcileReviews(graceMs: number): Promise<string[]> {
    // Scaled out, another instance may be between the two steps right now: only a lock older
    // than any round's start takes is left over from a crash.
    const before = Date.now() - graceMs
    const stuck = await this.db
      .selectFrom('documents')
      .select('id')
      .where('status', '=', 'in_review')
      .where((eb) => eb.or([eb('review_started_at', 'is', null), eb('review_started_at', '<', before)]))
      .where(withoutOpenRound)
      .execute()
    for (const { id } of stuck) await this.abortReview(id)
    return stuck.map((r) => r.id)
  }

  /** How many versions the document holds (for MAX_VERSIONS_PER_DOCUMENT). */
  async versionCount(documentId: string): Promise<number> {
    const row = await this.db
      .selectFrom('document_versions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('document_id', '=', documentId)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** The second step: the frozen version, the round on it, and the audit entry, together. */
  async openRound(workspaceId: string, version: VersionRow, round: SignOffRoundTable): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('document_versions').values(version).execute()
      await trx.insertInto('sign_off_rounds').values(round).execute()
      await this.audit.append(trx, {
        workspaceId,
        actorId: round.started_by,
        kind: 'round.started',
        documentId: round.document_id,
        contentHash: round.content_hash,
        payload: { roundId: round.id, versionId: version.id, dueAt: round.due_at, message: round.message },
        at: round.started_at,
      })
    })
  }

  /**
   * A party's decision, by a signatory of that party, on the round's hash. An objection ends the
   * round (changes requested: back to draft); the last party's approval makes the document final.
   * Two signatories of one party deciding at once leave one decision: the later replaces the
   * earlier (both are in the audit log).
   */
  async decide(input: {
    documentId: string
    userId: string
    decision: Decision
    note: string | null
    contentHash: string
    party: string | undefined
    at: number
  }): Promise<SignOffRefusal | StatusAfter> {
    return this.db.transaction().execute(async (trx) => {
      const doc = await this.lock(trx, input.documentId)
      if (!doc) return 'gone'
      const round = await this.openRoundOf(trx, input.documentId)
      // Both must hold: a round row and the status that locks the text it froze.
      if (!round || doc.status !== 'in_review') return 'round_not_open'
      const member = await trx
        .selectFrom('members')
        .select(['party', 'signatory'])
        .where('workspace_id', '=', doc.workspace_id)
        .where('user_id', '=', input.userId)
        .executeTakeFirst()
      if (!member) return 'gone'
      if (member.signatory !== 1) return 'not_signatory'
      if (input.party !== undefined && input.party !== member.party) return 'wrong_party'
      if (input.contentHash !== round.content_hash) return 'stale_hash'
      const bound = await trx
        .selectFrom('sign_off_deciders')
        .select('party')
        .where('round_id', '=', round.id)
        .where('user_id', '=', input.userId)
        .executeTakeFirst()
      if (bound && bound.party !== member.party) return 'wrong_party'
      if (!bound) {
        await trx
          .insertInto('sign_off_deciders')
          .values({ round_id: round.id, user_id: input.userId, party: member.party })
          .execute()
      }
      const row = {
        round_id: round.id,
        party: member.party,
        decision: input.decision,
        note: input.note,
        decided_by: input.userId,
        decided_at: input.at,
        content_hash: round.content_hash,
      }
      await trx
        .insertInto('sign_off_decisions')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['round_id', 'party']).doUpdateSet({
            decision: row.decision,
            note: row.note,
            decided_by: row.decided_by,
            decided_at: row.decided_at,
            content_hash: row.content_hash,
          }),
        )
        .execute()
      const audit = {
        workspaceId: doc.workspace_id,
        actorId: input.userId,
        documentId: input.documentId,
        at: input.at,
      }
      await this.audit.append(trx, {
        ...audit,
        kind: 'decision',
        contentHash: round.content_hash,
        payload: { roundId: round.id, party: member.party, decision: input.decision, note: input.note },
      })
      if (input.decision === 'object') {
        await this.endRound(
          trx,
          round.id,
          input.documentId,
          'changes_requested',
          input.userId,
          input.at,
          'draft',
        )
        await this.audit.append(trx, {
          ...audit,
          kind: 'round.ended',
          contentHash: round.content_hash,
          payload: { roundId: round.id, outcome: 'changes_requested' },
        })
        return { status: 'draft' }
      }
      const decided = await trx
        .selectFrom('sign_off_decisions')
        .select(['party', 'decision'])
        .where('round_id', '=', round.id)
        .execute()
      const parties = await trx
        .selectFrom('workspace_parties')
        .select('key')
        .where('workspace_id', '=', doc.workspace_id)
        .execute()
      const approved = new Set(decided.filter((d) => d.decision !== 'object').map((d) => d.party))
      if (parties.length === 0 || !parties.every((p) => approved.has(p.key))) return { status: 'in_review' }
      await this.endRound(trx, round.id, input.documentId, 'approved', input.userId, input.at, 'final')
      await this.audit.append(trx, {
        ...audit,
        kind: 'document.final',
        contentHash: round.content_hash,
        payload: { roundId: round.id, versionId: round.version_id, parties: parties.map((p) => p.key) },
      })
      return { status: 'final' }
    })
  }

  /** Ends the open round as withdrawn (by its starter or any signatory): back to draft. */
  async withdraw(documentId: string, userId: string, at: number): Promise<SignOffRefusal | StatusAfter> {
    return this.db.transaction().execute(async (trx) => {
      const doc = await this.lock(trx, documentId)
      if (!doc) return 'gone'
      const round = await this.openRoundOf(trx, documentId)
      if (!round) return 'round_not_open'
      const member = await trx
        .selectFrom('members')
        .select(['signatory'])
        .where('workspace_id', '=', doc.workspace_id)
        .where('user_id', '=', userId)
        .executeTakeFirst()
      if (!member) return 'gone'
      if (round.started_by !== userId && member.signatory !== 1) return 'forbidden'
      await this.endRound(trx, round.id, documentId, 'withdrawn', userId, at, 'draft')
      await this.audit.append(trx, {
        workspaceId: doc.workspace_id,
        actorId: userId,
        kind: 'round.withdrawn',
        documentId,
        contentHash: round.content_hash,
        payload: { roundId: round.id },
        at,
      })
      return { status: 'draft' }
    })
  }

  private openRoundOf(trx: Transaction<Database>, documentId: string) {
    return trx
      .selectFrom('sign_off_rounds')
      .selectAll()
      .where('document_id', '=', documentId)
      .where('outcome', 'is', null)
      .executeTakeFirst()
  }

  private async endRound(
    trx: Transaction<Database>,
    roundId: string,
    documentId: string,
    outcome: string,
    by: string,
    at: number,
    status: StatusAfter['status'],
  ) {
    await trx
      .updateTable('sign_off_rounds')
      .set({ outcome, ended_by: by, ended_at: at })
      .where('id', '=', roundId)
      .execute()
    await trx.updateTable('documents').set({ status, updated_at: at }).where('id', '=', documentId).execute()
  }

  private rounds() {
    return this.db
      .selectFrom('sign_off_rounds')
      .innerJoin('users as starter', 'starter.id', 'sign_off_rounds.started_by')
      .leftJoin('users as ender', 'ender.id', 'sign_off_rounds.ended_by')
      .selectAll('sign_off_rounds')
      .select(['starter.name as started_by_name', 'ender.name as ended_by_name'])
  }

  /** The document's rounds, oldest first. */
  roundsOf(documentId: string): Promise<RoundRow[]> {
    return this.rounds()
      .where('sign_off_rounds.document_id', '=', documentId)
      .orderBy('sign_off_rounds.started_at')
      .orderBy('sign_off_rounds.id')
      .execute()
  }

  /** The current decision of each party in each of `roundIds`, by round, in PARTY_KEYS order. */
  async decisionsOf(documentId: string): Promise<Map<string, DecisionRow[]>> {
    const rows = await this.db
      .selectFrom('sign_off_decisions')
      .innerJoin('sign_off_rounds', 'sign_off_rounds.id', 'sign_off_decisions.round_id')
      .innerJoin('users', 'users.id', 'sign_off_decisions.decided_by')
      .selectAll('sign_off_decisions')
      .select('users.name as decided_by_name')
      .where('sign_off_rounds.document_id', '=', documentId)
      .execute()
    const order = (party: string) => PARTY_KEYS.indexOf(party as (typeof PARTY_KEYS)[number])
    const byRound = new Map<string, DecisionRow[]>()
    for (const row of rows.sort((a, b) => order(a.party) - order(b.party))) {
      const list = byRound.get(row.round_id)
      if (list) list.push(row)
      else byRound.set(row.round_id, [row])
    }
    return byRound
  }

  async insertVersion(version: VersionRow): Promise<void> {
    await this.db.insertInto('document_versions').values(version).execute()
  }

  private versions() {
    return this.db
      .selectFrom('document_versions')
      .innerJoin('users', 'users.id', 'document_versions.created_by')
      .selectAll('document_versions')
      .select('users.name as created_by_name')
  }

  /** The document's versions, oldest first, without their content. */
  versionsOf(documentId: string) {
    return this.db
      .selectFrom('document_versions')
      .innerJoin('users', 'users.id', 'document_versions.created_by')
      .select([
        'document_versions.id',
        'document_versions.document_id',
        'document_versions.name',
        'document_versions.reason',
        'document_versions.content_hash',
        'document_versions.created_by',
        'document_versions.created_at',
        'users.name as created_by_name',
      ])
      .where('document_versions.document_id', '=', documentId)
      .orderBy('document_versions.created_at')
      .orderBy('document_versions.id')
      .execute()
  }

  /** One version of one document, with its content. */
  version(documentId: string, versionId: string) {
    return this.versions()
      .where('document_versions.document_id', '=', documentId)
      .where('document_versions.id', '=', versionId)
      .executeTakeFirst()
  }

  /** The version the approving round of a final document froze. */
  finalVersion(documentId: string) {
    return this.versions()
      .innerJoin('sign_off_rounds', 'sign_off_rounds.version_id', 'document_versions.id')
      .where('sign_off_rounds.document_id', '=', documentId)
      .where('sign_off_rounds.outcome', '=', 'approved')
      .executeTakeFirst()
  }

  /** An amendment's document and its audit entry, together (its content was seeded before). */
  async createAmendment(row: DocumentTable, entry: AuditAppend): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('documents').values(row).execute()
      await this.audit.append(trx, entry)
    })
  }

  /**
   * Per document of the workspace with an open round, the parties whose decision it still awaits
   * (in PARTY_KEYS order); documents without an open round are absent. Two queries for the whole
   * workspace, never one per document.
   */
  async awaitingParties(workspaceId: string, documentId?: string): Promise<Map<string, PartyKey[]>> {
    let rounds = this.db
      .selectFrom('sign_off_rounds')
      .innerJoin('documents', 'documents.id', 'sign_off_rounds.document_id')
      .select(['sign_off_rounds.id', 'sign_off_rounds.document_id'])
      .where('documents.workspace_id', '=', workspaceId)
      .where('sign_off_rounds.outcome', 'is', null)
    if (documentId) rounds = rounds.where('documents.id', '=', documentId)
    const [open, parties] = await Promise.all([
      rounds.execute(),
      this.db.selectFrom('workspace_parties').select('key').where('workspace_id', '=', workspaceId).execute(),
    ])
    if (open.length === 0) return new Map()
    let decisions = this.db
      .selectFrom('sign_off_decisions')
      .innerJoin('sign_off_rounds', 'sign_off_rounds.id', 'sign_off_decisions.round_id')
      .innerJoin('documents', 'documents.id', 'sign_off_rounds.document_id')
      .select(['sign_off_decisions.round_id', 'sign_off_decisions.party'])
      .where('documents.workspace_id', '=', workspaceId)
      .where('sign_off_rounds.outcome', 'is', null)
    if (documentId) decisions = decisions.where('documents.id', '=', documentId)
    const decided = new Set((await decisions.execute()).map((d) => `${d.round_id} ${d.party}`))
    const keys = PARTY_KEYS.filter((k) => parties.some((p) => p.key === k))
    return new Map(open.map((r) => [r.document_id, keys.filter((k) => !decided.has(`${r.id} ${k}`))]))
  }

  /**
   * Per workspace of the user, the documents whose open round awaits the user's party: what
   * "awaiting your party's decision" counts on the home page. One grouped query.
   */
  async awaitingCounts(userId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('members as m')
      .innerJoin('documents as d', 'd.workspace_id', 'm.workspace_id')
      .innerJoin('sign_off_rounds as r', 'r.document_id', 'd.id')
      .select((eb) => ['m.workspace_id', eb.fn.countAll<number>().as('n')])
      .where('m.user_id', '=', userId)
      .where('r.outcome', 'is', null)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('sign_off_decisions as sd')
              .select('sd.party')
              .whereRef('sd.round_id', '=', 'r.id')
              .whereRef('sd.party', '=', 'm.party'),
          ),
        ),
      )
      .groupBy('m.workspace_id')
      .execute()
    return new Map(rows.map((r) => [r.workspace_id, Number(r.n)]))
  }

  /**
   * The names of those who decided in the document's approving round, as its record shows them
   * (a user's name now): a cached final page holds only while these do.
   */
  async approvedDeciderNames(documentId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('sign_off_decisions')
      .innerJoin('sign_off_rounds', 'sign_off_rounds.id', 'sign_off_decisions.round_id')
      .innerJoin('users', 'users.id', 'sign_off_decisions.decided_by')
      .select(['sign_off_decisions.party', 'users.name'])
      .where('sign_off_rounds.document_id', '=', documentId)
      .where('sign_off_rounds.outcome', '=', 'approved')
      .execute()
    return rows.map((r) => `${r.party} ${r.name}`).sort()
  }

  /** Documents that amend `documentId`, oldest first. */
  amendmentsOf(documentId: string) {
    return this.db
      .selectFrom('documents')
      .select(['id', 'title', 'status'])
      .where('amends_id', '=', documentId)
      .orderBy('created_at')
      .execute()
  }
}
