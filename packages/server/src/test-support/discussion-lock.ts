/**
 * A document's discussion lock held from a connection of the test's own, as a writer whose
 * instance stalled inside its transaction would hold it (SPEC C9), and the writes waiting for it.
 */
import pg from 'pg'
import { discussionLock } from '../store/threads.js'
import { TEST_DATABASE_URL } from './services.js'

export interface HeldDiscussion {
  /** Connections waiting for this lock now (advisory locks are the whole database's). */
  waiters(): Promise<number>
  /** Lets go of the lock and closes the connection (once; later calls do nothing). */
  release(): Promise<void>
}

export async function holdDiscussionLock(documentId: string): Promise<HeldDiscussion> {
  const { space, key } = discussionLock(documentId)
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  // A connection lost while held ends the test's hold; it must not crash the test process.
  client.on('error', () => {})
  await client.connect()
  await client.query('select pg_advisory_lock($1, $2)', [space, key])
  let released: Promise<void> | undefined
  return {
    async waiters() {
      // A lock of two int4 keys: the first is `classid`, the second `objid` (an oid: unsigned).
      const { rows } = await client.query<{ n: string }>(
        `select count(*) as n from pg_locks
          where locktype = 'advisory' and objsubid = 2 and classid = $1 and objid = $2 and not granted`,
        [space, key >>> 0],
      )
      return Number(rows[0]!.n)
    },
    release() {
      released ??= (async () => {
        await client.query('select pg_advisory_unlock($1, $2)', [space, key]).catch(() => {})
        await client.end()
      })()
      return released
    },
  }
}
