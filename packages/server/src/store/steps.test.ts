/**
 * The step runner on a real SQLite file: synchronous inside one transaction of its own, rolled
 * back whole when its body throws, and never inside one of Kysely's transactions that is open on
 * the connection (it waits for it instead, through Kysely). On a real PostgreSQL: its lock, taken
 * with BEGIN, holds a second transaction on the same name until the first ends, and a transaction
 * that fails anywhere, its BEGIN and lock included, is rolled back before its connection is reused.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { postgresAvailable, TEST_DATABASE_URL } from '../test-support/services.js'
import { openPostgres } from '../test-support/store.js'
import { waitFor } from '../test-support/wait-for.js'
import { type OpenDatabase, openDatabase } from './database.js'
import {
  all,
  first,
  LockTimeout,
  lock,
  lockKey,
  run,
  type SqliteSync,
  type StepDatabase,
  StepRunner,
  type Steps,
  shape,
} from './steps.js'

const hasPostgres = await postgresAvailable()
/** A lock's timeout none of these tests reaches: each lock here is let go of by the test. */
const WAIT_MS = 60_000

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

/** A SQLite file of its own, with the synchronous side the runner uses. */
async function open(): Promise<{
  db: OpenDatabase['db']
  sqliteSync: SqliteSync
  stepDatabase: StepDatabase
}> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-steps-'))
  const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 1000 })
  cleanups.push(async () => {
    await opened.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  const { stepDatabase } = opened
  if (stepDatabase.dialect !== 'sqlite') throw new Error('not SQLite')
  return { db: opened.db, sqliteSync: stepDatabase.sqlite, stepDatabase }
}

const user = (id: string) => ({
  id,
  email: `${id}@example.org`,
  name: id,
  password_hash: 'x',
  locale: 'nb',
  instance_admin: 0,
  created_at: 1,
  updated_at: 1,
})

describe('StepRunner (SQLite)', () => {
  it('runs a body synchronously in a transaction of its own and answers its result', async () => {
    const { db, sqliteSync, stepDatabase } = await open()
    expect(sqliteSync).toBeDefined()
    const runner = new StepRunner(db, stepDatabase)
    let insideTransaction = false
    function* body(): Steps<string | undefined> {
      yield* run(db.insertInto('users').values(user('a')))
      insideTransaction = sqliteSync.inTransaction
      const row = yield* first(db.selectFrom('users').select('name').where('id', '=', 'a'))
      return row?.name
    }
    const answer = runner.transaction(body)
    // Done before any other code could run: nothing was awaited on the way.
    expect(insideTransaction).toBe(true)
    expect(sqliteSync.inTransaction).toBe(false)
    expect(await answer).toBe('a')
    expect(await db.selectFrom('users').select('id').execute()).toEqual([{ id: 'a' }])
  })

  it('rolls the whole body back when it throws', async () => {
    const { db, stepDatabase } = await open()
    const runner = new StepRunner(db, stepDatabase)
    function* body(): Steps<void> {
      yield* run(db.insertInto('users').values(user('b')))
      throw new Error('refused half-way')
    }
    await expect(runner.transaction(body)).rejects.toThrow('refused half-way')
    expect(await db.selectFrom('users').select('id').execute()).toEqual([])
  })

  it('reads outside any transaction, every row at once, and refuses a lock there', async () => {
    const { db, sqliteSync, stepDatabase } = await open()
    const runner = new StepRunner(db, stepDatabase)
    await db
      .insertInto('users')
      .values([user('e'), user('f')])
      .execute()
    let insideTransaction: boolean | undefined
    const names = await runner.read(function* () {
      insideTransaction = sqliteSync.inTransaction
      return yield* all(db.selectFrom('users').select('name').orderBy('name'))
    })
    expect(names).toEqual([{ name: 'e' }, { name: 'f' }])
    expect(insideTransaction).toBe(false)
    await expect(
      runner.read(function* () {
        yield* lock(1, 'x', WAIT_MS)
      }),
    ).rejects.toThrow(/lock outside a transaction/)
  })

  it('does not land inside a Kysely transaction open on the connection: it waits for it', async () => {
    const { db, sqliteSync, stepDatabase } = await open()
    const runner = new StepRunner(db, stepDatabase)
    let letGo: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      letGo = resolve
    })
    let inserted: () => void = () => {}
    const insertedA = new Promise<void>((resolve) => {
      inserted = resolve
    })
    // A Kysely transaction that writes, waits between its statements, then fails (rolled back).
    const outer = db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(user('outer')).execute()
      inserted()
      await gate
      throw new Error('outer fails')
    })
    await insertedA
    expect(sqliteSync.inTransaction).toBe(true)
    function* body(): Steps<void> {
      yield* run(db.insertInto('users').values(user('steps')))
    }
    const steps = runner.transaction(body)
    letGo()
    await expect(outer).rejects.toThrow('outer fails')
    await steps
    // Had the steps run inside the open transaction, its rollback would have taken them too.
    expect(await db.selectFrom('users').select('id').execute()).toEqual([{ id: 'steps' }])
  })
})

