/**
 * Nothing lost: restarts, SIGKILL, compaction, a document that fails to load, and a database that
 * refuses writes for a while. Real servers, real y-websocket clients, real SQLite files.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { KyselyDocumentStore, openDatabase, SQLITE_FILE_NAME } from '@trepart/server'
import { createWorld, startTestServer, waitFor } from '@trepart/server/test-support'
import { CloseCode } from '@trepart/shared'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startChildServer } from './support/child-server.js'
import { createClient, type TestClient } from './support/clients.js'
import { textFromStore } from './support/ydoc.js'

const clients: TestClient[] = []
const cleanups: Array<() => Promise<void> | void> = []
const client = (...args: Parameters<typeof createClient>) => {
  const c = createClient(...args)
  clients.push(c)
  return c
}
/** A signed-in admin and one document on `baseUrl`. */
async function setup(baseUrl: string) {
  const world = await createWorld(baseUrl)
  return { world, actor: world.admin, id: await world.document() }
}
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  for (const fn of cleanups.splice(0).reverse()) await fn()
})

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-durability-'))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  return dir
}

function countOf(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1
}

describe('restart', () => {
  it('brings content back exactly once, also when a client that kept its document reconnects', async () => {
    const dataDir = tempDir()
    const first = await startTestServer({}, { dataDir })
    const { actor, id } = await setup(first.url)
    const a = client(first.collabUrl, id, { trepart: true, actor })
    await waitFor(() => a.provider.synced)
    a.text.insert(0, 'Vedtak: budsjettet vedtas.')
    await a.flush()
    a.provider.disconnect()
    await first.stop()

    const second = await startTestServer({}, { dataDir })
    cleanups.push(() => second.stop())
    // A fresh client sees the stored content.
    const fresh = client(second.collabUrl, id, { actor })
    await waitFor(() => fresh.provider.synced && fresh.text.length > 0)
    expect(fresh.text.toString()).toBe('Vedtak: budsjettet vedtas.')
    // The client that kept its Y.Doc reconnects to the new server: no duplicated text.
    const again = client(second.collabUrl, id, { doc: a.doc, trepart: true, actor })
    await waitFor(() => again.provider.synced)
    again.text.insert(again.text.length, ' Enstemmig.')
    await again.flush()
    await waitFor(() => fresh.text.toString() === 'Vedtak: budsjettet vedtas. Enstemmig.')
    expect(await textFromStore(second.store, id)).toBe('Vedtak: budsjettet vedtas. Enstemmig.')
  })
})

describe('kill -9', () => {
  it('[P1] keeps every update another client has received', async () => {
    const dataDir = tempDir()
    const env = { DATA_DIR: dataDir }
    const server = await startChildServer(env)
    cleanups.push(() => void server.child.kill('SIGKILL'))
    const { actor, id } = await setup(server.url)
    const writer = client(server.collabUrl, id, { actor })
    const observer = client(server.collabUrl, id, { actor })
    await waitFor(() => writer.provider.synced && observer.provider.synced)

    // Write steadily; kill the server while edits are in flight.
    let i = 0
    const writing = setInterval(() => {
      for (let k = 0; k < 5; k++) writer.text.insert(writer.text.length, `e${i++};`)
    }, 2)
    await waitFor(() => countOf(observer.text.toString(), ';') >= 300, { timeoutMs: 30_000 })
    server.child.kill('SIGKILL')
    await server.exited
    clearInterval(writing)
    const seen = observer.text.toString()
    const seenTokens = seen.split(';').filter(Boolean)
    expect(seenTokens.length).toBeGreaterThanOrEqual(300)
    writer.provider.disconnect()
    observer.provider.disconnect()

    const restarted = await startChildServer(env)
    cleanups.push(() => void restarted.child.kill('SIGKILL'))
    // The session survives the restart: it is stored (hashed) like everything else.
    const reader = client(restarted.collabUrl, id, { actor })
    await waitFor(() => reader.provider.synced && reader.text.length > 0)
    const stored = reader.text.toString()
    // Everything the observer saw survived the kill, exactly once.
    for (const token of seenTokens) expect(countOf(stored, `${token};`), token).toBe(1)
    expect(stored.startsWith(seen)).toBe(true)

    // The writer reconnects with its own copy: what was not yet stored arrives now, nothing doubles.
    const back = client(restarted.collabUrl, id, { doc: writer.doc, trepart: true, actor })
    await waitFor(() => back.provider.synced)
    await back.flush()
    await waitFor(() => reader.text.toString() === writer.text.toString())
    const all = reader.text.toString().split(';').filter(Boolean)
    expect(new Set(all).size).toBe(all.length)
    expect(all.length).toBe(i)
  })
})

