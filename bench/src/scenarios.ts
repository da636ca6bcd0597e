/**
 * The scenarios, full size and scaled down for `--smoke`. Edit scenarios measure propagation,
 * capacity measures idle connections, join measures how fast a crowd gets a large document.
 * `busy-comments` is `busy` with comment threads posted while the writers type (Trepart only).
 */
import type { CommentPlan } from './load/comments.js'
import type { PeerName } from './peers/peer.js'

export interface EditScenario {
  kind: 'edit'
  id: string
  title: string
  docs: number
  /** Full Yjs clients writing at `editsPerSecond` each. */
  writers: number
  /** Raw receive-only clients. */
  lightReaders: number
  editsPerSecond: number
  durationMs: number
  /** Edits before the measured window, to warm up every server. */
  warmupMs: number
  workers: number
  repeats: number
  /**
   * Comments written on every document during warm-up and window by a commenter, over a
   * collaboration socket on each document as the web app writes them (that socket is one of the
   * document's readers); the clients send `Hello` so the server sends them its events, as to the
   * web app.
   */
  comments?: CommentPlan
  /** Only these peers (the others have no such feature); all when absent. */
  peers?: PeerName[]
  /**
   * The results this one is compared with: another scenario's, run in the same repeats (same
   * shape, one change), or, with `alternate`, this scenario's own slices without comments.
   */
  baseline?: string
  /**
   * The measured window as `slicesEach` slices with the comment load and as many without, in
   * turn (ABBA), each `durationMs / (2 × slicesEach)`; the slices without are reported as
   * `baselineId`.
   */
  alternate?: { slicesEach: number; baselineId: string }
}

export interface CapacityScenario {
  kind: 'capacity'
  id: string
  title: string
  docs: number
  clientsPerDoc: number
  holdMs: number
  workers: number
  repeats: number
}

export interface JoinScenario {
  kind: 'join'
  id: string
  title: string
  bytes: number
  joiners: number
  workers: number
  repeats: number
}

export type Scenario = EditScenario | CapacityScenario | JoinScenario

const MiB = 1024 * 1024

/**
 * A comment (new thread or reply) per document every 3 s on average, each interval 1.5–4.5 s,
 * a third of them new threads: a lively meeting where every document is being discussed.
 */
export const COMMENT_EVERY_MS = 3000
const COMMENT_JITTER = 0.5
const COMMENT_THREAD_SHARE = 1 / 3
const TREPART_PEERS: PeerName[] = ['trepart-sqlite', 'trepart-pg']

/**
 * Slices of each kind in a comment scenario's window. Separate runs of one scenario on this kind
 * of machine differed by up to a third in CPU per edit (docs/performance.md): slices of one run,
 * taken in turn, compare what comments change and little else.
 */
const COMMENT_SLICES_EACH = 4

/**
 * `base` with comments on every document, compared with itself: the window alternates slices
 * with and without the comment load on one server, the same clients and the same documents.
 */
function withComments(base: EditScenario, everyMs: number, title: string): EditScenario {
  const id = `${base.id}-comments`
  const baselineId = `${id} (comments off)`
  return {
    ...base,
    id,
    title,
    comments: { everyMs, jitter: COMMENT_JITTER, threadShare: COMMENT_THREAD_SHARE },
    peers: TREPART_PEERS,
    baseline: baselineId,
    alternate: { slicesEach: COMMENT_SLICES_EACH, baselineId },
  }
}

