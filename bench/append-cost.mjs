#!/usr/bin/env node
// What one durable update-log append costs on this machine, Trepart's own against the layouts it
// could use instead: the time of the call (p50, p90) and the process's CPU per append, every
// thread counted (checkpoints included). "Tight" appends back to back, yielding to the event loop
// every 64 appends as a busy server does between frames; "paced" sleeps 20 ms between appends, as
// a server in a meeting does, so each append runs cold. Each variant runs in a fresh process per
// round (no JIT or heap carried over, no order effects); figures are medians over the rounds.
// Run after `npm run build`:
//   node bench/append-cost.mjs [--rounds 3] [--appends 20000] [--paced-appends 400] [--variants a,b]
// Variants (the SQLite ones checkpoint on the server's worker, at its thresholds, unless noted):
//   trepart            the server's own path: openDatabase() and its sqliteAppend, one row per commit
//   no-autoincrement   the same table without AUTOINCREMENT (no sqlite_sequence page per commit)
//   without-rowid      one B-tree keyed by (document_id, seq), seq counted by the caller
//   exclusive-locking  the server's table with locking_mode=EXCLUSIVE: no shared-memory locks, but
//                      no other connection either, so SQLite checkpoints inline (its default)
//   file-append        one write() per append of a record an update journal would need at least
//                      (length, seq, document id, checksum, update) to an append-only file
//   batched-256        the server's sqliteAppend with 256 rows per transaction: what folding such
//                      a journal into SQLite would cost per update, later and off the edit's path
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDatabase, SqliteCheckpointer } from '@trepart/server'
import Database from 'better-sqlite3'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    appends: { type: 'string', default: '20000' },
    'paced-appends': { type: 'string', default: '400' },
    variants: {
      type: 'string',
      default: 'trepart,no-autoincrement,without-rowid,exclusive-locking,file-append,batched-256',
    },
    /** Internal: measure one variant in this process and print JSON. */
    one: { type: 'string' },
  },
})

