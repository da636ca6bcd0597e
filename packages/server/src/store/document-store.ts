/**
 * The durable home of document content: an append-only update log per document plus an optional
 * snapshot. Loading is snapshot plus every remaining log entry; compaction folds the log into the
 * snapshot in one transaction.
 *
 * Compaction deletes exactly the log entries it read (never "everything up to seq N"): in
 * PostgreSQL a lower seq can commit after a higher one, and a range delete would drop it. The
 * snapshot carries a version so two compactions racing (two instances, later) cannot overwrite
 * each other's work.
 */
import { type Kysely, sql } from 'kysely'
import * as Y from 'yjs'
import type { SqliteAppend } from './database.js'
import type { Database, Dialect } from './schema.js'

export interface StoredDocument {
  snapshot: Uint8Array | null
  /** Log entries after the snapshot, in commit order. */
  updates: Uint8Array[]
  seqs: number[]
  snapshotVersion: number
  /** Bytes of snapshot plus log: what the document occupies in storage. */
  storedBytes: number
  /**
   * The document's last log position (`doc_seq`) this state holds: every position up to it is in
   * `snapshot` or `updates`. Always 0 on SQLite, which does not number them (one instance).
   */
  headSeq: number
}

/** What a document's log holds after a position: for an instance that missed some of it. */
export interface LogSince {
  /** The snapshot, when compaction folded in some of what is missing; null otherwise. */
  snapshot: Uint8Array | null
  updates: Uint8Array[]
  /** The last position this read holds: everything up to it is covered. */
  headSeq: number
}

export interface PendingUpdate {
  documentId: string
  data: Uint8Array
}

export interface CompactionResult {
  compacted: boolean
  foldedUpdates: number
  /** Bytes of the log entries folded in. */
  foldedBytes: number
  /** Bytes of the snapshot before and after. */
  previousSnapshotBytes: number
  snapshotBytes: number
  /**
   * The stored snapshot once this returned, holding every log entry it read: after a compaction
   * the new one, with nothing to fold the existing one; null when another compaction won the race.
   */
  snapshot: Uint8Array | null
}

export interface DocumentStore {
  readonly dialect: Dialect
  load(documentId: string): Promise<StoredDocument>
  /**
   * Appends all updates in one transaction; resolves with their positions in the same order: on
   * PostgreSQL each one's `doc_seq` (no holes per document), or null for an update refused because
   * its document is no longer a draft (a lock taken on any instance); on SQLite the log seq.
   */
  append(updates: readonly PendingUpdate[]): Promise<Array<number | null>>
  /**
   * The same, done before returning when the store can (SQLite, no other transaction open); null
   * when it cannot right now, having written nothing. Throws when the write itself failed.
   */
  appendNow?(updates: readonly PendingUpdate[]): number[] | null
  /** Folds the document's log into its snapshot in one transaction. */
  compact(documentId: string): Promise<CompactionResult>
  /** The document's log after `afterSeq` (PostgreSQL; SQLite has one instance and answers empty). */
  readSince(documentId: string, afterSeq: number): Promise<LogSince>
  /** The last log position of each of `documentIds` that has one (PostgreSQL; empty on SQLite). */
  heads(documentIds: readonly string[]): Promise<Map<string, number>>
  /** Checks the database answers. */
  ping(): Promise<void>
  close(): Promise<void>
}

const DELETE_CHUNK_ROWS = 1000

const toBytes = (value: Uint8Array): Uint8Array =>
  value instanceof Uint8Array ? value : new Uint8Array(value as ArrayLike<number>)

