/**
 * The sign-off record of a workspace as a hash chain: every round start, decision, withdrawal,
 * ending and amendment is appended as one entry carrying the previous entry's hash and its own,
 * SHA-256 over the canonical JSON of everything it says. Appending happens in the transaction of
 * the write it records, serialised per workspace (PostgreSQL: a row lock on the workspace; SQLite
 * writes one transaction at a time), so the chain has no gaps and no forks. Changing, removing or
 * reordering any entry breaks the chain from there on, which {@link AuditLog.verify} finds.
 */
import { createHash } from 'node:crypto'
import type { AuditKind } from '@trepart/shared'
import type { Kysely, Transaction } from 'kysely'
import * as Y from 'yjs'
import { type ContentJson, canonicalJson, contentHash, contentJsonOf } from '../content/content-json.js'
import type { AuditLogTable, Database, Dialect } from './schema.js'

/** The previous hash of a workspace's first entry. */
export const GENESIS_HASH = '0'.repeat(64)

export interface AuditAppend {
  workspaceId: string
  actorId: string
  kind: AuditKind
  documentId: string | null
  contentHash: string | null
  payload: Record<string, unknown>
  at: number
}

export type AuditRow = AuditLogTable & { actor_name: string }

/** The hash of an entry: over every field but the hash itself, the previous hash included. */
export function entryHash(row: Omit<AuditLogTable, 'hash'>): string {
  const { workspace_id, seq, at, actor_id, kind, document_id, content_hash, payload, prev_hash } = row
  return createHash('sha256')
    .update(
      canonicalJson({
        workspaceId: workspace_id,
        seq: Number(seq),
        at: Number(at),
        actorId: actor_id,
        kind,
        documentId: document_id,
        contentHash: content_hash,
        payload: JSON.parse(payload) as unknown,
        prevHash: prev_hash,
      }),
    )
    .digest('hex')
}

export interface VerifyResult {
  ok: boolean
  entries: number
  finalDocuments: number
  /** The last entry: keep it elsewhere to see later whether entries were cut off the end. */
  head: { seq: number; hash: string } | null
  problems: string[]
}

