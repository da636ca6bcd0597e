/**
 * "Committed up to here": waiters run once the writes before them settle, in order, and a client
 * that sends Flush after Flush while a write is in flight makes the server hold one waiter, not one
 * per Flush.
 */
import { MessageType, readCommentAnswer } from '@trepart/shared'
import * as decoding from 'lib0/decoding'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import type { CommentAnswer } from './comment-requests.js'
import { Connection } from './connection.js'

function connection(sent: Uint8Array[] = []): Connection {
  const socket = { send: (data: Uint8Array) => void sent.push(data), close() {} }
  const limits = {
    awarenessUpdatesPerSecond: 10,
    awarenessBurst: 10,
    maxPendingMessages: 10,
    maxPendingBytes: 1024,
    syncRequestsPerSecond: 10,
    syncRequestsBurst: 10,
    maxCommentRequestsInFlight: 2,
    maxCommentRequestBytes: 65536,
  }
  const admission = { principal: { id: 'u' }, canWrite: true }
  return new Connection(socket, admission, 'doc', limits, pino({ level: 'silent' }))
}

describe('[W3] waiting for writes to be committed', () => {
  it('answers at once with nothing in flight, else after the writes before it, in order', () => {
    const conn = connection()
    const calls: string[] = []
    conn.afterWrites(() => calls.push('idle'))
    expect(calls).toEqual(['idle'])
    conn.writeSubmitted()
    conn.afterWrites(() => calls.push('after 1'))
    conn.writeSubmitted()
    conn.afterWrites(() => calls.push('after 2'))
    expect(calls).toEqual(['idle'])
    conn.writeSettled()
    expect(calls).toEqual(['idle', 'after 1'])
    conn.writeSettled()
    expect(calls).toEqual(['idle', 'after 1', 'after 2'])
  })

  it('keeps only the latest of the waiters that wait for the same writes', () => {
    const conn = connection()
    const calls: number[] = []
    conn.writeSubmitted()
    for (let n = 1; n <= 10_000; n++) conn.afterWrites(() => calls.push(n))
    conn.writeSettled()
    expect(calls).toEqual([10_000])
  })
})

/** After every promise callback queued now has run. */
const settled = () => new Promise((resolve) => setImmediate(resolve))

describe('comment requests of one connection', () => {
  const answers = (sent: Uint8Array[]) =>
    sent.map((frame) => {
      const decoder = decoding.createDecoder(frame)
      expect(decoding.readVarUint(decoder)).toBe(MessageType.CommentAnswer)
      const { id, status } = readCommentAnswer(decoder)
      return [id, status]
    })

  it('answers each by its id, and past maxCommentRequestsInFlight open ones gives the busy answer at once', async () => {
    const sent: Uint8Array[] = []
    const conn = connection(sent)
    const pending: Array<(answer: CommentAnswer) => void> = []
    const run = () => new Promise<CommentAnswer>((resolve) => pending.push(resolve))
    const busy = () => ({ status: 429, body: {} })
    conn.request(1, run, busy)
    conn.request(2, run, busy)
    conn.request(3, run, busy)
    // Two open (the limit): the third is refused without being run.
    expect(pending).toHaveLength(2)
    expect(answers(sent)).toEqual([[3, 429]])
    pending[1]!({ status: 201, body: {} })
    await settled()
    expect(answers(sent)).toEqual([
      [3, 429],
      [2, 201],
    ])
    // A place is free again.
    conn.request(4, run, busy)
    expect(pending).toHaveLength(3)
    pending[0]!({ status: 404, body: {} })
    pending[2]!({ status: 201, body: {} })
    await settled()
    expect(answers(sent).slice(2)).toEqual([
      [1, 404],
      [4, 201],
    ])
  })

  it('drops an answer that comes after the connection closed', async () => {
    const sent: Uint8Array[] = []
    const conn = connection(sent)
    let answer: (a: CommentAnswer) => void = () => {}
    conn.request(
      1,
      () => new Promise((resolve) => (answer = resolve)),
      () => ({ status: 429, body: {} }),
    )
    conn.transportClosed()
    answer({ status: 201, body: {} })
    await settled()
    expect(sent).toEqual([])
  })
})
