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
  /** Appends all updates in one transaction; resolves with their seqs in the same order. */
  append(updates: readonly PendingUpdate[]): Promise<number[]>
  /**
   * The same, done before returning when the store can (SQLite, no other transaction open); null
   * when it cannot right now, having written nothing. Throws when the write itself failed.
   */
  appendNow?(updates: readonly PendingUpdate[]): number[] | null
  /** Folds the document's log into its snapshot in one transaction. */
  compact(documentId: string): Promise<CompactionResult>
  /** Checks the database answers. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** SQLite allows 32766 bound variables per statement; 3 per row leaves ample room. */
const APPEND_CHUNK_ROWS = 1000
const DELETE_CHUNK_ROWS = 1000

const toBytes = (value: Uint8Array): Uint8Array =>
  value instanceof Uint8Array ? value : new Uint8Array(value as ArrayLike<number>)

export class KyselyDocumentStore implements DocumentStore {
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
    const { snapshotRow, rows } = await (this.dialect === 'postgres'
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
    }))
    const snapshot = snapshotRow ? toBytes(snapshotRow.data) : null
    const updates = rows.map((r) => toBytes(r.data))
    return {
      snapshot,
      updates,
      seqs: rows.map((r) => Number(r.seq)),
      snapshotVersion: snapshotRow ? Number(snapshotRow.version) : 0,
      storedBytes: (snapshot?.byteLength ?? 0) + updates.reduce((n, u) => n + u.byteLength, 0),
    }
  }

  async append(updates: readonly PendingUpdate[]): Promise<number[]> {
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
    const now = Date.now()
    return this.db.transaction().execute(async (trx) => {
      const seqs: number[] = []
      for (let i = 0; i < updates.length; i += APPEND_CHUNK_ROWS) {
        const chunk = updates.slice(i, i + APPEND_CHUNK_ROWS)
        const rows = await trx
          .insertInto('document_updates')
          .values(chunk.map((u) => ({ document_id: u.documentId, data: u.data, created_at: now })))
          .returning('seq')
          .execute()
        // RETURNING rows come back in insertion order for a multi-row VALUES insert on both databases.
        for (const r of rows) seqs.push(Number(r.seq))
      }
      return seqs
    })
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
    const compacted = await this.db.transaction().execute(async (trx) => {
      if (stored.snapshotVersion === 0) {
        const inserted = await trx
          .insertInto('document_snapshots')
          .values({ document_id: documentId, data: snapshot, version: 1, updated_at: now })
          .onConflict((oc) => oc.column('document_id').doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false
      } else {
        const updated = await trx
          .updateTable('document_snapshots')
          .set({ data: snapshot, version: stored.snapshotVersion + 1, updated_at: now })
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
