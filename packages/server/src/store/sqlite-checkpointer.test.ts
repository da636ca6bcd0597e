/**
 * The WAL is checkpointed by the worker, not inside a commit: the main connection's automatic
 * checkpoint is off, crossing a threshold starts a checkpoint, a checkpoint moves every frame into
 * the database file, and closing leaves no WAL behind.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../test-support/wait-for.js'
import { type OpenDatabase, openDatabase, SQLITE_FILE_NAME } from './database.js'

const dirs: string[] = []
const opened: OpenDatabase[] = []

async function open(afterCommits: number, existingDir?: string): Promise<{ db: OpenDatabase; file: string }> {
  const dataDir = existingDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-checkpoint-'))
  if (!existingDir) dirs.push(dataDir)
  const db = await openDatabase({
    dataDir,
    sqliteSynchronous: 'normal',
    sqliteBusyTimeoutMs: 1000,
    sqliteCheckpoint: { afterCommits, afterBytes: 1024 * 1024 * 1024 },
  })
  opened.push(db)
  return { db, file: path.join(dataDir, SQLITE_FILE_NAME) }
}

function append(db: OpenDatabase, count: number): void {
  for (let i = 0; i < count; i++) {
    const seqs = db.sqliteAppend!(
      [{ documentId: 'doc', data: new Uint8Array(200).fill(i % 251) }],
      Date.now(),
    )
    expect(seqs).toHaveLength(1)
  }
}

afterEach(async () => {
  for (const db of opened.splice(0)) await db.close()
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('SQLite WAL checkpoints on a worker thread', () => {
  it('turns off the checkpoint that would run inside a commit on the event loop', async () => {
    const { db } = await open(100)
    const row = await sql<{ wal_autocheckpoint: number }>`PRAGMA wal_autocheckpoint`.execute(db.db)
    expect(row.rows[0]?.wal_autocheckpoint).toBe(0)
  })

  it('starts a checkpoint once the commits since the last one cross the threshold', async () => {
    const { db } = await open(20)
    append(db, 19)
    expect(db.checkpointer!.stats.started).toBe(0)
    append(db, 1)
    expect(db.checkpointer!.stats.started).toBe(1)
    await waitFor(() => db.checkpointer!.stats.checkpoints === 1)
  })

  it('moves every committed frame into the database file', async () => {
    const { db, file } = await open(1_000_000)
    const before = fs.statSync(file).size
    append(db, 300)
    const result = await db.checkpointer!.checkpoint()
    expect(result).not.toBeNull()
    expect(result!.logFrames).toBeGreaterThan(0)
    expect(result!.checkpointedFrames).toBe(result!.logFrames)
    expect(fs.statSync(file).size).toBeGreaterThan(before + 300 * 200)
  })

  it('leaves no WAL behind when closed, with every row in the file', async () => {
    const { db, file } = await open(1_000_000)
    append(db, 50)
    expect(fs.existsSync(`${file}-wal`)).toBe(true)
    await db.close()
    opened.splice(opened.indexOf(db), 1)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
    const again = await open(1_000_000, path.dirname(file))
    const count = await sql<{ n: number }>`SELECT count(*) AS n FROM document_updates`.execute(again.db.db)
    expect(count.rows[0]?.n).toBe(50)
  })

  it('answers a checkpoint asked for after closing, without one', async () => {
    const { db } = await open(1_000_000)
    await db.close()
    opened.splice(opened.indexOf(db), 1)
    expect(await db.checkpointer!.checkpoint()).toBeNull()
  })
})
