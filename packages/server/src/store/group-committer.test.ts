/**
 * [P2] The group committer over a real SQLite file: the first write of a turn is committed before
 * `submit` returns, the rest of the turn goes into one transaction on the next turn, order is kept,
 * and a failing callback never turns a committed write into a retried one.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { sql } from 'kysely'
import { pino } from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '../test-support/wait-for.js'
import { openDatabase, SQLITE_FILE_NAME } from './database.js'
import { KyselyDocumentStore } from './document-store.js'
import { GroupCommitter } from './group-committer.js'

const log = pino({ level: 'silent' })
const cleanups: Array<() => Promise<void>> = []

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function setup(sqliteBusyTimeoutMs = 1000) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-committer-'))
  const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs })
  const store = KyselyDocumentStore.for(opened)
  const committer = new GroupCommitter(store, { retryBaseMs: 5, retryMaxMs: 20, failureCloseMs: 10_000 }, log)
  cleanups.push(async () => {
    await store.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return { opened, store, committer, file: path.join(dataDir, SQLITE_FILE_NAME) }
}

const bytes = (n: number) => new Uint8Array([n])

describe('[P2] group commit', () => {
  it('commits the first write of a turn at once and the rest of the turn together, in order', async () => {
    const { committer } = await setup()
    const seqs: number[] = []
    const submitted: number[] = []
    const submit = (n: number) =>
      committer.submit('doc', bytes(n), {
        committed: (seq) => {
          seqs.push(seq)
          submitted.push(n)
        },
        failed: (error) => {
          throw error
        },
      })
    submit(1)
    expect(seqs).toHaveLength(1)
    expect(committer.stats).toMatchObject({ commits: 1, updates: 1 })
    submit(2)
    submit(3)
    submit(4)
    expect(seqs).toHaveLength(1)
    await committer.whenIdle()
    expect(seqs).toHaveLength(4)
    expect(committer.stats).toMatchObject({ commits: 2, updates: 4 })
    // Called back in submission order, with seqs in the same order.
    expect(submitted).toEqual([1, 2, 3, 4])
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs)

    // A new turn: the first write is committed at once again.
    await new Promise((r) => setImmediate(r))
    submit(5)
    expect(seqs).toHaveLength(5)
    expect(committer.stats).toMatchObject({ commits: 3, updates: 5 })
  })

  it('queues behind a transaction that is open on the connection, without writing into it', async () => {
    const { opened, committer } = await setup()
    let committed = false
    await opened.db
      .transaction()
      .execute(async (trx) => {
        committer.submit('doc', bytes(1), { committed: () => (committed = true), failed: () => {} })
        expect(committed).toBe(false)
        await sql`SELECT 1`.execute(trx)
        throw new Error('roll back')
      })
      .catch((error: Error) => expect(error.message).toBe('roll back'))
    await committer.whenIdle()
    expect(committed).toBe(true)
    const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM document_updates`.execute(opened.db)
    expect(rows.rows[0]?.n).toBe(1)
  })

  it('never commits a write at once ahead of one waiting to be retried', async () => {
    const { committer, file } = await setup(20)
    // Another connection holds SQLite's write lock: the first write fails and waits for its retry.
    const locker = new Database(file)
    cleanups.push(async () => {
      locker.close()
    })
    locker.exec('BEGIN IMMEDIATE')
    const seqs = new Map<string, number>()
    const record = (name: string) => ({ committed: (seq: number) => seqs.set(name, seq), failed: () => {} })
    committer.submit('doc', bytes(1), record('first'))
    await waitFor(() => committer.stats.failures >= 1)
    // The lock is gone and the first write is still waiting for its backoff: the second, in this
    // very turn, could be written at once — and must not be.
    locker.exec('COMMIT')
    committer.submit('doc', bytes(2), record('second'))
    expect(seqs.has('second')).toBe(false)
    await committer.whenIdle()
    expect(seqs.get('first')).toBeLessThan(seqs.get('second')!)
  })

  it('does not commit again when the committed callback throws', async () => {
    const { opened, committer } = await setup()
    committer.submit('doc', bytes(1), {
      committed: () => {
        throw new Error('callback bug')
      },
      failed: () => {},
    })
    committer.submit('doc', bytes(2), {
      committed: () => {
        throw new Error('callback bug')
      },
      failed: () => {},
    })
    await committer.whenIdle()
    const rows = await sql<{ n: number }>`SELECT count(*) AS n FROM document_updates`.execute(opened.db)
    expect(rows.rows[0]?.n).toBe(2)
    expect(committer.stats.failures).toBe(0)
  })
})