const CHECKPOINT = { afterCommits: 250, afterBytes: 4 * 1024 * 1024 }
const YIELD_EVERY = 64
const WARM_APPENDS = 1000
const BATCH_ROWS = 256
const documents = Array.from({ length: 50 }, (_, i) => `doc_${String(i).padStart(20, '0')}`)
// About the size of one typed character's update, as in commit-rate.mjs.
const update = Buffer.alloc(30, 7)

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes, start, end) {
  let c = 0xffffffff
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** A raw connection with the server's pragmas, checkpointed like the server unless exclusive. */
function rawSqlite(dir, { exclusive }) {
  const file = path.join(dir, 'x.sqlite')
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  if (exclusive) db.pragma('locking_mode = EXCLUSIVE')
  else db.pragma('wal_autocheckpoint = 0')
  return { db, file }
}

/** The server's checkpoint worker on a raw connection's file. */
function withWorker(raw) {
  return new SqliteCheckpointer(raw.file, CHECKPOINT, 5000, () => {}, undefined)
}

/** Returns { append(documentId, data), ready(), close() } for a variant, in `dir`. */
async function open(variant, dir) {
  switch (variant) {
    case 'trepart':
    case 'batched-256': {
      const opened = await openDatabase({
        dataDir: dir,
        sqliteSynchronous: 'normal',
        sqliteBusyTimeoutMs: 5000,
        sqliteCheckpoint: CHECKPOINT,
      })
      const now = Date.now()
      const pending = []
      const append =
        variant === 'trepart'
          ? (documentId, data) => opened.sqliteAppend([{ documentId, data }], now)
          : (documentId, data) => {
              pending.push({ documentId, data })
              if (pending.length === BATCH_ROWS) opened.sqliteAppend(pending.splice(0), now)
            }
      return {
        append,
        ready: () => opened.checkpointer?.checkpoint(),
        close: () => opened.close(),
      }
    }
    case 'no-autoincrement':
    case 'exclusive-locking': {
      const exclusive = variant === 'exclusive-locking'
      const raw = rawSqlite(dir, { exclusive })
      const key = exclusive ? 'PRIMARY KEY AUTOINCREMENT' : 'PRIMARY KEY'
      raw.db.exec(`CREATE TABLE document_updates (seq INTEGER ${key}, document_id TEXT NOT NULL,
        data BLOB NOT NULL, created_at INTEGER NOT NULL);
        CREATE INDEX document_updates_document_seq ON document_updates (document_id, seq)`)
      const insert = raw.db.prepare(
        'INSERT INTO document_updates (document_id, data, created_at) VALUES (?, ?, ?)',
      )
      const checkpointer = exclusive ? undefined : withWorker(raw)
      const now = Date.now()
      return {
        append(d, data) {
          Number(insert.run(d, data, now).lastInsertRowid)
          checkpointer?.noteCommit(data.byteLength)
        },
        ready: () => checkpointer?.checkpoint(),
        async close() {
          await checkpointer?.close()
          raw.db.close()
        },
      }
    }
    case 'without-rowid': {
      const raw = rawSqlite(dir, { exclusive: false })
      raw.db.exec(`CREATE TABLE document_updates (document_id TEXT NOT NULL, seq INTEGER NOT NULL,
        data BLOB NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (document_id, seq)) WITHOUT ROWID`)
      const insert = raw.db.prepare('INSERT INTO document_updates VALUES (?, ?, ?, ?)')
      const checkpointer = withWorker(raw)
      const now = Date.now()
      let seq = 0
      return {
        append(d, data) {
          insert.run(d, ++seq, data, now)
          checkpointer.noteCommit(data.byteLength)
        },
        ready: () => checkpointer.checkpoint(),
        async close() {
          await checkpointer.close()
          raw.db.close()
        },
      }
    }
    case 'file-append': {
      const fd = fs.openSync(path.join(dir, 'updates.log'), 'a')
      let seq = 0
      return {
        append(documentId, data) {
          // length, seq, document id length and id, update, then a checksum of all before it.
          const size = 4 + 8 + 1 + documentId.length + data.byteLength + 4
          const record = Buffer.allocUnsafe(size)
          record.writeUInt32LE(size, 0)
          record.writeDoubleLE(++seq, 4)
          record.writeUInt8(documentId.length, 12)
          record.write(documentId, 13, 'latin1')
          record.set(data, 13 + documentId.length)
          record.writeUInt32LE(crc32(record, 0, size - 4), size - 4)
          fs.writeSync(fd, record)
        },
        ready: () => undefined,
        close: () => fs.closeSync(fd),
      }
    }
    default:
      throw new Error(`unknown variant ${variant}`)
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const turn = () => new Promise((resolve) => setImmediate(resolve))
const at = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]

async function measure(variant, count, pacedMs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-append-cost-'))
  let log = null
  try {
    log = await open(variant, dir)
    for (let i = 0; i < WARM_APPENDS; i++) {
      log.append(documents[i % documents.length], update)
      if (i % YIELD_EVERY === 0) await turn()
    }
    // The checkpoint worker booted and caught up: its start is not charged to the appends.
    await log.ready()
    const times = new Float64Array(count)
    const cpuBefore = process.cpuUsage()
    for (let i = 0; i < count; i++) {
      const start = process.hrtime.bigint()
      log.append(documents[i % documents.length], update)
      times[i] = Number(process.hrtime.bigint() - start) / 1000
      if (pacedMs) await sleep(pacedMs)
      else if (i % YIELD_EVERY === 0) await turn()
    }
    const cpu = process.cpuUsage(cpuBefore)
    times.sort()
    return { p50: at(times, 0.5), p90: at(times, 0.9), cpuPerAppend: (cpu.user + cpu.system) / count }
  } finally {
    await log?.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

if (values.one) {
  const tight = await measure(values.one, Number(values.appends), 0)
  // Paced CPU is left out: it would count the timer wake-ups between appends more than the appends.
  const paced = await measure(values.one, Number(values['paced-appends']), 20)
  console.log(JSON.stringify({ tight, paced }))
  process.exit(0)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const self = fileURLToPath(import.meta.url)
const variants = values.variants.split(',')
const rounds = Number(values.rounds)
const runs = new Map(variants.map((v) => [v, []]))
for (let round = 0; round < rounds; round++) {
  for (const variant of variants) {
    const out = execFileSync(process.execPath, [
      self,
      '--one',
      variant,
      '--appends',
      values.appends,
      '--paced-appends',
      values['paced-appends'],
    ])
    runs.get(variant).push(JSON.parse(out.toString()))
  }
}
console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`)
console.log(`median of ${rounds} rounds, each variant in a fresh process`)
console.log('| variant | tight p50 µs | tight p90 µs | CPU µs per append | paced p50 µs | paced p90 µs |')
console.log('| --- | ---: | ---: | ---: | ---: | ---: |')
for (const [variant, results] of runs) {
  const f = (pick) => median(results.map(pick)).toFixed(1)
  console.log(
    `| ${variant} | ${f((r) => r.tight.p50)} | ${f((r) => r.tight.p90)} | ${f((r) => r.tight.cpuPerAppend)} | ${f((r) => r.paced.p50)} | ${f((r) => r.paced.p90)} |`,
  )
}
