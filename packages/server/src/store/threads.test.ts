/**
 * Comment writes against the update log on a real PostgreSQL (SPEC C8): a comment being written
 * serialises with the other writes to its document's discussion, never with the document's
 * edits. Scaled out, the update log's append reads the document's row under a share lock (to
 * refuse edits once a sign-off round has locked the text); a comment that held that row would
 * hold every edit of the batch until its transaction ended. And (C9) a write that waits too long
 * for its discussion's lock fails as `LockTimeout`, writing nothing, its connection clean.
 */
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { holdDiscussionLock } from '../test-support/discussion-lock.js'
import { postgresAvailable, TEST_DATABASE_URL } from '../test-support/services.js'
import { insertDocumentRows, openPostgres } from '../test-support/store.js'
import { waitFor } from '../test-support/wait-for.js'
import { KyselyDocumentStore } from './document-store.js'
import { LockTimeout } from './steps.js'
import { Threads } from './threads.js'

const hasPostgres = await postgresAvailable()

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const LIMITS = { maxThreads: 100, maxCommentsPerThread: 100, maxComments: 1000, maxChars: 100_000 }

/** Member u1 of w1 (an employee) starts thread `id` on document d1, with its first comment. */
function startThread(threads: Threads, id: string, now: number) {
  return threads.create(
    {
      id,
      document_id: 'd1',
      anchor_start: new Uint8Array([1]),
      anchor_end: new Uint8Array([2]),
      quote: 'q',
      visibility: 'shared',
      status: 'open',
      resolved_by: null,
      resolved_at: null,
      created_by: 'u1',
      created_at: now,
    },
    {
      id: `${id}-c`,
      thread_id: id,
      author_id: 'u1',
      body: 'b',
      created_at: now,
      edited_at: null,
      deleted_at: null,
    },
    { workspaceId: 'w1', userId: 'u1', minimum: 'commenter' },
    LIMITS,
  )
}

const member = {
  workspace_id: 'w1',
  user_id: 'u1',
  party: 'employees',
  role: 'editor',
  signatory: 0,
  joined_at: 1,
} as const

describe.runIf(hasPostgres)('Threads (PostgreSQL)', () => {
  it('a comment held inside its write does not hold the shared-mode append of its document', async () => {
    const { opened, schema, close } = await openPostgres('threads')
    cleanups.push(close)
    const { db } = opened
    await insertDocumentRows(db)
    await db.insertInto('members').values(member).execute()
    const store = KyselyDocumentStore.for(opened)
    store.refuseLocked = true

    // The side holds the author's row: the comment's insert (its key on the author) waits for it
    // inside the comment's transaction, after its lock and its reads, as a slow write would.
    const side = new pg.Client({
      connectionString: TEST_DATABASE_URL,
      options: `-c search_path=${schema}`,
    })
    await side.connect()
    cleanups.push(async () => {
      await side.end()
    })
    await side.query('begin')
    await side.query(`select 1 from users where id = 'u1' for update`)
    const { rows } = await side.query<{ pid: number }>('select pg_backend_pid() as pid')
    const sidePid = rows[0]!.pid
    const blockedBySide = async () => {
      const r = await side.query<{ n: string }>(
        'select count(*) as n from pg_stat_activity where $1 = any(pg_blocking_pids(pid))',
        [sidePid],
      )
      return Number(r.rows[0]!.n)
    }

    const now = Date.now()
    const writing = startThread(new Threads(db, opened.stepDatabase, { lockTimeoutMs: 60_000 }), 't1', now)
    await waitFor(async () => (await blockedBySide()) === 1, {
      message: 'the comment never reached its insert',
    })

    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'an edit while the comment is being written')
    let appended: Array<number | null> | null = null
    void store.append([{ documentId: 'd1', data: Y.encodeStateAsUpdate(doc) }]).then((seqs) => {
      appended = seqs
    })
    await waitFor(() => appended !== null, {
      timeoutMs: 5000,
      message: 'the append waited for the comment being written',
    })
    expect(appended).toEqual([1])

    await side.query('rollback')
    expect(await writing).toEqual({ party: 'employees' })
  })

  it('[C9] a write that waits past its timeout for its discussion fails as LockTimeout, writing nothing', async () => {
    // One connection: a transaction or a setting left on it would show in the next write.
    const { opened, close } = await openPostgres('threads-busy', { poolSize: 1 })
    cleanups.push(close)
    const { db, stepDatabase } = opened
    if (stepDatabase.dialect !== 'postgres') throw new Error('not PostgreSQL')
    await insertDocumentRows(db)
    await db.insertInto('members').values(member).execute()
    const setting = async () =>
      (await stepDatabase.pool.query<{ t: string }>(`select current_setting('lock_timeout') as t`)).rows[0]!.t
    const before = await setting()
    const threads = new Threads(db, stepDatabase, { lockTimeoutMs: 200 })
    const held = await holdDiscussionLock('d1')
    cleanups.push(() => held.release())

    const refused = await startThread(threads, 't1', Date.now()).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(LockTimeout)
    expect((refused as LockTimeout).timeoutMs).toBe(200)
    expect(await db.selectFrom('threads').select('id').execute()).toEqual([])
    expect(await db.selectFrom('comments').select('id').execute()).toEqual([])
    // The pool's one connection is clean: a transaction left open on it would keep its `set local`.
    expect(await setting()).toBe(before)
    await held.release()
    expect(await startThread(threads, 't2', Date.now())).toEqual({ party: 'employees' })
    expect((await db.selectFrom('threads').select('id').execute()).map((t) => t.id)).toEqual(['t2'])
  })

  it('[C9] the writes of one document wait for their turn holding no connection: reads go on meanwhile', async () => {
    // Two connections and three writers: were each to take one to wait for the lock, the pool
    // would be full and the read below would wait for the first of them to time out.
    const { opened, close } = await openPostgres('threads-turns', { poolSize: 2 })
    cleanups.push(close)
    const { db, stepDatabase } = opened
    await insertDocumentRows(db)
    await db.insertInto('members').values(member).execute()
    const threads = new Threads(db, stepDatabase, { lockTimeoutMs: 3_000 })
    const held = await holdDiscussionLock('d1')
    cleanups.push(() => held.release())

    let settled = 0
    const writes = ['t1', 't2', 't3'].map((id) =>
      startThread(threads, id, Date.now()).then(
        () => settled++,
        () => settled++,
      ),
    )
    await waitFor(async () => (await held.waiters()) === 1, { message: 'no write reached the lock' })
    expect(await db.selectFrom('users').select('id').execute()).toEqual([{ id: 'u1' }])
    expect(await held.waiters()).toBe(1)
    expect(settled).toBe(0)
    await held.release()
    await Promise.all(writes)
    expect((await db.selectFrom('threads').select('id').orderBy('id').execute()).map((t) => t.id)).toEqual([
      't1',
      't2',
      't3',
    ])
  })
})
