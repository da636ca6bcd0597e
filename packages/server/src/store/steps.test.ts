/**
 * The step runner on a real SQLite file: synchronous inside one transaction of its own, rolled
 * back whole when its body throws, and never inside one of Kysely's transactions that is open on
 * the connection (it waits for it instead, through Kysely).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type OpenDatabase, openDatabase } from './database.js'
import { first, run, StepRunner, type Steps, shape } from './steps.js'

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c()
})

async function open(): Promise<OpenDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-steps-'))
  const opened = await openDatabase({ dataDir, sqliteSynchronous: 'normal', sqliteBusyTimeoutMs: 1000 })
  cleanups.push(async () => {
    await opened.close()
    fs.rmSync(dataDir, { recursive: true, force: true })
  })
  return opened
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
    const { db, sqliteSync } = await open()
    expect(sqliteSync).toBeDefined()
    const runner = new StepRunner(db, sqliteSync)
    let insideTransaction = false
    function* body(): Steps<string | undefined> {
      yield* run(db.insertInto('users').values(user('a')))
      insideTransaction = sqliteSync?.inTransaction ?? false
      const row = yield* first(db.selectFrom('users').select('name').where('id', '=', 'a'))
      return row?.name
    }
    const answer = runner.transaction(body)
    // Done before any other code could run: nothing was awaited on the way.
    expect(insideTransaction).toBe(true)
    expect(sqliteSync?.inTransaction).toBe(false)
    expect(await answer).toBe('a')
    expect(await db.selectFrom('users').select('id').execute()).toEqual([{ id: 'a' }])
  })

  it('rolls the whole body back when it throws', async () => {
    const { db, sqliteSync } = await open()
    const runner = new StepRunner(db, sqliteSync)
    function* body(): Steps<void> {
      yield* run(db.insertInto('users').values(user('b')))
      throw new Error('refused half-way')
    }
    await expect(runner.transaction(body)).rejects.toThrow('refused half-way')
    expect(await db.selectFrom('users').select('id').execute()).toEqual([])
  })

  it('does not land inside a Kysely transaction open on the connection: it waits for it', async () => {
    const { db, sqliteSync } = await open()
    const runner = new StepRunner(db, sqliteSync)
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
    expect(sqliteSync?.inTransaction).toBe(true)
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

describe('shape', () => {
  it('builds a statement once and binds the values of every use where those of the first went', async () => {
    const { db, sqliteSync } = await open()
    const runner = new StepRunner(db, sqliteSync)
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
