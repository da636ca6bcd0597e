#!/usr/bin/env node
// What one durable update-log append costs on this machine, Trepart's own against the layouts it
// could use instead: the time of the call (p50, p90) and the process's CPU per append, checkpoints
// included (the server's checkpoint worker runs in this process, as it does in the server).
// "Tight" appends back to back (a busy server); "paced" sleeps 20 ms between appends, as a server
// in a meeting does, so each append runs cold. Run after `npm run build`:
//   node bench/append-cost.mjs [--appends 20000] [--paced-appends 400] [--variants a,b]
// Variants:
//   trepart            the server's own path: openDatabase() and its sqliteAppend, one row per commit
//   no-autoincrement   the same table without AUTOINCREMENT (no sqlite_sequence page per commit)
//   without-rowid      one B-tree keyed by (document_id, seq), seq counted by the caller
//   exclusive-locking  the server's table with locking_mode=EXCLUSIVE (no shared-memory locks;
//                      no other connection, so no checkpoint worker and no outside reader)
//   file-append        one write() of a framed record to an append-only file (no SQLite at all)
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { openDatabase } from '@trepart/server'
import Database from 'better-sqlite3'

const { values } = parseArgs({
  options: {
    appends: { type: 'string', default: '20000' },
    'paced-appends': { type: 'string', default: '400' },
    variants: {
      type: 'string',
      default: 'trepart,no-autoincrement,without-rowid,exclusive-locking,file-append',
    },
  },
})

const documents = Array.from({ length: 50 }, (_, i) => `doc_${String(i).padStart(20, '0')}`)
// About the size of one typed character's update, as in commit-rate.mjs.
const update = Buffer.alloc(30, 7)

function rawSqlite(dir, { exclusive }) {
  const db = new Database(path.join(dir, 'x.sqlite'))
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  if (exclusive) db.pragma('locking_mode = EXCLUSIVE')
  return db
}

/** Returns { append(documentId, data), close() } for a variant, in a fresh directory. */
async function open(variant, dir) {
  switch (variant) {
    case 'trepart': {
      const opened = await openDatabase({
        dataDir: dir,
        sqliteSynchronous: 'normal',
        sqliteBusyTimeoutMs: 5000,
        sqliteCheckpoint: { afterCommits: 250, afterBytes: 4 * 1024 * 1024 },
      })
      const now = Date.now()
      return {
        append: (documentId, data) => opened.sqliteAppend([{ documentId, data }], now),
        close: () => opened.close(),
      }
    }
    case 'no-autoincrement':
    case 'exclusive-locking': {
      const db = rawSqlite(dir, { exclusive: variant === 'exclusive-locking' })
      const key = variant === 'no-autoincrement' ? 'PRIMARY KEY' : 'PRIMARY KEY AUTOINCREMENT'
      db.exec(`CREATE TABLE document_updates (seq INTEGER ${key}, document_id TEXT NOT NULL,
        data BLOB NOT NULL, created_at INTEGER NOT NULL);
        CREATE INDEX document_updates_document_seq ON document_updates (document_id, seq)`)
      const insert = db.prepare(
        'INSERT INTO document_updates (document_id, data, created_at) VALUES (?, ?, ?)',
      )
      const now = Date.now()
      return { append: (d, data) => insert.run(d, data, now), close: () => db.close() }
    }
    case 'without-rowid': {
      const db = rawSqlite(dir, { exclusive: false })
      db.exec(`CREATE TABLE document_updates (document_id TEXT NOT NULL, seq INTEGER NOT NULL,
        data BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (document_id, seq)) WITHOUT ROWID`)
      const insert = db.prepare('INSERT INTO document_updates VALUES (?, ?, ?, ?)')
      const now = Date.now()
      let seq = 0
      return { append: (d, data) => insert.run(d, ++seq, data, now), close: () => db.close() }
    }
    case 'file-append': {
      const fd = fs.openSync(path.join(dir, 'updates.log'), 'a')
      return {
        append(documentId, data) {
          // length, document id, payload: what a log record would need at least.
          const record = Buffer.allocUnsafe(4 + documentId.length + data.byteLength)
          record.writeUInt32LE(data.byteLength, 0)
          record.write(documentId, 4, 'latin1')
          record.set(data, 4 + documentId.length)
          fs.writeSync(fd, record)
        },
        close: () => fs.closeSync(fd),
      }
    }
    default:
      throw new Error(`unknown variant ${variant}`)
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const at = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]

async function measure(variant, count, pacedMs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-append-cost-'))
  try {
    const log = await open(variant, dir)
    // Warm the statement and the file before timing.
    for (let i = 0; i < 50; i++) log.append(documents[i % documents.length], update)
    const times = new Float64Array(count)
    const cpuBefore = process.cpuUsage()
    for (let i = 0; i < count; i++) {
      const start = process.hrtime.bigint()
      log.append(documents[i % documents.length], update)
      times[i] = Number(process.hrtime.bigint() - start) / 1000
      if (pacedMs) await sleep(pacedMs)
    }
    const cpu = process.cpuUsage(cpuBefore)
    await log.close()
    times.sort()
    return { p50: at(times, 0.5), p90: at(times, 0.9), cpuPerAppend: (cpu.user + cpu.system) / count }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const variants = values.variants.split(',')
console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`)
console.log('| variant | tight p50 µs | tight p90 µs | CPU µs per append | paced p50 µs | paced p90 µs |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
for (const variant of variants) {
  const tight = await measure(variant, Number(values.appends), 0)
  // Paced CPU is left out: it would count the timer wake-ups between appends more than the appends.
  const paced = await measure(variant, Number(values['paced-appends']), 20)
  const f = (n) => n.toFixed(1)
  console.log(
    `| ${variant} | ${f(tight.p50)} | ${f(tight.p90)} | ${f(tight.cpuPerAppend)} | ${f(paced.p50)} | ${f(paced.p90)} |`,
  )
}
