/**
 * A load-generator process. It holds every client of the documents it was given — so it can tell
 * when an edit has reached all of its document's other clients — and reports its own event-loop
 * utilisation, so a saturated generator shows in the results instead of passing for a slow server.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'
import { FullClient } from './full-client.js'
import { LightClient, nowMs } from './light-client.js'
import type { DocPlan, FromWorker, ToWorker, WorkerPlan } from './messages.js'
import { Wire } from './wire.js'

interface EditRecord {
  sentAt: number
  missing: number
  got: Uint8Array
}

interface DocState {
  plan: DocPlan
  size: number
  writers: FullClient[]
  full: FullClient[]
  light: LightClient[]
  records: Map<number, EditRecord>
}

const SEQ_SPACE = 1 << 20

// Every y-websocket provider adds a process 'exit' listener (to say goodbye to its peers): with
// more than ten clients in one generator, Node warned of a listener leak after every run.
process.setMaxListeners(0)

let docs: DocState[] = []
let latenciesUs: number[] = []
let disconnects = 0
let nextWriter = 0
let workerIndex = 0

function send(message: FromWorker): void {
  process.send?.(message)
}

function receiptHandler(doc: DocState, clientIndex: number) {
  return (writer: number, seq: number) => {
    const key = writer * SEQ_SPACE + seq
    const record = doc.records.get(key)
    if (!record || record.got[clientIndex]) return
    record.got[clientIndex] = 1
    if (--record.missing === 0) {
      latenciesUs.push(Math.round((nowMs() - record.sentAt) * 1000))
      doc.records.delete(key)
    }
  }
}

/** Runs `tasks` with at most `limit` in flight. */
async function bounded(tasks: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) await tasks[next++]!()
  })
  await Promise.all(lanes)
}

async function connect(plan: WorkerPlan): Promise<void> {
  workerIndex = plan.workerIndex
  const elu0 = performance.eventLoopUtilization()
  const cpu0 = process.cpuUsage()
  const tasks: Array<() => Promise<void>> = []
  const timings: Array<() => number> = []
  const replyBytes: Array<() => number> = []
  for (const docPlan of plan.docs) {
    const size = docPlan.writers + docPlan.readers + docPlan.lightReaders
    const doc: DocState = { plan: docPlan, size, writers: [], full: [], light: [], records: new Map() }
    docs.push(doc)
    let index = 0
    const baseUrlOf = (client: number) => docPlan.baseUrls?.[client] ?? plan.baseUrl
    for (let i = 0; i < docPlan.writers + docPlan.readers; i++) {
      const client = new FullClient({
        protocol: plan.protocol,
        baseUrl: baseUrlOf(index),
        room: docPlan.room,
        headers: plan.headers,
        hello: plan.hello,
        onMarker: receiptHandler(doc, index++),
      })
      if (i < docPlan.writers) doc.writers.push(client)
      doc.full.push(client)
      tasks.push(() => client.connect(plan.connectTimeoutMs))
      timings.push(() => client.syncedAt - client.startedAt)
      replyBytes.push(() => 0)
    }
    for (let i = 0; i < docPlan.lightReaders; i++) {
      const base = baseUrlOf(index)
      const client = new LightClient({
        url: plan.protocol === 'hocuspocus' ? base : `${base}/${docPlan.room}`,
        headers: plan.headers,
        wire: new Wire(plan.protocol, docPlan.room),
        scan: plan.scan,
        hello: plan.hello,
        onMarker: receiptHandler(doc, index++),
        onUnexpectedClose: () => {
          disconnects++
        },
      })
      doc.light.push(client)
      tasks.push(() => client.connect(plan.connectTimeoutMs))
      timings.push(() => client.syncedAt - client.startedAt)
      replyBytes.push(() => client.syncReplyBytes)
    }
  }
  await bounded(tasks, plan.connectConcurrency)
  send({
    type: 'connected',
    clients: tasks.length,
    connectMs: timings.map((t) => t()),
    syncReplyBytes: replyBytes.map((b) => b()),
    elu: performance.eventLoopUtilization(elu0).utilization,
    cpuSec: cpuSince(cpu0),
  })
  editsPerSecond = plan.editsPerSecond
}

let editsPerSecond = 0

/** Server events all clients received so far. */
function serverEventsNow(): number {
  let n = 0
  for (const doc of docs) {
    for (const c of doc.full) n += c.serverEvents
    for (const c of doc.light) n += c.serverEvents
  }
  return n
}

async function run(durationMs: number, drainMs: number): Promise<void> {
  latenciesUs = []
  disconnects = 0
  const events0 = serverEventsNow()
  const elu0 = performance.eventLoopUtilization()
  const cpu0 = process.cpuUsage()
  const delay = monitorEventLoopDelay({ resolution: 5 })
  delay.enable()
  let edits = 0
  if (editsPerSecond > 0) {
    // One schedule for all writers, drift-free: each writer's edits fall due at its own random phase
    // plus whole periods, and a late event loop catches up, so every server gets the same offered load.
    const period = 1000 / editsPerSecond
    const start = nowMs()
    const end = start + durationMs
    const schedule: Array<{
      doc: DocState
      index: number
      client: FullClient
      writer: number
      seq: number
      due: number
    }> = []
    for (const doc of docs) {
      for (const [index, client] of doc.writers.entries()) {
        schedule.push({
          doc,
          index,
          client,
          writer: workerIndex * 10_000 + nextWriter++,
          seq: 0,
          due: start + Math.random() * period,
        })
      }
    }
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = nowMs()
        for (const w of schedule) {
          while (w.due <= now && w.due < end) {
            w.seq++
            w.due += period
            const got = new Uint8Array(w.doc.size)
            got[w.index] = 1
            w.doc.records.set(w.writer * SEQ_SPACE + w.seq, { sentAt: nowMs(), missing: w.doc.size - 1, got })
            edits++
            w.client.edit(w.writer, w.seq)
          }
        }
        if (now >= end) {
          clearInterval(timer)
          resolve()
        }
      }, 2)
    })
  } else {
    await new Promise((r) => setTimeout(r, durationMs))
  }
  // Drain: wait (bounded) until every edit reached every other client of its document.
  const deadline = nowMs() + drainMs
  while (nowMs() < deadline && docs.some((d) => d.records.size > 0)) {
    await new Promise((r) => setTimeout(r, 20))
  }
  let lost = 0
  let missingReceipts = 0
  for (const doc of docs) {
    lost += doc.records.size
    for (const record of doc.records.values()) missingReceipts += record.missing
  }
  for (const doc of docs) for (const c of doc.full) disconnects += c.disconnects
  send({
    type: 'ran',
    edits,
    latenciesUs,
    lost,
    missingReceipts,
    disconnects,
    serverEvents: serverEventsNow() - events0,
    elu: performance.eventLoopUtilization(elu0).utilization,
    cpuSec: cpuSince(cpu0),
    loopDelayP99Ms: delay.percentile(99) / 1e6,
    loopDelayMaxMs: delay.max / 1e6,
  })
  delay.disable()
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}

function closeAll(): void {
  for (const doc of docs) {
    for (const c of doc.full) c.close()
    for (const c of doc.light) c.close()
  }
  docs = []
}

process.on('message', (message: ToWorker) => {
  const step =
    message.type === 'connect'
      ? connect(message.plan)
      : message.type === 'run'
        ? run(message.durationMs, message.drainMs)
        : Promise.resolve().then(() => {
            closeAll()
            setTimeout(() => process.exit(0), 100)
          })
  step.catch((error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  })
})
process.on('disconnect', () => process.exit(0))
