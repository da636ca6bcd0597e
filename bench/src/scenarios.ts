/**
 * The scenarios, full size and scaled down for `--smoke`. Edit scenarios measure propagation,
 * capacity measures idle connections, join measures how fast a crowd gets a large document.
 */

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

export function scenarios(smoke: boolean): Scenario[] {
  const edit = (s: Omit<EditScenario, 'kind'>): EditScenario => ({ kind: 'edit', ...s })
  if (smoke) {
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
      edit({
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
      }),
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
    edit({
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
    }),
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
