/**
 * Unloaded comment probe: what one comment costs the server. One document with `readers`
 * connections that said `Hello` (so each comment is an event to every one of them) takes
 * `comments` comments one after another from a commenter of another party: a third start a
 * thread (the server resolves the anchor and computes the quote), the rest reply. Prints the
 * server's CPU per comment and the POST's latency. Then, what a comment does to the keystrokes
 * around it: a writer types `--edit-rate` edits a second (each timed until a reader has it) for
 * `--seconds`, first alone, then with `--comment-rate` comments a second; both latency
 * distributions are printed. With PROBE_PROFILE=<dir> the server runs under `node --cpu-prof`.
 * `node dist/comment-probe.js [--readers n] [--comments n] [--rounds n] [--pg] [--over socket|http]`.
 */

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { prepareAnchors } from './load/comments.js'
import { SYNC_UPDATE, Wire } from './load/wire.js'
import { cpuSeconds } from './metrics/proc.js'
import { percentile } from './metrics/stats.js'
import { startPeer } from './run-scenario.js'

const { values } = parseArgs({
  options: {
    readers: { type: 'string', default: '20' },
    comments: { type: 'string', default: '600' },
    rounds: { type: 'string', default: '3' },
    pg: { type: 'boolean', default: false },
    /** How the commenter writes: over its collaboration socket (as the web app) or over HTTP. */
    over: { type: 'string', default: 'socket' },
    'edit-rate': { type: 'string', default: '100' },
    'comment-rate': { type: 'string', default: '20' },
    seconds: { type: 'string', default: '15' },
  },
})
const context = {
  repoRoot: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
  postgresUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  profileDir: process.env.PROBE_PROFILE ?? null,
}

function open(url: string, headers: Record<string, string>, hello: Uint8Array): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false })
    ws.once('open', () => {
      ws.send(hello)
      resolve(ws)
    })
    ws.once('error', reject)
    ws.on('message', () => {})
  })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Types into `room` at `rate` edits a second until `stop()`, timing each edit from send until
 * `reader` has it (its frame carries the edit's marker). Answers the latencies in ms.
 */
function typist(writer: WebSocket, reader: WebSocket, wire: Wire, rate: number) {
  const doc = new Y.Doc()
  const text = doc.getText('probe')
  const times: number[] = []
  let stopped = false
  let pending: { marker: Buffer; t0: number; done: () => void } | null = null
  reader.on('message', (data: Buffer) => {
    if (pending && data.includes(pending.marker)) pending.done()
  })
  const running = (async () => {
    let i = 0
    while (!stopped) {
      const marker = `~${(i++).toString(36)}#`
      let update: Uint8Array | null = null
      doc.once('update', (u: Uint8Array) => {
        update = u
      })
      text.insert(text.length, marker)
      const t0 = performance.now()
      await new Promise<void>((resolve) => {
        pending = { marker: Buffer.from(marker), t0, done: resolve }
        writer.send(wire.sync(SYNC_UPDATE, update!))
      })
      times.push(performance.now() - t0)
      pending = null
      await sleep(Math.max(0, 1000 / rate - (performance.now() - t0)))
    }
  })()
  return {
    async stop(): Promise<number[]> {
      stopped = true
      await running
      return times
    },
  }
}

for (let round = 0; round < Number(values.rounds); round++) {
  const peer = await startPeer(values.pg ? 'trepart-pg' : 'trepart-sqlite', context)
  try {
    if (!peer.commenter) throw new Error('no commenter')
    const [room] = await peer.createDocuments(1)
    const urlOf = (r: string) => `${peer.baseUrl}/${r}`
    const [anchors] = await prepareAnchors(urlOf, peer.headers, [room!])
    const hello = new Wire('y-websocket', room!).hello()
    if (values.over !== 'http' && values.over !== 'socket') throw new Error('--over takes socket or http')
    // The typist writes on the first reader and times the edit on the second.
    if (Number(values.readers) < 3) throw new Error('--readers takes 3 or more')
    const over = values.over
    const api = await peer.commenter([room!], over)
    // Over its socket the commenter is one of the document's connections: as many in all either way.
    const readerCount = Number(values.readers) - (over === 'socket' ? 1 : 0)
    const readers = await Promise.all(
      Array.from({ length: readerCount }, () => open(urlOf(room!), peer.headers, hello)),
    )
    const threads: string[] = []
    const post = async (i: number) => {
      const t0 = performance.now()
      const res = await api.write(
        room!,
        i % 3 === 0 || threads.length === 0
          ? {
              op: 'thread.create',
              anchor: anchors![i % anchors!.length]!,
              visibility: 'shared',
              body: `Kommentar ${i}`,
            }
          : { op: 'comment.add', threadId: threads[threads.length - 1]!, body: `Svar ${i}` },
        10_000,
      )
      if (res.status !== 201) throw new Error(`comment ${i}: ${res.status} ${JSON.stringify(res.json)}`)
      const thread = (res.json as { thread?: { id: string } }).thread
      if (thread) threads.push(thread.id)
      return performance.now() - t0
    }
    for (let i = 0; i < 150; i++) await post(i) // warm-up: JIT, caches
    const n = Number(values.comments)
    const cpu0 = cpuSeconds(peer.pid)!
    const times: number[] = []
    for (let i = 0; i < n; i++) times.push(await post(i))
    const cpu = cpuSeconds(peer.pid)! - cpu0
    const ms = (p: number) => percentile(times, p).toFixed(2)
    console.log(
      `${peer.name.padEnd(15)} ${over} p50 ${ms(50)} p99 ${ms(99)} ms; server CPU ${((cpu / n) * 1e3).toFixed(2)} ms/comment`,
    )

    // Keystrokes alone, then keystrokes with comments at `comment-rate`.
    const wire = new Wire('y-websocket', room!)
    const seconds = Number(values.seconds) * 1000
    const lat = (t: number[]) =>
      `p50 ${percentile(t, 50).toFixed(2)} p99 ${percentile(t, 99).toFixed(2)} max ${Math.max(...t).toFixed(2)} ms (${t.length})`
    const alone = typist(readers[0]!, readers[1]!, wire, Number(values['edit-rate']))
    await sleep(seconds)
    const quiet = await alone.stop()
    const busy = typist(readers[0]!, readers[1]!, wire, Number(values['edit-rate']))
    const until = performance.now() + seconds
    let posted = 0
    while (performance.now() < until) {
      const t0 = performance.now()
      await post(posted++)
      await sleep(Math.max(0, 1000 / Number(values['comment-rate']) - (performance.now() - t0)))
    }
    const loud = await busy.stop()
    console.log(`  edits alone:         ${lat(quiet)}`)
    console.log(`  edits with comments: ${lat(loud)}; ${posted} comments`)
    for (const r of readers) r.close()
    api.close()
  } finally {
    await peer.stop()
  }
}
