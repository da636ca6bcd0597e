/**
 * The three honest editors, in their own process (forked by `soak.ts`): real `WebsocketProvider`s
 * with their session cookies and Origin, each typing into its own paragraph at a meeting pace.
 * An edit's latency is the time until both other editors have it; at the end every edit must
 * have reached both (a lost edit is one that never did within the drain).
 */
import { FullClient } from '../load/full-client.js'
import { nowMs } from '../load/light-client.js'
import type { EditRecord, FromHonest, HonestStart, Phase, ToHonest } from './messages.js'

const CONNECT_TIMEOUT_MS = 20_000
const DRAIN_TIMEOUT_MS = 15_000

interface Sent {
  writer: number
  seq: number
  phase: Phase
  at: number
  seenBy: Set<number>
  latencyMs: number | null
}

function send(message: FromHonest): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()))
}

let phase: Phase = 'warmup'
let stopping: (() => void) | null = null
const stopped = new Promise<void>((resolve) => (stopping = resolve))

async function run(start: HonestStart): Promise<void> {
  const sent = new Map<string, Sent>()
  let outstanding = 0
  let drained: (() => void) | null = null
  const clients = start.cookies.map(
    (cookie, receiver) =>
      new FullClient({
        protocol: 'y-websocket',
        baseUrl: start.wsBase,
        room: start.documentId,
        headers: { cookie, origin: start.origin },
        onMarker: (writer, seq) => {
          const edit = sent.get(`${writer}.${seq}`)
          if (!edit || writer === receiver || edit.seenBy.has(receiver)) return
          edit.seenBy.add(receiver)
          if (edit.seenBy.size === start.cookies.length - 1) {
            edit.latencyMs = nowMs() - edit.at
            if (--outstanding === 0) drained?.()
          }
        },
      }),
  )
  try {
    const t0 = nowMs()
    await Promise.all(clients.map((c) => c.connect(CONNECT_TIMEOUT_MS)))
    await send({ type: 'synced', ms: nowMs() - t0 })
    let editing = true
    const typists = clients.map(async (client, writer) => {
      for (let seq = 0; editing; seq++) {
        // A meeting pace with jitter: intervals uniform in [0.5, 1.5] × the mean.
        await new Promise((resolve) =>
          setTimeout(resolve, ((0.5 + Math.random()) * 1000) / start.editsPerSecond),
        )
        if (!editing) return
        sent.set(`${writer}.${seq}`, { writer, seq, phase, at: nowMs(), seenBy: new Set(), latencyMs: null })
        outstanding++
        client.edit(writer, seq)
      }
    })
    await stopped
    editing = false
    await Promise.all(typists)
    const drainStart = nowMs()
    if (outstanding > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (drained = resolve)),
        new Promise((resolve) => setTimeout(resolve, DRAIN_TIMEOUT_MS)),
      ])
    }
    const edits: EditRecord[] = [...sent.values()].map((e) => ({
      writer: e.writer,
      seq: e.seq,
      phase: e.phase,
      latencyMs: e.latencyMs,
    }))
    await send({
      type: 'report',
      edits,
      disconnects: clients.map((c) => c.disconnects),
      drainMs: nowMs() - drainStart,
    })
  } finally {
    for (const client of clients) client.close()
  }
}

process.on('message', (message: ToHonest) => {
  if (message.type === 'start') {
    run(message)
      .catch((error: unknown) =>
        send({
          type: 'failed',
          error: error instanceof Error ? (error.stack ?? error.message) : String(error),
        }),
      )
      .finally(() => process.exit(0))
  } else if (message.type === 'phase') phase = message.phase
  else if (message.type === 'stop') stopping?.()
})
