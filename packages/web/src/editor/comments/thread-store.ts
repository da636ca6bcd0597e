/**
 * The comment threads a client holds, and how what arrives changes them: the list the API answers,
 * the answers to this client's own writes, and the server's thread events over the collaboration
 * socket. Every change is folded in by id, so the same news twice (the answer to one's own POST and
 * the event for it) changes nothing the second time. Pure functions over immutable arrays.
 */
import type { ServerEvent, ThreadServerEvent } from '@trepart/shared'
import type { Thread, ThreadComment, ThreadState } from '../../lib/api.js'

/** A thread as the panel holds it: `orphaned` as the server last said (status answers and events lack it). */
export type HeldThread = Thread

/** A thread from anywhere (list, event, status answer), with `orphaned` when the source had it. */
export type IncomingThread = ThreadState & { orphaned?: boolean }

const byCreated = (a: { createdAt: string; id: string }, b: { createdAt: string; id: string }) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/** `comments` with `incoming` put in by id (the incoming copy wins), oldest first. */
function mergeComments(
  comments: readonly ThreadComment[],
  incoming: readonly ThreadComment[],
): ThreadComment[] {
  const merged = new Map(comments.map((c) => [c.id, c]))
  for (const c of incoming) merged.set(c.id, c)
  return [...merged.values()].sort(byCreated)
}

/** Puts `thread` in by id: a known thread takes its fields and keeps comments the copy lacks. */
export function upsertThread(threads: readonly HeldThread[], thread: IncomingThread): HeldThread[] {
  const index = threads.findIndex((t) => t.id === thread.id)
  if (index < 0) return [...threads, { ...thread, orphaned: thread.orphaned ?? false }]
  const held = threads[index]!
  const next: HeldThread = {
    ...held,
    ...thread,
    orphaned: thread.orphaned ?? held.orphaned,
    comments: mergeComments(held.comments, thread.comments),
  }
  return threads.map((t, i) => (i === index ? next : t))
}

/**
 * Puts a comment in by id (added or updated). A comment of a thread this client does not hold
 * answers null: something was missed, and the caller fetches the list again.
 */
export function upsertComment(threads: readonly HeldThread[], comment: ThreadComment): HeldThread[] | null {
  const index = threads.findIndex((t) => t.id === comment.threadId)
  if (index < 0) return null
  const held = threads[index]!
  const next = { ...held, comments: mergeComments(held.comments, [comment]) }
  return threads.map((t, i) => (i === index ? next : t))
}

export function setStatus(
  threads: readonly HeldThread[],
  change: Extract<ThreadServerEvent, { type: 'thread.status' }>,
): HeldThread[] | null {
  const index = threads.findIndex((t) => t.id === change.threadId)
  if (index < 0) return null
  const { status, resolvedBy, resolvedAt } = change
  return threads.map((t, i) => (i === index ? { ...t, status, resolvedBy, resolvedAt } : t))
}

/** The member is now in `party`: every other party's internal thread goes at once. */
export function keepVisibleTo(threads: readonly HeldThread[], party: string): HeldThread[] {
  return threads.filter((t) => t.visibility === 'shared' || t.party === party)
}

export interface Folded {
  threads: HeldThread[]
  /** The event could not be applied (a thread not held) or asks for it: fetch the list again. */
  refetch: boolean
}

/** One server event folded in; events that are not about threads leave the list as it is. */
export function foldEvent(threads: readonly HeldThread[], event: ServerEvent): Folded {
  switch (event.type) {
    case 'thread.created':
      return { threads: upsertThread(threads, event.thread), refetch: false }
    case 'comment.added':
    case 'comment.updated': {
      const next = upsertComment(threads, event.comment)
      return next ? { threads: next, refetch: false } : { threads: [...threads], refetch: true }
    }
    case 'thread.status': {
      const next = setStatus(threads, event)
      return next ? { threads: next, refetch: false } : { threads: [...threads], refetch: true }
    }
    case 'threads.reset':
      return { threads: keepVisibleTo(threads, event.party), refetch: true }
    default:
      return { threads: [...threads], refetch: false }
  }
}

/** Whether an event is news about threads (and so about the participation figures). */
export function isThreadEvent(event: ServerEvent): boolean {
  return (
    event.type === 'thread.created' ||
    event.type === 'comment.added' ||
    event.type === 'comment.updated' ||
    event.type === 'thread.status' ||
    event.type === 'threads.reset'
  )
}

/** Where a thread's text is in the editor's document now; null when none of it is left. */
export type TextRange = { from: number; to: number } | null

/**
 * Threads in document order: by where their text starts (then ends), those whose text is gone
 * (detached) last, each group oldest first among equals.
 */
export function documentOrder(
  threads: readonly HeldThread[],
  rangeOf: (thread: HeldThread) => TextRange,
): HeldThread[] {
  const keyed = threads.map((thread) => ({ thread, range: rangeOf(thread) }))
  keyed.sort((a, b) => {
    if (a.range && b.range) {
      return a.range.from - b.range.from || a.range.to - b.range.to || byCreated(a.thread, b.thread)
    }
    if (a.range) return -1
    if (b.range) return 1
    return byCreated(a.thread, b.thread)
  })
  return keyed.map((k) => k.thread)
}