export class KyselyDocumentStore implements DocumentStore {
  /**
   * Shared mode: appends refuse the updates of a document no longer a draft. One instance does
   * not: its room stops taking writes at the lock and commits the ones it took before, which the
   * round then freezes (refusing them would close their writers for nothing).
   */
  refuseLocked = false

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: Dialect,
    /** SQLite's synchronous append (see `OpenDatabase.sqliteAppend`); Kysely's path otherwise. */
    private readonly sqliteAppend?: SqliteAppend,
    /** Closes the database and whatever runs beside it (`OpenDatabase.close`). */
    private readonly closeDatabase: () => Promise<void> = () => db.destroy(),
  ) {}

  /** The store for an opened database, with SQLite's fast append when there is one. */
  static for(opened: {
    db: Kysely<Database>
    dialect: Dialect
    sqliteAppend?: SqliteAppend | undefined
    close?: () => Promise<void>
  }): KyselyDocumentStore {
    return new KyselyDocumentStore(opened.db, opened.dialect, opened.sqliteAppend, opened.close)
  }

  async load(documentId: string): Promise<StoredDocument> {
    // Snapshot and log must come from one point in time: a compaction committing between two
    // separate reads would leave the old snapshot without the log entries it folded in.
    const begin = this.db.transaction()
    const { snapshotRow, rows, head } = await (this.dialect === 'postgres'
      ? begin.setIsolationLevel('repeatable read')
      : begin
    ).execute(async (trx) => ({
      snapshotRow: await trx
        .selectFrom('document_snapshots')
        .select(['data', 'version'])
        .where('document_id', '=', documentId)
        .executeTakeFirst(),
      rows: await trx
        .selectFrom('document_updates')
        .select(['seq', 'data'])
        .where('document_id', '=', documentId)
        .orderBy('seq')
        .execute(),
      head:
        this.dialect === 'postgres'
          ? await trx
              .selectFrom('document_heads')
              .select('seq')
              .where('document_id', '=', documentId)
              .executeTakeFirst()
          : undefined,
    }))
    const snapshot = snapshotRow ? toBytes(snapshotRow.data) : null
    const updates = rows.map((r) => toBytes(r.data))
    return {
      snapshot,
      updates,
      seqs: rows.map((r) => Number(r.seq)),
      snapshotVersion: snapshotRow ? Number(snapshotRow.version) : 0,
      storedBytes: (snapshot?.byteLength ?? 0) + updates.reduce((n, u) => n + u.byteLength, 0),
      headSeq: head ? Number(head.seq) : 0,
    }
  }

  async append(updates: readonly PendingUpdate[]): Promise<Array<number | null>> {
    if (updates.length === 0) return []
    const sqliteAppend = this.sqliteAppend
    if (sqliteAppend) {
      const seqs = this.appendNow(updates)
      if (seqs) return seqs
      // One of Kysely's transactions is open: wait for it under Kysely's connection lock.
      return this.db.connection().execute(async () => {
        const after = sqliteAppend(updates, Date.now())
        if (!after) throw new Error('a transaction is still open under the connection lock')
        return after
      })
    }
    return appendNumbered(this.db, updates, Date.now(), this.refuseLocked)
  }

  appendNow(updates: readonly PendingUpdate[]): number[] | null {
    if (!this.sqliteAppend) return null
    if (updates.length === 0) return []
    return this.sqliteAppend(updates, Date.now())
  }

  async compact(documentId: string): Promise<CompactionResult> {
    const stored = await this.load(documentId)
    const previousSnapshotBytes = stored.snapshot?.byteLength ?? 0
    if (stored.updates.length === 0) {
      return {
        compacted: false,
        foldedUpdates: 0,
        foldedBytes: 0,
        previousSnapshotBytes,
        snapshotBytes: previousSnapshotBytes,
        snapshot: stored.snapshot,
      }
    }
    const snapshot = mergeToSnapshot(stored)
    const now = Date.now()
    // The head read with the log: every position up to it is in what was merged.
    const throughSeq = stored.headSeq
    const compacted = await this.db.transaction().execute(async (trx) => {
      // Scaled out, several instances may hold the document: one writes a compaction at a time,
      // the others leave theirs unwritten (the version check below would refuse it anyway). The
      // lock is taken after the merge, so it saves the write, not the work of merging.
      if (this.dialect === 'postgres') {
        const { rows } = await sql<{
          locked: boolean
        }>`select pg_try_advisory_xact_lock(hashtext(${documentId})) as locked`.execute(trx)
        if (!rows[0]?.locked) return false
      }
      if (stored.snapshotVersion === 0) {
        const inserted = await trx
          .insertInto('document_snapshots')
          .values({
            document_id: documentId,
            data: snapshot,
            version: 1,
            updated_at: now,
            through_seq: throughSeq,
          })
          .onConflict((oc) => oc.column('document_id').doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false
      } else {
        const updated = await trx
          .updateTable('document_snapshots')
          .set({
            data: snapshot,
            version: stored.snapshotVersion + 1,
            updated_at: now,
            through_seq: throughSeq,
          })
          .where('document_id', '=', documentId)
          .where('version', '=', stored.snapshotVersion)
          .executeTakeFirst()
        if (Number(updated.numUpdatedRows) !== 1) return false
      }
      for (let i = 0; i < stored.seqs.length; i += DELETE_CHUNK_ROWS) {
        await trx
          .deleteFrom('document_updates')
          .where('seq', 'in', stored.seqs.slice(i, i + DELETE_CHUNK_ROWS))
          .execute()
      }
      return true
    })
    if (!compacted) {
      return {
        compacted,
        foldedUpdates: 0,
        foldedBytes: 0,
        previousSnapshotBytes,
        snapshotBytes: previousSnapshotBytes,
        snapshot: null,
      }
    }
    return {
      compacted,
      foldedUpdates: stored.seqs.length,
      foldedBytes: stored.storedBytes - previousSnapshotBytes,
      previousSnapshotBytes,
      snapshotBytes: snapshot.byteLength,
      snapshot,
    }
  }

  async readSince(documentId: string, afterSeq: number): Promise<LogSince> {
    if (this.dialect !== 'postgres') return { snapshot: null, updates: [], headSeq: afterSeq }
    // One point in time, as in `load`: a compaction between the reads would hide the rows it folded.
    return this.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute(async (trx) => {
        const head = await trx
          .selectFrom('document_heads')
          .select('seq')
          .where('document_id', '=', documentId)
          .executeTakeFirst()
        const headSeq = head ? Number(head.seq) : 0
        if (headSeq <= afterSeq) return { snapshot: null, updates: [], headSeq: afterSeq }
        const snapshotRow = await trx
          .selectFrom('document_snapshots')
          .select(['data', 'through_seq'])
          .where('document_id', '=', documentId)
          .executeTakeFirst()
        const rows = await trx
          .selectFrom('document_updates')
          .select('data')
          .where('document_id', '=', documentId)
          .where('doc_seq', '>', afterSeq)
          .orderBy('doc_seq')
          .execute()
        const folded = snapshotRow !== undefined && Number(snapshotRow.through_seq) > afterSeq
        return {
          snapshot: folded ? toBytes(snapshotRow.data) : null,
          updates: rows.map((r) => toBytes(r.data)),
          headSeq,
        }
      })
  }

  async heads(documentIds: readonly string[]): Promise<Map<string, number>> {
    const heads = new Map<string, number>()
    if (this.dialect !== 'postgres' || documentIds.length === 0) return heads
    for (let i = 0; i < documentIds.length; i += DELETE_CHUNK_ROWS) {
      const rows = await this.db
        .selectFrom('document_heads')
        .select(['document_id', 'seq'])
        .where('document_id', 'in', documentIds.slice(i, i + DELETE_CHUNK_ROWS))
        .execute()
      for (const r of rows) heads.set(r.document_id, Number(r.seq))
    }
    return heads
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.db)
  }

  async close(): Promise<void> {
    await this.closeDatabase()
  }
}