/** A database of its own schema on the test server, with a pool of `poolSize` connections. */
async function openPg(poolSize: number): Promise<OpenDatabase> {
  const { opened, close } = await openPostgres('steps', { poolSize })
  cleanups.push(close)
  return opened
}

/** A connection of the test's own, outside the pool under test. */
async function sideConnection(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL })
  await client.connect()
  cleanups.push(() => client.end())
  return client
}

/** Advisory locks in `space` that some backend waits for, with the waiting backends. */
async function waitingIn(client: pg.Client, space: number): Promise<number[]> {
  const { rows } = await client.query<{ pid: number }>(
    `select pid from pg_locks where locktype = 'advisory' and classid = $1 and not granted`,
    [space],
  )
  return rows.map((r) => r.pid)
}

describe.runIf(hasPostgres)('StepRunner (PostgreSQL)', () => {
  // A space no code of Trepart's uses, so that parallel test files never meet these locks.
  const space = 0x7e570001
  const unique = () => `steps-${process.pid}-${Math.random().toString(36).slice(2)}`

  it('holds a second transaction on the same lock until the first has committed', async () => {
    const { db, stepDatabase } = await openPg(4)
    const runner = new StepRunner(db, stepDatabase)
    const side = await sideConnection()
    const name = unique()
    // The side connection holds the lock first, so both transactions queue behind it in turn.
    await side.query('select pg_advisory_lock($1, $2)', [space, 0])
    const order: string[] = []
    function* body(id: string, hold: boolean): Steps<void> {
      yield* lock(space, name, WAIT_MS)
      order.push(`${id} locked`)
      // The first one waits here, inside its transaction and holding `name`, for the side's lock.
      if (hold)
        yield* first(
          db.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.val(space), eb.val(0)]).as('x')),
        )
      yield* run(db.insertInto('users').values(user(id)))
      order.push(`${id} wrote`)
    }
    const a = runner.transaction(() => body('a', true))
    await waitFor(async () => (await waitingIn(side, space)).length === 1)
    const b = runner.transaction(() => body('b', false))
    await waitFor(async () => (await waitingIn(side, space)).length === 2)
    expect(order).toEqual(['a locked'])
    await side.query('select pg_advisory_unlock($1, $2)', [space, 0])
    await Promise.all([a, b])
    expect(order).toEqual(['a locked', 'a wrote', 'b locked', 'b wrote'])
    expect((await db.selectFrom('users').select('id').orderBy('id').execute()).map((u) => u.id)).toEqual([
      'a',
      'b',
    ])
  })

  it('reads every row through the pool, and refuses a lock outside a transaction', async () => {
    const { db, stepDatabase } = await openPg(2)
    const runner = new StepRunner(db, stepDatabase)
    await db
      .insertInto('users')
      .values([user('g'), user('h')])
      .execute()
    const names = await runner.read(function* () {
      return yield* all(db.selectFrom('users').select('name').orderBy('name'))
    })
    expect(names).toEqual([{ name: 'g' }, { name: 'h' }])
    await expect(
      runner.read(function* () {
        yield* lock(space, unique(), WAIT_MS)
      }),
    ).rejects.toThrow(/lock outside a transaction/)
  })

  it('rolls back a transaction whose BEGIN and lock failed, and one that failed later', async () => {
    // One connection: a transaction left open on it would break every later one.
    const { db, stepDatabase } = await openPg(1)
    const runner = new StepRunner(db, stepDatabase)
    const side = await sideConnection()
    const name = unique()
    function* writes(...ids: string[]): Steps<void> {
      yield* lock(space, name, WAIT_MS)
      for (const id of ids) yield* run(db.insertInto('users').values(user(id)))
    }
    // BEGIN and the lock are one round trip: cancelled while it waits for the lock, that fails.
    await side.query('select pg_advisory_lock($1, $2)', [space, lockKey(name)])
    const cancelled = runner.transaction(() => writes('a'))
    await waitFor(async () => (await waitingIn(side, space)).length === 1)
    const [waiting] = await waitingIn(side, space)
    await side.query('select pg_cancel_backend($1)', [waiting])
    await expect(cancelled).rejects.toThrow(/cancel/)
    await side.query('select pg_advisory_unlock($1, $2)', [space, lockKey(name)])
    // A unique key refuses the second 'b': the whole transaction goes, 'b' included.
    await expect(runner.transaction(() => writes('b', 'b'))).rejects.toThrow(/duplicate key/)
    // Had either been left open on the pool's one connection, this would fail as aborted.
    await runner.transaction(() => writes('c'))
    expect((await db.selectFrom('users').select('id').execute()).map((u) => u.id)).toEqual(['c'])
  })

  it('bounds its lock waits: past the timeout, LockTimeout, rolled back, the settings gone with it', async () => {
    // One connection: what a transaction left on it would show in the next one.
    const { db, stepDatabase } = await openPg(1)
    if (stepDatabase.dialect !== 'postgres') throw new Error('not PostgreSQL')
    const runner = new StepRunner(db, stepDatabase)
    const side = await sideConnection()
    const name = unique()
    const settings = async () =>
      (
        await stepDatabase.pool.query<{ lock: string; idle: string }>(
          `select current_setting('lock_timeout') as lock,
                  current_setting('idle_in_transaction_session_timeout') as idle`,
        )
      ).rows[0]
    const before = await settings()
    await side.query('select pg_advisory_lock($1, $2)', [space, lockKey(name)])
    // The lock as the first step (sent with BEGIN), and after a write (sent alone).
    const lockFirst = function* (): Steps<void> {
      yield* lock(space, name, 150)
      yield* run(db.insertInto('users').values(user('x')))
    }
    const lockAfter = function* (): Steps<void> {
      yield* run(db.insertInto('users').values(user('y')))
      yield* lock(space, name, 150)
    }
    for (const body of [lockFirst, lockAfter]) {
      const error = await runner.transaction(body).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(LockTimeout)
      expect((error as LockTimeout).timeoutMs).toBe(150)
      expect(await settings()).toEqual(before)
    }
    expect(await db.selectFrom('users').select('id').execute()).toEqual([])
    await side.query('select pg_advisory_unlock($1, $2)', [space, lockKey(name)])
    await runner.transaction(lockAfter)
    expect((await db.selectFrom('users').select('id').execute()).map((u) => u.id)).toEqual(['y'])
  })
})

