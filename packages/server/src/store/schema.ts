/** Table types for Kysely. One schema for SQLite and PostgreSQL; see migrations.ts. */
import type { Generated } from 'kysely'

export interface DocumentUpdateTable {
  /** Monotonic id; the order updates were committed in (per instance). */
  seq: Generated<number>
  document_id: string
  data: Uint8Array
  /** Epoch milliseconds. */
  created_at: number
}

export interface DocumentSnapshotTable {
  document_id: string
  /** Yjs update encoding the merged state of every update folded into it. */
  data: Uint8Array
  /** Bumped by every compaction; a compaction that read an older version must not overwrite. */
  version: number
  updated_at: number
}

export interface Database {
  document_updates: DocumentUpdateTable
  document_snapshots: DocumentSnapshotTable
}

export type Dialect = 'sqlite' | 'postgres'