export function scenarios(smoke: boolean): Scenario[] {
  const edit = (s: Omit<EditScenario, 'kind'>): EditScenario => ({ kind: 'edit', ...s })
  if (smoke) {
    const busy = edit({
      id: 'busy',
      title: 'busy day: 5 docs × (2 writers at 10/s + 8 readers) (smoke)',
      docs: 5,
      writers: 2,
      lightReaders: 8,
      editsPerSecond: 10,
      durationMs: 3000,
      warmupMs: 1000,
      workers: 2,
      repeats: 1,
    })
    return [
      edit({
        id: 'meeting-3',
        title: 'meeting: 1 doc × 3 clients × 5 edits/s',
        docs: 1,
        writers: 3,
        lightReaders: 0,
        editsPerSecond: 5,
        durationMs: 3000,
        warmupMs: 1000,
        workers: 1,
        repeats: 1,
      }),
      edit({
        id: 'meeting-30',
        title: 'meeting: 1 doc × 10 clients × 1 edit/s (smoke)',
        docs: 1,
        writers: 10,
        lightReaders: 0,
        editsPerSecond: 1,
        durationMs: 3000,
        warmupMs: 1000,
        workers: 1,
        repeats: 1,
      }),
      edit({
        id: 'between',
        title: 'between meetings: 4 docs × 5 clients × 2 edits/s (smoke)',
        docs: 4,
        writers: 5,
        lightReaders: 0,
        editsPerSecond: 2,
        durationMs: 3000,
        warmupMs: 1000,
        workers: 2,
        repeats: 1,
      }),
      busy,
      // A comment per document every second, so the 3 s window holds a dozen or so.
      withComments(
        busy,
        1000,
        'busy day with comments: the smoke busy day + a comment per doc every 1 s (smoke)',
      ),
      {
        kind: 'capacity',
        id: 'capacity',
        title: 'capacity: 200 idle connections over 40 docs (smoke)',
        docs: 40,
        clientsPerDoc: 5,
        holdMs: 1000,
        workers: 2,
        repeats: 1,
      },
      {
        kind: 'join',
        id: 'join-2mib',
        title: 'joining: 5 clients join a 256 KiB document (smoke)',
        bytes: MiB / 4,
        joiners: 5,
        workers: 1,
        repeats: 1,
      },
    ]
  }
  const busy = edit({
    id: 'busy',
    title: 'busy day: 50 docs × (2 writers at 10 edits/s + 18 readers)',
    docs: 50,
    writers: 2,
    lightReaders: 18,
    editsPerSecond: 10,
    durationMs: 12_000,
    warmupMs: 2000,
    workers: 2,
    repeats: 3,
  })
  return [
    edit({
      id: 'meeting-3',
      title: 'meeting: 1 doc × 3 clients × 5 edits/s',
      docs: 1,
      writers: 3,
      lightReaders: 0,
      editsPerSecond: 5,
      durationMs: 12_000,
      warmupMs: 2000,
      workers: 1,
      repeats: 3,
    }),
    edit({
      id: 'meeting-30',
      title: 'meeting: 1 doc × 30 clients × 1 edit/s',
      docs: 1,
      writers: 30,
      lightReaders: 0,
      editsPerSecond: 1,
      durationMs: 12_000,
      warmupMs: 2000,
      workers: 1,
      repeats: 3,
    }),
    edit({
      id: 'between',
      title: 'between meetings: 20 docs × 10 clients × 2 edits/s',
      docs: 20,
      writers: 10,
      lightReaders: 0,
      editsPerSecond: 2,
      durationMs: 12_000,
      warmupMs: 2000,
      workers: 2,
      repeats: 3,
    }),
    busy,
    withComments(
      busy,
      COMMENT_EVERY_MS,
      'busy day with comments: the busy day + a comment per doc every 3 s (new thread or reply)',
    ),
    {
      kind: 'capacity',
      id: 'capacity',
      title: 'capacity: 5,000 idle connections over 500 docs',
      docs: 500,
      clientsPerDoc: 10,
      holdMs: 3000,
      workers: 2,
      repeats: 1,
    },
    {
      kind: 'join',
      id: 'join-2mib',
      title: 'joining: 20 clients join a 2 MiB document at once',
      bytes: 2 * MiB,
      joiners: 20,
      workers: 2,
      repeats: 3,
    },
    {
      kind: 'join',
      id: 'join-10mib',
      title: 'joining: 20 clients join a 10 MiB document at once',
      bytes: 10 * MiB,
      joiners: 20,
      workers: 2,
      repeats: 1,
    },
  ]
}