export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /** Appends one entry inside `trx` (the transaction of the write it records). */
  async append(trx: Transaction<Database>, entry: AuditAppend): Promise<AuditLogTable> {
    if (this.dialect === 'postgres') {
      await trx
        .selectFrom('workspaces')
        .select('id')
        .where('id', '=', entry.workspaceId)
        .forUpdate()
        .execute()
    }
    const last = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('workspace_id', '=', entry.workspaceId)
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst()
    const row = {
      workspace_id: entry.workspaceId,
      seq: last ? Number(last.seq) + 1 : 1,
      at: entry.at,
      actor_id: entry.actorId,
      kind: entry.kind,
      document_id: entry.documentId,
      content_hash: entry.contentHash,
      payload: canonicalJson(entry.payload),
      prev_hash: last?.hash ?? GENESIS_HASH,
    }
    const stored = { ...row, hash: entryHash(row) }
    await trx.insertInto('audit_log').values(stored).execute()
    return stored
  }

  /** The workspace's entries after `after`, oldest first, at most `limit`, with the actors' names. */
  entries(workspaceId: string, after: number, limit: number): Promise<AuditRow[]> {
    return this.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.actor_id')
      .selectAll('audit_log')
      .select('users.name as actor_name')
      .where('audit_log.workspace_id', '=', workspaceId)
      .where('audit_log.seq', '>', after)
      .orderBy('audit_log.seq')
      .limit(limit)
      .execute()
  }

  /**
   * Checks the workspace's record. The chain: each entry's hash is its content's, each links to the
   * one before, no seq is missing. Against the chain, for every document it records final: the
   * document is final, its approving round has the recorded hash, the version that round froze
   * hashes to it (from its stored JSON and from its Yjs state, which amendments copy), and the
   * round's decisions are the last ones the chain recorded for each party. And every final document
   * is recorded final. What it cannot see on its own is entries cut off the end: `head` is the last
   * entry's seq and hash, for anyone who wants to keep it outside the database and compare later.
   */
  async verify(workspaceId: string): Promise<VerifyResult> {
    const problems: string[] = []
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('seq')
      .execute()
    let prev = GENESIS_HASH
    const recordedFinal = new Map<string, string>()
    /** The last decision the chain recorded, by round and party. */
    const lastDecision = new Map<string, { decision: unknown; note: unknown }>()
    rows.forEach((row, i) => {
      const seq = Number(row.seq)
      if (seq !== i + 1)
        problems.push(`entry ${i + 1}: found seq ${seq} (an entry is missing or out of order)`)
      if (row.prev_hash !== prev) problems.push(`entry ${seq}: does not link to the entry before it`)
      const { hash, ...rest } = row
      if (entryHash(rest) !== hash) problems.push(`entry ${seq}: its hash is not the hash of what it says`)
      prev = hash
      const payload = JSON.parse(row.payload) as Record<string, unknown>
      if (row.kind === 'document.final' && row.document_id && row.content_hash)
        recordedFinal.set(row.document_id, row.content_hash)
      if (row.kind === 'decision')
        lastDecision.set(`${String(payload.roundId)} ${String(payload.party)}`, {
          decision: payload.decision,
          note: payload.note ?? null,
        })
    })
    const documents = await this.db
      .selectFrom('documents')
      .select(['id', 'status'])
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('status', '=', 'final'), eb('id', 'in', [...recordedFinal.keys(), ''])]))
      .execute()
    let finals = 0
    for (const doc of documents) {
      const recorded = recordedFinal.get(doc.id)
      if (doc.status !== 'final') {
        problems.push(`document ${doc.id}: the audit log records it final, but it is ${doc.status}`)
        continue
      }
      finals++
      const round = await this.db
        .selectFrom('sign_off_rounds')
        .innerJoin('document_versions', 'document_versions.id', 'sign_off_rounds.version_id')
        .select([
          'sign_off_rounds.id as round_id',
          'sign_off_rounds.content_hash as round_hash',
          'document_versions.content_hash as version_hash',
          'document_versions.content_json',
          'document_versions.yjs_state',
        ])
        .where('sign_off_rounds.document_id', '=', doc.id)
        .where('sign_off_rounds.outcome', '=', 'approved')
        .executeTakeFirst()
      if (!round) {
        problems.push(`document ${doc.id}: final, but no round approved it`)
        continue
      }
      const fromJson = contentHash(JSON.parse(round.content_json) as ContentJson)
      if (fromJson !== round.round_hash || round.version_hash !== round.round_hash)
        problems.push(`document ${doc.id}: its final version does not hash to its recorded hash`)
      if (yjsHash(round.yjs_state) !== round.round_hash)
        problems.push(`document ${doc.id}: its final version's Yjs state does not hash to its recorded hash`)
      if (recorded !== round.round_hash)
        problems.push(`document ${doc.id}: the audit log does not record it final with this hash`)
      const decisions = await this.db
        .selectFrom('sign_off_decisions')
        .select(['party', 'decision', 'note'])
        .where('round_id', '=', round.round_id)
        .execute()
      for (const d of decisions) {
        const logged = lastDecision.get(`${round.round_id} ${d.party}`)
        if (!logged || logged.decision !== d.decision || logged.note !== d.note)
          problems.push(`document ${doc.id}: the ${d.party} decision is not the one the audit log recorded`)
      }
    }
    const last = rows.at(-1)
    return {
      ok: problems.length === 0,
      entries: rows.length,
      finalDocuments: finals,
      head: last ? { seq: Number(last.seq), hash: last.hash } : null,
      problems,
    }
  }
}

/** The content hash of a stored Yjs state, read as the server reads any document. */
function yjsHash(state: Uint8Array): string {
  const doc = new Y.Doc()
  try {
    Y.applyUpdate(doc, state)
    return contentHash(contentJsonOf(doc))
  } catch {
    return ''
  } finally {
    doc.destroy()
  }
}