describe('shape', () => {
  it('builds a statement once and binds the values of every use where those of the first went', async () => {
    const { db, stepDatabase } = await open()
    const runner = new StepRunner(db, stepDatabase)
    let builds = 0
    const insert = shape((v: ReturnType<typeof user>) => {
      builds++
      return db.insertInto('users').values(v)
    })
    const byName = shape((v: { name: string; locale: string }) => {
      builds++
      return db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('locale', '=', v.locale)
        .where('name', '=', v.name)
    })
    function* body(): Steps<Array<{ id: string; name: string } | undefined>> {
      yield* run(insert(user('c')))
      // The same keys in another order bind by name, not by position.
      const { id, email, ...rest } = user('d')
      yield* run(insert({ ...rest, email: 'd@example.org', id }))
      return [
        yield* first(byName({ name: 'd', locale: 'nb' })),
        yield* first(byName({ locale: 'nb', name: 'c' })),
      ]
    }
    expect(await runner.transaction(body)).toEqual([
      { id: 'd', name: 'd' },
      { id: 'c', name: 'c' },
    ])
    expect(builds).toBe(2)
    expect(
      (await db.selectFrom('users').select(['id', 'email']).orderBy('id').execute()).map((u) => u.email),
    ).toEqual(['c@example.org', 'd@example.org'])
  })

  it('refuses a value that does not come through its values, and an undefined one', async () => {
    const { db } = await open()
    const fixed = shape((v: { id: string }) =>
      db.selectFrom('users').select('id').where('id', '=', v.id).where('locale', '=', 'nb'),
    )
    expect(() => fixed({ id: 'x' })).toThrow(/not given through its values/)
    const byId = shape((v: { id: string | undefined }) =>
      db
        .selectFrom('users')
        .select('id')
        .where('id', '=', v.id ?? ''),
    )
    expect(byId({ id: 'x' }).compile().parameters).toEqual(['x'])
    expect(() => byId({ id: undefined })).toThrow(/undefined/)
  })
})
