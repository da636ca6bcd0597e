/**
 * The two comment writes a busy day is made of, starting a thread and replying, for both ways
 * in: the API's routes (routes/threads.ts) and comment requests over the collaboration connection
 * (socket-comments.ts). Whichever way a write came, it is checked, stored, announced and answered
 * the same way here: the anchor resolved against committed text and the quote computed from it,
 * the writer's party and role read again inside the write's transaction (a change in between
 * never writes under the old party), the same caps, and the same per-user bucket.
 *
 * The caller has already established who writes and on what: a session's membership and the
 * route's document or thread, or the admitted connection and its document.
 */
import { ErrorId, type Thread, type ThreadComment } from '@trepart/shared'
import { newId } from '../auth/tokens.js'
import { ContentAnchors, canonicalPosition } from '../comments/anchor.js'
import type { Config } from '../config.js'
import type { Services } from '../services.js'
import { readCommitted } from '../store/committed-content.js'
import type { DiscussionLimits, Refusal, ThreadRow, ThreadScope, Writer } from '../store/threads.js'
import { ApiError, errors } from './errors.js'
import { UserRate } from './middleware/user-rate.js'
import { presentComment, presentThread } from './presenters.js'

/** Who writes, as the way in established it: the author and party are never taken from the request. */
export interface CommentAuthor {
  userId: string
  name: string
  /** The workspace of the document written on. */
  workspaceId: string
  /** The session to read again inside the write (`Writer.sessionId`), when nothing read it before. */
  sessionId?: string
}

/** An anchor end as stored: its canonical encoding, or 400 when the bytes are no position or carry more. */
function anchorEnd(text: string, which: 'start' | 'end'): Uint8Array {
  const bytes = canonicalPosition(new Uint8Array(Buffer.from(text, 'base64')))
  if (bytes === null) throw errors.invalid(`anchor.${which}: not exactly one encoded relative position`)
  return bytes
}

/*
 * The caps answer 409, not 429: a full document or thread stays full however long the caller
 * waits (nothing expires, deleted comments keep their rows), so "retry later" would be false:
 * the request conflicts with the state of the resource. A full thread still takes a new thread.
 */
const tooManyThreads = (max: number) =>
  new ApiError(409, ErrorId.TooManyThreads, `This document already has ${max} comment threads`)
const tooManyComments = (max: number) =>
  new ApiError(409, ErrorId.TooManyComments, `This thread already has ${max} comments`)

export const discussionFull = () =>
  new ApiError(
    409,
    ErrorId.DocumentDiscussionFull,
    'Your party has written as much on this document as it can',
  )

/**
 * An author who has changed party may not edit what they wrote for the old one: the comment keeps
 * the old party's label, so the edit would put words written as a member of the new party under
 * the old party's name.
 */
const partyChanged = () =>
  new ApiError(403, ErrorId.CommentPartyChanged, 'This comment was written for another party than yours now')

/** A refused write as its error: `gone` is the same 404 as a thread that does not exist. */
export function refusal(why: Refusal, cap: () => ApiError): ApiError {
  switch (why) {
    case 'gone':
      return errors.notFound()
    case 'session':
      return errors.unauthenticated()
    case 'role':
      return errors.forbidden()
    case 'party_changed':
      return partyChanged()
    case 'full':
      return discussionFull()
    case 'cap':
      return cap()
  }
}

/** The thread an event is about, with the workspace whose streams count it. */
export function about(workspaceId: string, thread: Pick<ThreadRow, 'document_id' | 'visibility' | 'party'>) {
  return { workspaceId, documentId: thread.document_id, visibility: thread.visibility, party: thread.party }
}

export class CommentWrites {
  /** One bucket per user for every comment write, whichever way it came, counted before anything is read. */
  readonly rate: UserRate
  readonly limits: DiscussionLimits

  constructor(
    private readonly services: Pick<Services, 'threads' | 'content' | 'threadAnnouncer'>,
    limits: Config['limits'],
  ) {
    this.rate = new UserRate({
      perMinute: limits.commentWritesPerMinute,
      burst: limits.commentWritesBurst,
      errorId: ErrorId.CommentRateLimited,
      message: 'Too many comment writes; wait a moment',
    })
    this.limits = {
      maxThreads: limits.maxThreadsPerDocument,
      maxCommentsPerThread: limits.maxCommentsPerThread,
      maxComments: limits.maxCommentsPerDocument,
      maxChars: limits.maxCommentCharsPerDocument,
    }
  }

  /** The author as a write's transaction checks them again: a commenter or more. */
  writer(author: CommentAuthor): Writer {
    const { workspaceId, userId, sessionId } = author
    return { workspaceId, userId, minimum: 'commenter', ...(sessionId !== undefined ? { sessionId } : {}) }
  }

  /** Starts a thread on committed text of `documentId`, with its first comment; answers it as stored. */
  async startThread(
    author: CommentAuthor,
    documentId: string,
    input: { anchor: { start: string; end: string }; visibility: 'shared' | 'party'; body: string },
  ): Promise<Thread> {
    const { threads, content, threadAnnouncer } = this.services
    const start = anchorEnd(input.anchor.start, 'start')
    const end = anchorEnd(input.anchor.end, 'end')
    const resolved = await readCommitted(content, documentId, (doc) =>
      new ContentAnchors(doc).resolve(start, end),
    )
    // Positions into text the server has not committed (or never had) resolve to nothing.
    if (resolved === null) throw errors.invalid('anchor: does not resolve into the document')
    if (resolved.orphaned) throw errors.invalid('anchor: covers no text')
    const now = Date.now()
    const thread = {
      id: newId(),
      document_id: documentId,
      anchor_start: start,
      anchor_end: end,
      quote: resolved.quote,
      visibility: input.visibility,
      status: 'open',
      resolved_by: null,
      resolved_at: null,
      created_by: author.userId,
      created_at: now,
    }
    const first = {
      id: newId(),
      thread_id: thread.id,
      author_id: author.userId,
      body: input.body,
      created_at: now,
      edited_at: null,
      deleted_at: null,
    }
    // The party is the one the membership has inside the insert, not one read before.
    const created = await threads.create(thread, first, this.writer(author), this.limits)
    if (typeof created === 'string') throw refusal(created, () => tooManyThreads(this.limits.maxThreads))
    const { party } = created
    const stored = { ...thread, party, creator_name: author.name, resolver_name: null }
    // Presented from what was just resolved and written: no second rebuild of the doc.
    const presented = presentThread(stored, resolved, [
      { ...first, author_party: party, author_name: author.name },
    ])
    const { orphaned: _, ...state } = presented
    threadAnnouncer.announce(
      about(author.workspaceId, stored),
      { type: 'thread.created', thread: state },
      true,
    )
    return presented
  }

  /** Adds a reply to `thread` (which the caller has found on the document it may write on). */
  async reply(author: CommentAuthor, thread: ThreadScope, body: string): Promise<ThreadComment> {
    const { threads, threadAnnouncer } = this.services
    const stored = await threads.addComment(
      {
        id: newId(),
        thread_id: thread.id,
        author_id: author.userId,
        body,
        created_at: Date.now(),
        edited_at: null,
        deleted_at: null,
      },
      thread,
      this.writer(author),
      this.limits,
    )
    if (typeof stored === 'string')
      throw refusal(stored, () => tooManyComments(this.limits.maxCommentsPerThread))
    const comment = presentComment({ ...stored, author_name: author.name })
    threadAnnouncer.announce(about(author.workspaceId, thread), { type: 'comment.added', comment }, false)
    return comment
  }
}
