/** EditCounter (SPEC F7): counts in memory, stores in one batch per interval and on close, keeps a failed batch. */
import pino from 'pino'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { EditCountRow } from '../store/participation.js'
import { EditCounter } from './edit-counter.js'

const log = pino({ level: 'silent' })
const DAY1 = Date.parse('2026-12-06T12:00:00Z')
const DAY2 = Date.parse('2026-12-07T00:00:01Z')

describe('EditCounter (SPEC F7)', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('F7: counting is synchronous and touches no store; one flush stores every key once, summed', async () => {
    const batches: EditCountRow[][] = []
    let now = DAY1
    const counter = new EditCounter(
      async (rows) => {
        batches.push(rows)
      },
      60_000,
      log,
      () => now,
    )
    for (let i = 0; i < 1000; i++) counter.count('doc1', 'ws', 'employees')
    counter.count('doc1', 'ws', 'politicians')
    counter.count('doc2', 'ws', 'employees')
    now = DAY2
    counter.count('doc1', 'ws', 'employees')
    expect(batches).toEqual([])
    expect(counter.pendingRows).toBe(4)
    await counter.flush()
    expect(batches).toHaveLength(1)
    expect(batches[0]).toEqual(
      expect.arrayContaining([
        { documentId: 'doc1', workspaceId: 'ws', party: 'employees', day: '2026-12-06', edits: 1000 },
        { documentId: 'doc1', workspaceId: 'ws', party: 'politicians', day: '2026-12-06', edits: 1 },
        { documentId: 'doc2', workspaceId: 'ws', party: 'employees', day: '2026-12-06', edits: 1 },
        { documentId: 'doc1', workspaceId: 'ws', party: 'employees', day: '2026-12-07', edits: 1 },
      ]),
    )
    expect(batches[0]).toHaveLength(4)
    expect(counter.pendingRows).toBe(0)
    // Nothing new: no empty batch.
    await counter.flush()
    expect(batches).toHaveLength(1)
    await counter.close()
  })

  it('F7: flushes on its own after flushMs, once per interval, and not at all while idle', async () => {
    vi.useFakeTimers()
    const batches: EditCountRow[][] = []
    const counter = new EditCounter(
      async (rows) => {
        batches.push(rows)
      },
      5_000,
      log,
    )
    await vi.advanceTimersByTimeAsync(20_000)
    expect(batches).toHaveLength(0)
    counter.count('doc', 'ws', 'administration')
    counter.count('doc', 'ws', 'administration')
    await vi.advanceTimersByTimeAsync(4_999)
    expect(batches).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(batches).toHaveLength(1)
    expect(batches[0]![0]!.edits).toBe(2)
    await counter.close()
  })

  it('F7: a failed batch is kept and added to what is counted next; close stores what is left', async () => {
    const stored: EditCountRow[] = []
    let fail = true
    const counter = new EditCounter(
      async (rows) => {
        if (fail) throw new Error('database away')
        stored.push(...rows)
      },
      60_000,
      log,
      () => DAY1,
    )
    counter.count('doc', 'ws', 'employees')
    await counter.flush()
    expect(stored).toEqual([])
    expect(counter.pendingRows).toBe(1)
    counter.count('doc', 'ws', 'employees')
    fail = false
    await counter.close()
    expect(stored).toEqual([
      { documentId: 'doc', workspaceId: 'ws', party: 'employees', day: '2026-12-06', edits: 2 },
    ])
  })

  it('F7: flushes run one at a time; edits counted during one go to the next', async () => {
    const batches: number[] = []
    let release: () => void = () => {}
    const counter = new EditCounter(
      (rows) =>
        new Promise<void>((resolve) => {
          batches.push(rows.reduce((n, r) => n + r.edits, 0))
          release = resolve
        }),
      60_000,
      log,
      () => DAY1,
    )
    counter.count('doc', 'ws', 'employees')
    const first = counter.flush()
    counter.count('doc', 'ws', 'employees')
    counter.count('doc', 'ws', 'employees')
    const second = counter.flush()
    await Promise.resolve()
    expect(batches).toEqual([1])
    release()
    await first
    await vi.waitFor(() => expect(batches).toEqual([1, 2]))
    release()
    await second
  })
})
