import { describe, expect, it } from 'vitest'
import type { ThreadComment } from '../../lib/api.js'
import { documentOrder, foldEvent, type HeldThread, upsertThread } from './thread-store.js'

const author = { id: 'u1', name: 'Per', party: 'politicians' as const }

function comment(id: string, threadId: string, createdAt: string, body = id): ThreadComment {
  return { id, threadId, author, body, createdAt, editedAt: null, deleted: false }
}

function thread(id: string, patch: Partial<HeldThread> = {}): HeldThread {
  return {
    id,
    documentId: 'd',
    anchor: { start: 'AA==', end: 'AA==' },
    quote: 'tekst',
    orphaned: false,
    visibility: 'shared',
    party: 'politicians',
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    createdBy: author,
    createdAt: '2026-12-06T07:00:00.000Z',
    comments: [comment(`${id}-c1`, id, '2026-12-06T07:00:00.000Z')],
    ...patch,
  }
}

describe('folding thread news into the list', () => {
  it('takes the same thread twice (own answer, then its event) as one', () => {
    const t = thread('t1')
    const once = foldEvent([], { type: 'thread.created', thread: t }).threads
    const twice = foldEvent(once, { type: 'thread.created', thread: t }).threads
    expect(twice).toEqual([t])
  })

  it('adds a reply once, in time order, and updates an edited or deleted comment in place', () => {
    let list = [thread('t1')]
    const reply = comment('c2', 't1', '2026-12-06T07:05:00.000Z', 'svar')
    list = foldEvent(list, { type: 'comment.added', comment: reply }).threads
    list = foldEvent(list, { type: 'comment.added', comment: reply }).threads
    expect(list[0]!.comments.map((c) => c.id)).toEqual(['t1-c1', 'c2'])
    const deleted = { ...reply, body: '', deleted: true }
    list = foldEvent(list, { type: 'comment.updated', comment: deleted }).threads
    expect(list[0]!.comments[1]).toEqual(deleted)
    expect(list[0]!.comments).toHaveLength(2)
  })

  it('keeps replies a later copy of the thread lacks, and the orphaned it had', () => {
    const reply = comment('c2', 't1', '2026-12-06T07:05:00.000Z')
    const held = [
      thread('t1', { orphaned: true, comments: [comment('t1-c1', 't1', '2026-12-06T07:00:00.000Z'), reply] }),
    ]
    const { orphaned: _, ...state } = thread('t1', { status: 'resolved' })
    const next = upsertThread(held, state)
    expect(next[0]!.status).toBe('resolved')
    expect(next[0]!.orphaned).toBe(true)
    expect(next[0]!.comments.map((c) => c.id)).toEqual(['t1-c1', 'c2'])
  })

  it('changes the status, and asks for the list when news is about a thread it does not hold', () => {
    const resolved = foldEvent([thread('t1')], {
      type: 'thread.status',
      threadId: 't1',
      status: 'resolved',
      resolvedBy: { id: 'u2', name: 'Kari' },
      resolvedAt: '2026-12-06T08:00:00.000Z',
    })
    expect(resolved.refetch).toBe(false)
    expect(resolved.threads[0]).toMatchObject({ status: 'resolved', resolvedBy: { name: 'Kari' } })
    const unknown = foldEvent([thread('t1')], {
      type: 'comment.added',
      comment: comment('x', 'other', '2026'),
    })
    expect(unknown.refetch).toBe(true)
    expect(unknown.threads.map((t) => t.id)).toEqual(['t1'])
  })

  it('drops at once every other party’s internal thread when the member changes party', () => {
    const list = [
      thread('shared'),
      thread('pol', { visibility: 'party', party: 'politicians' }),
      thread('emp', { visibility: 'party', party: 'employees' }),
    ]
    const folded = foldEvent(list, { type: 'threads.reset', party: 'employees' })
    expect(folded.threads.map((t) => t.id)).toEqual(['shared', 'emp'])
    expect(folded.refetch).toBe(true)
  })

  it('leaves the list alone for other events', () => {
    const list = [thread('t1')]
    expect(foldEvent(list, { type: 'document.updated', documentId: 'd', title: 'x' })).toEqual({
      threads: list,
      refetch: false,
    })
  })
})

describe('document order', () => {
  it('sorts by where the text starts, then ends, detached threads last, oldest first among equals', () => {
    const ranges: Record<string, { from: number; to: number } | null> = {
      late: { from: 40, to: 50 },
      early: { from: 3, to: 9 },
      wide: { from: 3, to: 20 },
      gone: null,
      gone2: null,
    }
    const list = [
      thread('gone2', { createdAt: '2026-12-06T07:02:00.000Z' }),
      thread('late'),
      thread('wide'),
      thread('gone', { createdAt: '2026-12-06T07:01:00.000Z' }),
      thread('early'),
    ]
    expect(documentOrder(list, (t) => ranges[t.id] ?? null).map((t) => t.id)).toEqual([
      'early',
      'wide',
      'late',
      'gone',
      'gone2',
    ])
  })
})
