/**
 * Unloaded round-trip probe: one writer sends an edit, waits until every reader has it, repeats.
 * With no load, the figure is the server's own per-edit path (receive, commit, fan-out), which the
 * scenarios measure under load. `node dist/probe.js [--peers a,b] [--readers n] [--edits n]`.
 */

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { cpuSeconds } from './metrics/proc.js'
import type { RunningPeer } from './peers/peer.js'
import { startReference } from './peers/reference.js'
import { startTrepart } from './peers/trepart.js'

const { values } = parseArgs({
  options: {
    peers: { type: 'string', default: 'trepart-sqlite,reference' },
    readers: { type: 'string', default: '2' },
    edits: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '0' },
  },
})
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function frameOf(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

function open(url: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false })
    ws.binaryType = 'nodebuffer'
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

async function probe(peer: RunningPeer, readers: number, edits: number, rate = 0): Promise<number[]> {
  const [room] = await peer.createDocuments(1)
  const url = `${peer.baseUrl}/${room}`
  const writer = await open(url, peer.headers)
  const rs = await Promise.all(Array.from({ length: readers }, () => open(url, peer.headers)))
  const doc = new Y.Doc()
  const text = doc.getText('t')
  let waiting = 0
  let done: (() => void) | null = null
  for (const r of rs)
    r.on('message', (data: Buffer) => {
      if (data[0] === 0 && data[1] === 2 && data.includes(0x7e)) {
        if (--waiting === 0) done?.()
      }
    })
  writer.on('message', () => {})
  await new Promise((r) => setTimeout(r, 300))
  const times: number[] = []
  let pendingUpdate: Uint8Array | null = null
  doc.on('update', (u: Uint8Array) => {
    pendingUpdate = u
  })
  for (let i = 0; i < edits; i++) {
    text.insert(text.length, `~${i.toString(36)}~`)
    const frame = frameOf(pendingUpdate!)
    waiting = readers
    const t0 = performance.now()
    await new Promise<void>((resolve) => {
      done = resolve
      writer.send(frame)
    })
    times.push(performance.now() - t0)
    if (rate > 0) await new Promise((r) => setTimeout(r, Math.max(0, 1000 / rate - (performance.now() - t0))))
  }
  writer.close()
  for (const r of rs) r.close()
  return times
}

const pct = (s: number[], p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
for (let round = 0; round < Number(values.rounds); round++) {
  for (const name of values.peers!.split(',')) {
    const peer =
      name === 'reference'
        ? await startReference()
        : await startTrepart({
            repoRoot,
            postgres: name === 'trepart-pg',
            profileDir: process.env.PROBE_PROFILE ?? null,
            postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
          })
    try {
      await probe(peer, Number(values.readers), 300)
      const cpu0 = cpuSeconds(peer.pid)!
      const edits = Number(values.edits)
      const t = (await probe(peer, Number(values.readers), edits, Number(values.rate))).sort((a, b) => a - b)
      const cpu = cpuSeconds(peer.pid)! - cpu0
      console.log(
        `${name.padEnd(15)} p50 ${pct(t, 50).toFixed(3)} p95 ${pct(t, 95).toFixed(3)} p99 ${pct(t, 99).toFixed(3)} ms; CPU ${((cpu / edits) * 1e6).toFixed(0)} µs/edit`,
      )
    } finally {
      await peer.stop()
    }
  }
}