describe('compaction', () => {
  it('[P5] folds the log into a snapshot and leaves content identical', async () => {
    const server = await startTestServer({ COMPACT_AFTER_UPDATES: '10' })
    cleanups.push(() => server.stop())
    const { actor, id } = await setup(server.url)
    const a = client(server.collabUrl, id, { trepart: true, actor })
    await waitFor(() => a.provider.synced)
    for (let n = 0; n < 60; n++) {
      a.text.insert(a.text.length, `${n} `)
      if (n % 7 === 0) a.text.delete(0, 1)
      await a.flush()
    }
    await server.registry.whenCompacted()
    const stored = await server.store.load(id)
    expect(stored.snapshot).not.toBeNull()
    expect(stored.updates.length).toBeLessThan(60)
    expect(await textFromStore(server.store, id)).toBe(a.text.toString())
    const late = client(server.collabUrl, id, { actor })
    await waitFor(() => late.provider.synced && late.text.toString() === a.text.toString())
  })

  it('[P5] answers joiners from the snapshot while nothing was committed after it, and never after', async () => {
    // Rooms unload (and compact) as soon as their last client leaves; every 5th write compacts.
    const server = await startTestServer({ ROOM_UNLOAD_DELAY_MS: '0', COMPACT_AFTER_UPDATES: '5' })
    cleanups.push(() => server.stop())
    const { actor, id } = await setup(server.url)
    const writer = client(server.collabUrl, id, { trepart: true, actor })
    await waitFor(() => writer.provider.synced)
    for (let n = 0; n < 12; n++) {
      writer.text.insert(writer.text.length, `${n};`)
      await writer.flush()
    }
    writer.destroy()
    await waitFor(() => !server.registry.rooms.has(id))
    await server.registry.whenCompacted()
    expect((await server.store.load(id)).updates).toHaveLength(0)

    // Loaded from the snapshot alone: a crowd of fresh clients, then one of them edits.
    const expected = Array.from({ length: 12 }, (_, n) => `${n};`).join('')
    const crowd = Array.from({ length: 3 }, () => client(server.collabUrl, id, { trepart: true, actor }))
    await waitFor(() => crowd.every((c) => c.provider.synced && c.text.toString() === expected))
    crowd[0]!.text.insert(0, 'A;')
    await crowd[0]!.flush()
    const afterEdit = client(server.collabUrl, id, { actor })
    await waitFor(() => afterEdit.provider.synced && afterEdit.text.toString() === `A;${expected}`)

    // Compacted while the room is live, with nobody writing meanwhile: joiners get the new
    // snapshot; after the next edit they get that edit too.
    for (let n = 0; n < 4; n++) {
      crowd[1]!.text.insert(crowd[1]!.text.length, `b${n};`)
      await crowd[1]!.flush()
    }
    await server.registry.whenCompacted()
    const whole = crowd[1]!.text.toString()
    const late = client(server.collabUrl, id, { actor })
    await waitFor(() => late.provider.synced && late.text.toString() === whole)
    crowd[2]!.text.insert(0, 'C;')
    await crowd[2]!.flush()
    const later = client(server.collabUrl, id, { actor })
    await waitFor(() => later.provider.synced && later.text.toString() === `C;${whole}`)
  })
})

describe('load failure', () => {
  it('[P4] refuses the connection with LoadFailed instead of serving an empty document', async () => {
    const server = await startTestServer({ ROOM_UNLOAD_DELAY_MS: '0' })
    cleanups.push(() => server.stop())
    const { actor, id } = await setup(server.url)
    const a = client(server.collabUrl, id, { trepart: true, actor })
    await waitFor(() => a.provider.synced)
    a.text.insert(0, 'Innhold som ikke må forsvinne')
    await a.flush()
    a.destroy()
    await waitFor(() => server.registry.rooms.size === 0)

    // Break loading for real: the update log table disappears under the server.
    const sqlite = new Database(path.join(server.dataDir, SQLITE_FILE_NAME))
    sqlite.exec('ALTER TABLE document_updates RENAME TO document_updates_away')
    const codes: number[] = []
    const b = client(server.collabUrl, id, { actor })
    b.provider.on('connection-close', (event) => codes.push(event?.code ?? 0))
    await waitFor(() => codes.length >= 2)
    expect(codes.every((c) => c === CloseCode.LoadFailed)).toBe(true)
    expect(b.text.toString()).toBe('')
    expect(server.registry.rooms.has(id)).toBe(false)

    // Repair: the client retries by itself (LoadFailed is retryable) and gets the real content.
    sqlite.exec('ALTER TABLE document_updates_away RENAME TO document_updates')
    sqlite.close()
    await waitFor(() => b.text.toString() === 'Innhold som ikke må forsvinne', { timeoutMs: 15_000 })
  })
})

