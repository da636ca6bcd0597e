#!/usr/bin/env node
// Update-log commit rate: how many Yjs updates per second the group committer makes durable,
// with `concurrency` writers each waiting for its commit before sending the next (like editors
// whose next keystroke follows the last). Run after `npm run build`:
//   node bench/commit-rate.mjs [--seconds 5] [--concurrency 1,10,100] [--postgres]
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { GroupCommitter, KyselyDocumentStore, openDatabase } from '@trepart/server'
import { pino } from 'pino'
import * as Y from 'yjs'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '1,10,100' },
    postgres: { type: 'boolean', default: false },
    synchronous: { type: 'string', default: 'normal' },
  },
})
const seconds = Number(values.seconds)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-commit-rate-'))
const schema = `bench_${process.pid}`
const opened = await openDatabase({
  dataDir,
  databaseUrl: values.postgres
    ? (process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    : undefined,
  pgSchema: values.postgres ? schema : undefined,
  sqliteSynchronous: values.synchronous,
  sqliteBusyTimeoutMs: 5000,
})
const store = KyselyDocumentStore.for(opened)
const committer = new GroupCommitter(
  store,
  { retryBaseMs: 50, retryMaxMs: 1000, failureCloseMs: 10_000 },
  pino({ level: 'silent' }),
)

// A realistic keystroke: one character typed into a Y.Text (~25 bytes).
function keystrokes(n) {
  const doc = new Y.Doc()
  const out = []
  for (let i = 0; i < n; i++) {
    const sv = Y.encodeStateVector(doc)
    doc.getText('t').insert(i, 'a')
    out.push(Y.encodeStateAsUpdate(doc, sv))
  }
  return out
}
const updates = keystrokes(2000)

console.log(
  `storage: ${opened.dialect}${opened.dialect === 'sqlite' ? ` (synchronous=${values.synchronous})` : ''}, ${seconds}s per run, node ${process.version}, ${os.cpus().length} cores`,
)
console.log('| writers | updates/s | commits/s | updates per commit |')
console.log('| ---: | ---: | ---: | ---: |')
for (const concurrency of values.concurrency.split(',').map(Number)) {
  const before = { ...committer.stats }
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      let i = 0
      while (performance.now() < deadline) {
        await committer.enqueue(`doc-${w % 20}`, updates[i++ % updates.length])
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const n = committer.stats.updates - before.updates
  const c = committer.stats.commits - before.commits
  console.log(
    `| ${concurrency} | ${Math.round(n / elapsed)} | ${Math.round(c / elapsed)} | ${(n / c).toFixed(1)} |`,
  )
}
await store.close()
if (values.postgres) {
  const pg = (await import('pg')).default
  const client = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  })
  await client.connect()
  await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  await client.end()
}
fs.rmSync(dataDir, { recursive: true, force: true })