/** Builds a Y.Doc from snapshot plus log and encodes it; garbage-collects deleted content. */
export function mergeToSnapshot(stored: Pick<StoredDocument, 'snapshot' | 'updates'>): Uint8Array {
  const doc = new Y.Doc()
  try {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    return Y.encodeStateAsUpdate(doc)
  } finally {
    doc.destroy()
  }
}

/**
 * PostgreSQL's append, in one statement (one round trip, its own transaction): each document's
 * updates get the next positions of its log under the lock of its `document_heads` row, so two
 * instances committing to one document take turns and positions follow commit order without
 * holes. With `refuseLocked` (shared mode), a document no longer a draft refuses its updates
 * (null): its row is read under a share
 * lock that a round's start must wait for to change the status, and read again after it, so an
 * update either commits before the lock (and is in the round's text) or is refused. Rows are
 * locked in id order, the same on every instance, so two batches never wait on each other in a
 * circle.
 */
async function appendNumbered(
  db: Kysely<Database>,
  updates: readonly PendingUpdate[],
  now: number,
  refuseLocked: boolean,
): Promise<Array<number | null>> {
  const counts = new Map<string, number>()
  const ords: number[] = []
  for (const u of updates) {
    const n = (counts.get(u.documentId) ?? 0) + 1
    counts.set(u.documentId, n)
    ords.push(n)
  }
  const ids = [...counts.keys()].sort()
  const idCounts = ids.map((id) => counts.get(id)!)
  const locked = refuseLocked
    ? sql`docs as (
        select id, status from documents where id = any(${ids}::text[]) order by id for share
      ),`
    : sql``
  const unlocked = refuseLocked
    ? sql`where not exists (select 1 from docs where docs.id = t.d and docs.status <> 'draft')`
    : sql``
  const { rows } = await sql<{ document_id: string; doc_seq: number }>`
    with ${locked} taken as (
      insert into document_heads (document_id, seq)
      select t.d, t.c from unnest(${ids}::text[], ${idCounts}::bigint[]) as t(d, c)
      ${unlocked}
      order by t.d
      on conflict (document_id) do update set seq = document_heads.seq + excluded.seq
      returning document_id, seq
    )
    insert into document_updates (document_id, data, created_at, doc_seq)
    select r.d, r.data, ${now}, taken.seq - n.c + r.ord
    from unnest(
      ${updates.map((u) => u.documentId)}::text[],
      ${updates.map((u) => Buffer.from(u.data.buffer, u.data.byteOffset, u.data.byteLength))}::bytea[],
      ${ords}::bigint[]
    ) as r(d, data, ord)
    join taken on taken.document_id = r.d
    join unnest(${ids}::text[], ${idCounts}::bigint[]) as n(d, c) on n.d = r.d
    returning document_id, doc_seq`.execute(db)
  // The last position each document took; its rows are the ones before it, in their order.
  const last = new Map<string, number>()
  for (const r of rows) last.set(r.document_id, Math.max(last.get(r.document_id) ?? 0, Number(r.doc_seq)))
  return updates.map((u, i) => {
    const end = last.get(u.documentId)
    return end === undefined ? null : end - counts.get(u.documentId)! + ords[i]!
  })
}