describe('commit failure', () => {
  it('[P1][P3] neither applies nor broadcasts uncommitted updates, and loses nothing once storage recovers', async () => {
    const server = await startTestServer({
      SQLITE_BUSY_TIMEOUT_MS: '20',
      COMMIT_RETRY_BASE_MS: '20',
      COMMIT_RETRY_MAX_MS: '100',
      COMMIT_FAILURE_CLOSE_MS: '400',
    })
    cleanups.push(() => server.stop())
    const { actor, id } = await setup(server.url)
    const writer = client(server.collabUrl, id, { trepart: true, actor })
    const reader = client(server.collabUrl, id, { actor })
    await waitFor(() => writer.provider.synced && reader.provider.synced)
    writer.text.insert(0, 'før. ')
    await writer.flush()
    await waitFor(() => reader.text.toString() === 'før. ')

    // Another process holds the write lock: every commit fails with SQLITE_BUSY.
    const locker = new Database(path.join(server.dataDir, SQLITE_FILE_NAME))
    locker.exec('BEGIN IMMEDIATE')
    const closes: number[] = []
    writer.provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    writer.text.insert(writer.text.length, 'under utfallet. ')
    await waitFor(() => server.committer.stats.failures >= 3)
    // Not applied, not broadcast.
    expect(server.registry.rooms.get(id)!.doc.getText('t').toString()).toBe('før. ')
    expect(reader.text.toString()).toBe('før. ')
    // After COMMIT_FAILURE_CLOSE_MS the writer is told to retry later.
    await waitFor(() => closes.includes(CloseCode.StorageUnavailable), { timeoutMs: 10_000 })

    locker.exec('ROLLBACK')
    locker.close()
    // The writer reconnects by itself and resends; the reader gets it; it is on disk.
    await waitFor(() => reader.text.toString() === 'før. under utfallet. ', { timeoutMs: 15_000 })
    await waitFor(async () => (await textFromStore(server.store, id)) === 'før. under utfallet. ')
  })

  it('[P3] rides out a short outage without closing anyone', async () => {
    const server = await startTestServer({
      SQLITE_BUSY_TIMEOUT_MS: '20',
      COMMIT_RETRY_BASE_MS: '20',
      COMMIT_RETRY_MAX_MS: '50',
      COMMIT_FAILURE_CLOSE_MS: '60000',
    })
    cleanups.push(() => server.stop())
    const { actor, id } = await setup(server.url)
    const writer = client(server.collabUrl, id, { trepart: true, actor })
    const reader = client(server.collabUrl, id, { actor })
    await waitFor(() => writer.provider.synced && reader.provider.synced)
    const locker = new Database(path.join(server.dataDir, SQLITE_FILE_NAME))
    locker.exec('BEGIN IMMEDIATE')
    let closes = 0
    writer.provider.on('connection-close', () => closes++)
    writer.text.insert(0, 'kort avbrudd')
    const saved = writer.flush()
    await waitFor(() => server.committer.stats.failures >= 2)
    expect(reader.text.toString()).toBe('')
    locker.exec('ROLLBACK')
    locker.close()
    await saved
    await waitFor(() => reader.text.toString() === 'kort avbrudd')
    expect(closes).toBe(0)
  })
})

describe('store opened directly', () => {
  it('reads what the server wrote (same file, same schema)', async () => {
    const server = await startTestServer()
    const { actor, id } = await setup(server.url)
    const a = client(server.collabUrl, id, { trepart: true, actor })
    await waitFor(() => a.provider.synced)
    a.text.insert(0, 'direkte')
    await a.flush()
    a.destroy()
    await server.stop({ keepData: true })
    cleanups.push(() => fs.rmSync(server.dataDir, { recursive: true, force: true }))
    const opened = await openDatabase({
      dataDir: server.dataDir,
      sqliteSynchronous: 'normal',
      sqliteBusyTimeoutMs: 100,
    })
    const store = KyselyDocumentStore.for(opened)
    expect(await textFromStore(store, id)).toBe('direkte')
    await store.close()
  })
})
