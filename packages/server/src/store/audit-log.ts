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
import { type ContentJson, canonicalJson, contentHash } from '../content/content-json.js'
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

  /** The workspace's entries, oldest first, with the actors' names. */
  entries(workspaceId: string): Promise<AuditRow[]> {
    return this.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.actor_id')
      .selectAll('audit_log')
      .select('users.name as actor_name')
      .where('audit_log.workspace_id', '=', workspaceId)
      .orderBy('audit_log.seq')
      .execute()
  }

  /**
   * Checks the workspace's chain (each entry's hash is its content's, each links to the one
   * before, no seq is missing) and every final document: the version its approving round
   * recorded hashes, from its stored JSON, to the hash the round, the version and the chain's
   * `document.final` entry all recorded.
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
    const finalHashes = new Map<string, string>()
    rows.forEach((row, i) => {
      const seq = Number(row.seq)
      if (seq !== i + 1)
        problems.push(`entry ${i + 1}: found seq ${seq} (an entry is missing or out of order)`)
      if (row.prev_hash !== prev) problems.push(`entry ${seq}: does not link to the entry before it`)
      const { hash, ...rest } = row
      if (entryHash(rest) !== hash) problems.push(`entry ${seq}: its hash is not the hash of what it says`)
      prev = hash
      if (row.kind === 'document.final' && row.document_id && row.content_hash)
        finalHashes.set(row.document_id, row.content_hash)
    })
    const finals = await this.db
      .selectFrom('documents')
      .innerJoin('sign_off_rounds', 'sign_off_rounds.document_id', 'documents.id')
      .innerJoin('document_versions', 'document_versions.id', 'sign_off_rounds.version_id')
      .select([
        'documents.id as document_id',
        'sign_off_rounds.content_hash as round_hash',
        'document_versions.content_hash as version_hash',
        'document_versions.content_json',
      ])
      .where('documents.workspace_id', '=', workspaceId)
      .where('documents.status', '=', 'final')
      .where('sign_off_rounds.outcome', '=', 'approved')
      .execute()
    for (const f of finals) {
      const recomputed = contentHash(JSON.parse(f.content_json) as ContentJson)
      if (recomputed !== f.round_hash || recomputed !== f.version_hash)
        problems.push(`document ${f.document_id}: its final version does not hash to its recorded hash`)
      if (finalHashes.get(f.document_id) !== f.round_hash)
        problems.push(`document ${f.document_id}: the audit log does not record it final with this hash`)
    }
    return { ok: problems.length === 0, entries: rows.length, finalDocuments: finals.length, problems }
  }
}
