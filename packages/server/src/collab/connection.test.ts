/**
 * "Committed up to here": waiters run once the writes before them settle, in order, and a client
 * that sends Flush after Flush while a write is in flight makes the server hold one waiter, not one
 * per Flush.
 */
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { Connection } from './connection.js'

function connection(): Connection {
  const socket = { send() {}, close() {} }
  const limits = {
    awarenessUpdatesPerSecond: 10,
    awarenessBurst: 10,
    maxPendingMessages: 10,
    maxPendingBytes: 1024,
    syncRequestsPerSecond: 10,
    syncRequestsBurst: 10,
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
