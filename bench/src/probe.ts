/**
 * Unloaded round-trip probe: one writer sends an edit, waits until every reader has it, repeats.
 * With no load, the figure is the server's own per-edit path (receive, commit, fan-out), which the
 * scenarios measure under load. `node dist/probe.js [--peers a,b] [--readers n] [--edits n]`.
 */

import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { SYNC_UPDATE, Wire } from './load/wire.js'
import { cpuSeconds } from './metrics/proc.js'
import { percentile } from './metrics/stats.js'
import type { PeerName, RunningPeer } from './peers/peer.js'
import { startPeer } from './run-scenario.js'

const { values } = parseArgs({
  options: {
    peers: { type: 'string', default: 'trepart-sqlite,reference' },
    readers: { type: 'string', default: '2' },
    edits: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    rate: { type: 'string', default: '0' },
  },
})
const context = {
  repoRoot: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..'),
  postgresUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  profileDir: process.env.PROBE_PROFILE ?? null,
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
  if (peer.protocol !== 'y-websocket') throw new Error(`the probe speaks y-websocket, not ${peer.protocol}`)
  const [room] = await peer.createDocuments(1)
  const url = `${peer.baseUrl}/${room}`
  const wire = new Wire('y-websocket', room!)
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
    const frame = wire.sync(SYNC_UPDATE, pendingUpdate!)
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

for (let round = 0; round < Number(values.rounds); round++) {
  for (const name of values.peers!.split(',') as PeerName[]) {
    const peer = await startPeer(name, context)
    try {
      await probe(peer, Number(values.readers), 300)
      const cpu0 = cpuSeconds(peer.pid)!
      const edits = Number(values.edits)
      const t = await probe(peer, Number(values.readers), edits, Number(values.rate))
      const cpu = cpuSeconds(peer.pid)! - cpu0
      const ms = (p: number) => percentile(t, p).toFixed(3)
      console.log(
        `${name.padEnd(15)} p50 ${ms(50)} p95 ${ms(95)} p99 ${ms(99)} ms; CPU ${((cpu / edits) * 1e6).toFixed(0)} µs/edit`,
      )
    } finally {
      await peer.stop()
    }
  }
}
