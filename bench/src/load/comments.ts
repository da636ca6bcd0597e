/**
 * Comment load for `busy-comments`: every document gets a new comment thread or a reply every
 * few seconds, written by a member with role commenter as the web app writes them (over the
 * collaboration socket it holds on each document, or through the HTTP API), while the writers
 * type. Threads are anchored on a paragraph committed before the run (put there through the
 * websocket, as an editor would), so the server resolves each anchor against committed text.
 *
 * Bounded: writes stop when the phase ends, at most `maxInFlight` requests are open at once (a
 * due write waits for a free slot, and is dropped if the phase ends first), each request has a
 * timeout, and a thread takes replies only up to `maxRepliesPerThread`. Loopback only.
 */
import * as Y from 'yjs'
import { nowMs } from './light-client.js'
import { seedDocument } from './seed.js'

/** How often and how the comments come. */
export interface CommentPlan {
  /** Mean time between two comments on one document. */
  everyMs: number
  /** Each interval is `everyMs` × (1 ± `jitter`), uniformly. */
  jitter: number
  /** Share of comments that start a new thread; the rest reply to one of the document's threads. */
  threadShare: number
}

export interface Anchor {
  start: string
  end: string
}

/** One comment write, as the web app sends it (the API's two routes take the same, by route). */
export type CommentWrite =
  | { op: 'thread.create'; anchor: Anchor; visibility: 'shared' | 'party'; body: string }
  | { op: 'comment.add'; threadId: string; body: string }

/** A commenter's way of writing on the server under test. */
export interface CommentApi {
  /** Writes on document `documentId`; answers the server's status and JSON. */
  write(
    documentId: string,
    write: CommentWrite,
    timeoutMs: number,
  ): Promise<{ status: number; json: unknown }>
  /** Server events the commenter's own sockets received (none over HTTP). */
  readonly serverEvents: number
  close(): void
}

export interface CommentStats {
  /** Comments the server accepted (201): new threads and replies. */
  threads: number
  replies: number
  failed: number
  /** Failure reasons (status and error id, or the network error) with their counts. */
  failures: Record<string, number>
  /** µs from sending a POST to its 201. */
  latenciesUs: number[]
}

/** The paragraph each document gets before the run; threads anchor on stretches of it. */
const ANCHOR_TEXT = 'Partene drøfter forslaget til budsjett for neste år i dette avsnittet.'
/** Stretches of ANCHOR_TEXT threads anchor on, as [start, end) character indexes. */
const ANCHOR_RANGES: Array<[number, number]> = [
  [0, 7],
  [8, 15],
  [16, 34],
  [35, 53],
  [0, ANCHOR_TEXT.length],
]
const REQUEST_TIMEOUT_MS = 10_000
const MAX_IN_FLIGHT = 16
/** Below the server's MAX_COMMENTS_PER_THREAD (200): a full thread would answer 409. */
const MAX_REPLIES_PER_THREAD = 100
/** Content fragment of the editor (`CONTENT_FRAGMENT` in packages/shared), as full-client.ts uses. */
const FRAGMENT = 'default'

/** Base64 of a left-associated relative position before `index`, as the editor encodes a selection. */
function position(text: Y.XmlText, index: number): string {
  return Buffer.from(
    Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, -1)),
  ).toString('base64')
}

/**
 * Writes one paragraph into each document through its websocket (Trepart confirms the commit)
 * and returns anchors into it, per document. A few documents at a time.
 */
export async function prepareAnchors(
  urlOf: (room: string) => string,
  headers: Record<string, string>,
  rooms: string[],
): Promise<Anchor[][]> {
  const out: Anchor[][] = []
  for (let start = 0; start < rooms.length; start += 8) {
    const batch = rooms.slice(start, start + 8).map(async (room) => {
      const doc = new Y.Doc()
      try {
        const text = new Y.XmlText(ANCHOR_TEXT)
        const paragraph = new Y.XmlElement('paragraph')
        paragraph.insert(0, [text])
        doc.getXmlFragment(FRAGMENT).insert(0, [paragraph])
        const seeder = await seedDocument({
          protocol: 'y-websocket',
          url: urlOf(room),
          room,
          headers,
          update: Y.encodeStateAsUpdate(doc),
          trepart: true,
          timeoutMs: 30_000,
        })
        seeder.close()
        return ANCHOR_RANGES.map(([from, to]) => ({ start: position(text, from), end: position(text, to) }))
      } finally {
        doc.destroy()
      }
    })
    out.push(...(await Promise.all(batch)))
  }
  return out
}

