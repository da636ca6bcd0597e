/**
 * `npm start`'s process stops cleanly on SIGINT and SIGTERM: everything pending is committed,
 * sockets are closed with "going away", exit 0 — and non-zero, naming the documents, when
 * something could not be stored before the deadline.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SQLITE_FILE_NAME } from '@trepart/server'
import { createWorld, waitFor } from '@trepart/server/test-support'
import { CloseCode } from '@trepart/shared'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startChildServer } from './support/child-server.js'
import { createClient, type TestClient } from './support/clients.js'

const clients: TestClient[] = []
const dirs: string[] = []
afterEach(() => {
  for (const c of clients.splice(0)) c.destroy()
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-shutdown-'))
  dirs.push(dir)
  return dir
}

describe.each(['SIGTERM', 'SIGINT'] as const)('on %s', (signal) => {
  it('[P6] commits what is pending, says "going away", exits 0, and the content is there after restart', async () => {
    const dataDir = tempDir()
    const server = await startChildServer({ DATA_DIR: dataDir })
    const world = await createWorld(server.url)
    const id = await world.document('stop')
    const a = createClient(server.collabUrl, id, { actor: world.admin })
    clients.push(a)
    const closes: number[] = []
    a.provider.on('connection-close', (e) => closes.push(e?.code ?? 0))
    await waitFor(() => a.provider.synced)
    for (let i = 0; i < 200; i++) a.text.insert(a.text.length, `${i};`)
    const expected = a.text.toString()
    // Signal right away: some of those updates are still on their way through the commit queue.
    server.child.kill(signal)
    expect(await server.exited).toBe(0)
    expect(closes[0]).toBe(CloseCode.GoingAway)
    expect(server.output()).toContain('stopped cleanly')
    a.provider.disconnect()

    const again = await startChildServer({ DATA_DIR: dataDir })
    const b = createClient(again.collabUrl, id, { actor: world.admin })
    clients.push(b)
    await waitFor(() => b.provider.synced)
    // What reached the server before the signal is stored; the rest the client still holds.
    const stored = b.text.toString()
    expect(expected.startsWith(stored)).toBe(true)
    again.child.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  })
})

it('[P6] exits non-zero and names the document when pending updates cannot be stored in time', async () => {
  const dataDir = tempDir()
  const server = await startChildServer({
    DATA_DIR: dataDir,
    SQLITE_BUSY_TIMEOUT_MS: '10',
    COMMIT_FAILURE_CLOSE_MS: '60000',
    SHUTDOWN_TIMEOUT_MS: '500',
  })
  const world = await createWorld(server.url)
  const id = await world.document('stuck')
  const a = createClient(server.collabUrl, id, { actor: world.admin })
  clients.push(a)
  await waitFor(() => a.provider.synced)
  const locker = new Database(path.join(dataDir, SQLITE_FILE_NAME))
  locker.exec('BEGIN IMMEDIATE')
  try {
    a.text.insert(0, 'kan ikke lagres nå')
    await waitFor(() => server.output().includes('commit failed'))
    server.child.kill('SIGTERM')
    expect(await server.exited).not.toBe(0)
    const line = server
      .output()
      .split('\n')
      .find((l) => l.includes('could not be stored'))
    expect(line).toContain(id)
  } finally {
    locker.exec('ROLLBACK')
    locker.close()
  }
})

describe('closing the database while a WAL checkpoint is answering', () => {
  it('[P3] finishes the close, leaving no WAL, even when nothing else keeps the process alive', async () => {
    const dataDir = tempDir()
    // In a process of its own: in this one, vitest keeps the event loop alive and would hide it.
    // The checkpoint's reply is made to arrive while the worker is being terminated — the timing a
    // server stopping mid-checkpoint meets by chance — and used to let go of the last handle, so
    // the process ended before the main connection closed.
    const script = `
      import { openDatabase } from '@trepart/server'
      const opened = await openDatabase({
        dataDir: ${JSON.stringify(dataDir)},
        sqliteSynchronous: 'normal',
        sqliteBusyTimeoutMs: 1000,
        sqliteCheckpoint: { afterCommits: 250, afterBytes: 1 << 30 },
      })
      await opened.checkpointer.checkpoint()
      const closing = opened.close()
      opened.checkpointer.worker.emit('message', { ok: true, logFrames: 0, checkpointedFrames: 0 })
      await closing
      console.log('closed')
    `
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: path.dirname(fileURLToPath(import.meta.url)),
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.stderr).toBe('')
    expect(result.stdout.trim()).toBe('closed')
    expect(result.status).toBe(0)
    expect(fs.existsSync(path.join(dataDir, `${SQLITE_FILE_NAME}-wal`))).toBe(false)
  })
})