interface DocState {
  id: string
  anchors: Anchor[]
  /** Threads started here with their reply counts. */
  threads: Array<{ id: string; replies: number }>
  due: number
  posted: number
}

/** Writes comments on a set of documents, phase by phase. */
export class CommentLoad {
  private readonly docs: DocState[]
  private inFlight = 0

  constructor(
    private readonly api: CommentApi,
    targets: Array<{ documentId: string; anchors: Anchor[] }>,
    private readonly plan: CommentPlan,
  ) {
    this.docs = targets.map((t) => ({ id: t.documentId, anchors: t.anchors, threads: [], due: 0, posted: 0 }))
  }

  private interval(): number {
    return this.plan.everyMs * (1 + this.plan.jitter * (2 * Math.random() - 1))
  }

  /**
   * Posts for `durationMs`, each document at its own random phase, then waits for the requests
   * still open (each bounded by its timeout) and answers what happened.
   */
  async run(durationMs: number): Promise<CommentStats> {
    const stats: CommentStats = { threads: 0, replies: 0, failed: 0, failures: {}, latenciesUs: [] }
    const start = nowMs()
    const end = start + durationMs
    for (const doc of this.docs) doc.due = start + Math.random() * this.plan.everyMs
    const pending = new Set<Promise<void>>()
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = nowMs()
        if (now >= end) {
          clearInterval(timer)
          resolve()
          return
        }
        for (const doc of this.docs) {
          if (doc.due > now || this.inFlight >= MAX_IN_FLIGHT) continue
          doc.due += this.interval()
          const p = this.postOne(doc, stats).finally(() => pending.delete(p))
          pending.add(p)
        }
      }, 10)
    })
    await Promise.all(pending)
    return stats
  }

  private async postOne(doc: DocState, stats: CommentStats): Promise<void> {
    const open = doc.threads.filter((t) => t.replies < MAX_REPLIES_PER_THREAD)
    const reply = open.length > 0 && Math.random() >= this.plan.threadShare
    const n = ++doc.posted
    const body = `Kommentar ${n} frå benchmarken: eg meiner denne formuleringa bør drøftast i møtet.`
    const thread = reply ? open[Math.floor(Math.random() * open.length)]! : null
    const anchor = doc.anchors[n % doc.anchors.length]!
    this.inFlight++
    const sent = nowMs()
    try {
      const res = await this.api.write(
        doc.id,
        thread
          ? { op: 'comment.add', threadId: thread.id, body }
          : { op: 'thread.create', anchor, visibility: 'shared', body },
        REQUEST_TIMEOUT_MS,
      )
      if (res.status !== 201) {
        const id = (res.json as { error?: { id?: unknown } } | null)?.error?.id
        count(stats, `HTTP ${res.status}${typeof id === 'string' ? ` ${id}` : ''}`)
        return
      }
      stats.latenciesUs.push(Math.round((nowMs() - sent) * 1000))
      if (thread) {
        thread.replies++
        stats.replies++
      } else {
        const id = (res.json as { thread?: { id?: unknown } } | null)?.thread?.id
        if (typeof id === 'string') doc.threads.push({ id, replies: 0 })
        stats.threads++
      }
    } catch (error) {
      count(stats, error instanceof Error ? `${error.name}: ${error.message}` : String(error))
    } finally {
      this.inFlight--
    }
  }
}

function count(stats: CommentStats, reason: string): void {
  stats.failed++
  stats.failures[reason] = (stats.failures[reason] ?? 0) + 1
}
