/**
 * Comment threads and their comments. Visibility is part of every list query (never filtered
 * afterwards in memory), so a party-internal thread cannot reach another party by a forgotten check.
 */
import { PARTY_KEYS, type PartyKey, type Role, roleAtLeast } from '@trepart/shared'
import { type Expression, expressionBuilder, type Kysely, type QueryCreator, type SqlBool, sql } from 'kysely'
import { maySeeThread } from '../comments/visibility.js'
import type { CommentTable, Database, Dialect, ThreadTable } from './schema.js'
import {
  all,
  first,
  LockTimeout,
  lock,
  lockKey,
  type Prefixed,
  prefixed,
  run,
  type StepDatabase,
  StepRunner,
  type Steps,
  shape,
  unprefixed,
} from './steps.js'
import { Turns } from './turns.js'

export type ThreadRow = ThreadTable
export type CommentRow = CommentTable

/** A comment's new body, by its author, at `at` ({@link Threads.editComment}). */
export interface CommentEdit {
  comment: Pick<CommentRow, 'id' | 'author_id'>
  thread: Pick<ThreadRow, 'document_id' | 'visibility' | 'party'>
  writer: Writer
  body: string
  at: number
  limits: DiscussionLimits
}

/**
 * The writer's membership and their party's budget; their session's expiry and the replied-to
 * thread's comments when they were read with it.
 */
interface WriterRow {
  party: string
  role: string
  threads: number | null
  comments: number | null
  chars: number | null
  session_expires_at?: number | null
  thread_comments?: number | string | null
  thread_last_at?: number | string | null
}

/**
 * The replied-to thread's comments as the writer's read found them. Thrown when they are not in
 * the row (a statement shaped without them): a count read as 0 would let replies past the cap.
 */
function threadComments(row: WriterRow): { comments: number; lastAt: number } {
  if (row.thread_comments === undefined) throw new Error("writer read without the thread's comments")
  // PostgreSQL answers count(*) as a bigint string, and max() of none as null.
  return { comments: Number(row.thread_comments ?? 0), lastAt: Number(row.thread_last_at ?? 0) }
}

/** What {@link Threads.writing} reads the writer's membership with. */
interface WriterValues {
  documentId: string
  workspaceId: string
  userId: string
}
/** With the writer's session (`Writer.sessionId`). */
type WithSession = { sessionId: string }
/** With the comments of the thread the writer replies to. */
type WithThread = { threadId: string }

/** The writer as a write's transaction found them ({@link Threads.writing}). */
interface Writing {
  party: string
  budget: Budget
  /** The replied-to thread's comments (deleted ones count) and the last one's time, when asked for. */
  thread: { comments: number; lastAt: number } | null
}

/**
 * The space of the advisory locks that serialise a document's discussion writes on PostgreSQL
 * (`lock` in steps.ts): "Trep" in ASCII, apart from the one-key locks elsewhere in the schema.
 */
const DISCUSSION_LOCK_SPACE = 0x54726570

/** The advisory lock (space, key) a document's discussion writes take on PostgreSQL: for tests that hold it. */
export function discussionLock(documentId: string): { space: number; key: number } {
  return { space: DISCUSSION_LOCK_SPACE, key: lockKey(documentId) }
}

/** A thread's place and audience. */
export type ThreadScope = Pick<ThreadRow, 'id' | 'document_id' | 'visibility' | 'party'>

export interface ThreadWithNames extends ThreadRow {
  creator_name: string
  resolver_name: string | null
}

export interface CommentWithAuthor extends CommentRow {
  author_name: string
}

export interface ThreadFilter {
  /** The reader's party: `shared` threads and `party` threads of this party only. */
  viewerParty: string
  status?: string | undefined
  party?: string | undefined
}

/** Who writes, as the route knows them; their party and role are read again inside the write. */
export interface Writer {
  workspaceId: string
  userId: string
  /** The lowest role that may make this write. */
  minimum: Role
  /**
   * The session the write comes with, when nothing has read it since the write arrived (a comment
   * request on an open socket): read with the membership, and the write refused unless it is
   * still there and unexpired. The API's routes read it on every request before this.
   */
  sessionId?: string
}

/**
 * Why a write was refused: `gone` (no longer a member, no longer allowed to see the thread, or the
 * comment deleted meanwhile: answered like a missing one), `session` (the writer's session ended:
 * {@link Writer.sessionId}), `role` (demoted meanwhile), `cap` (the
 * writer's party has started all the threads it may on the document, or the thread holds all the
 * comments it may), `full` (the writer's party's comments on the document, or their characters,
 * are at their limit), `party_changed` (an author editing what they wrote for another party).
 */
export type Refusal = 'gone' | 'session' | 'role' | 'cap' | 'full' | 'party_changed'

/**
 * What one party may write on one document, and one thread may hold (config.ts says why each
 * exists). Per party: each party's caps count only what its own members wrote, which it can all
 * see, so a refusal never depends on another party's internal threads, and no party can use up
 * another's room.
 */
export interface DiscussionLimits {
  maxThreads: number
  maxCommentsPerThread: number
  maxComments: number
  maxChars: number
}

/** Characters as the caps count them: code points, as SQL's length() counts them too. */
export function charCount(text: string): number {
  let n = 0
  for (const _ of text) n++
  return n
}

type Budget = { threads: number; comments: number; chars: number }

/** What a write adds to its party's budget on a document. */
type Charge = { document_id: string; party: string } & Budget

/** Where a dialogue's figures are counted: one document, or a workspace's documents over [fromMs, untilMs). */
export type DialogueScope = { documentId: string } | { workspaceId: string; fromMs: number; untilMs: number }

/** One party's counts in a scope, as {@link Threads.participation} reads them. */
export interface ParticipationRow {
  party: string
  threads: number
  replies: number
  people: number
}

/**
 * The one visibility rule, as SQL: shared threads, and party threads of `viewerParty` only. Every
 * read that lists or counts threads puts it in its `where`.
 */
export function visibleTo(viewerParty: string): Expression<SqlBool> {
  const eb = expressionBuilder<Database, 'threads'>()
  return eb.or([eb('threads.visibility', '=', 'shared'), eb('threads.party', '=', viewerParty)])
}

export class Threads {
  private readonly steps: StepRunner
  /** The statements of every comment, each built once (`shape`): its writes and its reads. */
  private readonly statements: ReturnType<Threads['commentStatements']>

  private readonly dialect: Dialect

  /** PostgreSQL: the writes of one document take their turns here before they take a connection. */
  private readonly turns = new Turns()
  private readonly lockTimeoutMs: number

  /**
   * `database`: what the writes' transactions run on (store/steps.ts). `lockTimeoutMs`: how long a
   * write waits for its turn, and then for each lock, before it fails with `LockTimeout`
   * (DISCUSSION_LOCK_TIMEOUT_MS).
   */
  constructor(
    private readonly db: Kysely<Database>,
    database: StepDatabase,
    options: { lockTimeoutMs: number },
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs
    this.dialect = database.dialect
    this.steps = new StepRunner(db, database)
    this.statements = this.commentStatements()
  }

  private commentStatements() {
    const db = this.db
    // The writer's membership with their party's budget on the document, and as asked: their
    // session (for a write nothing read it for before: `Writer.sessionId`) and the comments of the
    // thread they reply to (its cap and its last time). One statement: it runs on every comment.
    // What it reads is fixed by the values of its first use (`shape`): each combination is a
    // statement of its own below, typed so that none can be given the others' values.
    const writerRead = (v: WriterValues & Partial<WithSession & WithThread>) =>
      db
        .selectFrom('members')
        .leftJoin('discussion_budgets', (join) =>
          join
            .onRef('discussion_budgets.party', '=', 'members.party')
            .on('discussion_budgets.document_id', '=', v.documentId),
        )
        .select([
          'members.party',
          'members.role',
          'discussion_budgets.threads',
          'discussion_budgets.comments',
          'discussion_budgets.chars',
        ])
        .where('members.workspace_id', '=', v.workspaceId)
        .where('members.user_id', '=', v.userId)
        .$if(v.sessionId !== undefined, (q) =>
          q
            .leftJoin('sessions', (join) =>
              join.onRef('sessions.user_id', '=', 'members.user_id').on('sessions.id', '=', v.sessionId!),
            )
            .select('sessions.expires_at as session_expires_at'),
        )
        .$if(v.threadId !== undefined, (q) =>
          q.select((eb) => [
            eb
              .selectFrom('comments')
              .select((c) => c.fn.countAll<number>().as('n'))
              .where('comments.thread_id', '=', v.threadId!)
              .as('thread_comments'),
            eb
              .selectFrom('comments')
              .select((c) => c.fn.max('comments.created_at').as('at'))
              .where('comments.thread_id', '=', v.threadId!)
              .as('thread_last_at'),
          ]),
        )
    // The charge of a write to its party's budget, alone or after the write's inserts (`into`).
    const charge = (v: Charge, into: Pick<QueryCreator<Database>, 'insertInto'> = db) =>
      into
        .insertInto('discussion_budgets')
        .values(v)
        .onConflict((oc) =>
          oc.columns(['document_id', 'party']).doUpdateSet((eb) => ({
            threads: eb('discussion_budgets.threads', '+', v.threads),
            comments: eb('discussion_budgets.comments', '+', v.comments),
            chars: eb('discussion_budgets.chars', '+', v.chars),
          })),
        )
    return {
      scope: shape((v: { id: string }) =>
        db.selectFrom('threads').select(['id', 'document_id', 'visibility', 'party']).where('id', '=', v.id),
      ),
      openByAudience: shape((v: { documentId: string; status: string }) =>
        db
          .selectFrom('threads')
          .select((eb) => ['threads.visibility', 'threads.party', eb.fn.countAll<number>().as('n')])
          .where('threads.document_id', '=', v.documentId)
          .where('threads.status', '=', v.status)
          .groupBy(['threads.visibility', 'threads.party']),
      ),
      // One shape per combination of what is read with the membership (shape binds values only).
      writer: {
        plain: shape((v: WriterValues) => writerRead(v)),
        session: shape((v: WriterValues & WithSession) => writerRead(v)),
        thread: shape((v: WriterValues & WithThread) => writerRead(v)),
        sessionAndThread: shape((v: WriterValues & WithSession & WithThread) => writerRead(v)),
      },
      charge: shape((v: Charge) => charge(v)),
      comment: shape((v: { id: string }) =>
        db.selectFrom('comments').select(['body', 'author_party', 'deleted_at']).where('id', '=', v.id),
      ),
      insertThread: shape((v: ThreadRow) => db.insertInto('threads').values(v)),
      insertComment: shape((v: CommentRow) => db.insertInto('comments').values(v)),
      // PostgreSQL only (SQLite has no writing WITH): a write's inserts and its charge as one
      // statement, one round trip instead of three. The CTEs share one snapshot; the comment's
      // key on its new thread is checked at the statement's end, when the thread is there.
      startPg: shape((v: Prefixed<'t_', ThreadRow> & Prefixed<'c_', CommentRow> & Prefixed<'b_', Charge>) =>
        charge(
          unprefixed<Charge>('b_', v),
          db
            .with('t', (q) => q.insertInto('threads').values(unprefixed<ThreadRow>('t_', v)).returning('id'))
            .with('c', (q) =>
              q.insertInto('comments').values(unprefixed<CommentRow>('c_', v)).returning('id'),
            ),
        ),
      ),
      replyPg: shape((v: Prefixed<'c_', CommentRow> & Prefixed<'b_', Charge>) =>
        charge(
          unprefixed<Charge>('b_', v),
          db.with('c', (q) =>
            q.insertInto('comments').values(unprefixed<CommentRow>('c_', v)).returning('id'),
          ),
        ),
      ),
      edit: shape((v: { id: string; body: string; at: number }) =>
        db
          .updateTable('comments')
          .set({ body: v.body, edited_at: v.at })
          .where('id', '=', v.id)
          .where('deleted_at', 'is', null),
      ),
      softDelete: shape((v: { id: string; body: string; at: number }) =>
        db.updateTable('comments').set({ body: v.body, deleted_at: v.at }).where('id', '=', v.id),
      ),
    }
  }

  /**
   * The writer's membership as it is inside the write, with what their party has written on
   * `documentId` (under {@link writeDiscussion}'s lock), or why it no longer admits the write. The
   * party is stamped from this read, not from the one the middleware made before the request's
   * body was parsed: a party change in between must not write a thread or comment under the old
   * party.
   * One statement for membership, session, budget and, for a reply (`threadId`), the thread's
   * comments: it runs on every comment, beside every keystroke.
   */
  private *writing(
    writer: Writer,
    documentId: string,
    thread?: Pick<ThreadRow, 'visibility' | 'party'>,
    threadId?: string,
  ): Steps<Writing | Refusal> {
    const { sessionId, workspaceId, userId } = writer
    const reads = this.statements.writer
    const values = { documentId, workspaceId, userId }
    const row: WriterRow | undefined =
      sessionId === undefined
        ? threadId === undefined
          ? yield* first(reads.plain(values))
          : yield* first(reads.thread({ ...values, threadId }))
        : threadId === undefined
          ? yield* first(reads.session({ ...values, sessionId }))
          : yield* first(reads.sessionAndThread({ ...values, sessionId, threadId }))
    if (!row) return 'gone'
    if (sessionId !== undefined) {
      const expiresAt = row.session_expires_at
      if (expiresAt === null || expiresAt === undefined || Number(expiresAt) <= Date.now()) return 'session'
    }
    if (thread && thread.visibility !== 'shared' && thread.party !== row.party) return 'gone'
    if (!roleAtLeast(row.role as Role, writer.minimum)) return 'role'
    return {
      party: row.party,
      budget: {
        threads: Number(row.threads ?? 0),
        comments: Number(row.comments ?? 0),
        chars: Number(row.chars ?? 0),
      },
      thread: threadId === undefined ? null : threadComments(row),
    }
  }

  /**
   * Runs `body` as a write to `documentId`'s discussion, serialised with the document's other
   * discussion writes, so that a burst of concurrent writes cannot pass a cap between count and
   * insert (SPEC C8). On PostgreSQL the write first waits for its turn among this instance's writes
   * to that document (store/turns.ts), so that they hold one pooled connection between them, not
   * one each; then its transaction takes an advisory lock of the document's discussion, not a lock
   * of its row, so the update log's appends (whose shared mode reads that row under a share lock)
   * never wait for a comment. Each wait lasts at most `lockTimeoutMs`: past it the write fails with
   * `LockTimeout`, having written nothing (SPEC C9). SQLite runs one write transaction at a time
   * anyway, synchronously: there is no line to wait in, and no lock to take.
   */
  private writeDiscussion<T>(documentId: string, body: () => Steps<T>): Promise<T> {
    const timeoutMs = this.lockTimeoutMs
    function* locked(): Steps<T> {
      yield* lock(DISCUSSION_LOCK_SPACE, documentId, timeoutMs)
      return yield* body()
    }
    if (this.dialect !== 'postgres') return this.steps.transaction(locked)
    return this.turns.run(
      documentId,
      timeoutMs,
      () => new LockTimeout(timeoutMs),
      () => this.steps.transaction(locked),
    )
  }

  /** Adds `delta` to what `party` has written on the document, in the write's transaction. */
  private *charge(charge: Charge): Steps<void> {
    yield* run(this.statements.charge(charge))
  }

  /**
   * A new comment (and the thread it opens, if it does) with its charge: one statement on
   * PostgreSQL (`startPg`, `replyPg`), one each on SQLite.
   */
  private *insertCharged(comment: CommentRow, charge: Charge, thread?: ThreadRow): Steps<void> {
    if (this.dialect === 'postgres') {
      const values = { ...prefixed('c_', comment), ...prefixed('b_', charge) }
      yield* run(
        thread
          ? this.statements.startPg({ ...prefixed('t_', thread), ...values })
          : this.statements.replyPg(values),
      )
      return
    }
    if (thread) yield* run(this.statements.insertThread(thread))
    yield* run(this.statements.insertComment(comment))
    yield* this.charge(charge)
  }

  /** A comment's body and party, read inside the write; undefined when it is gone or deleted. */
  private *liveComment(id: string): Steps<{ body: string; author_party: string } | undefined> {
    const current = yield* first(this.statements.comment({ id }))
    return current && current.deleted_at === null ? current : undefined
  }

  /** Whether `delta` more fits in `budget` (only growth is checked: shrinking always fits). */
  private static fits(budget: Budget, delta: Budget, limits: DiscussionLimits): boolean {
    return (
      (delta.comments <= 0 || budget.comments + delta.comments <= limits.maxComments) &&
      (delta.chars <= 0 || budget.chars + delta.chars <= limits.maxChars)
    )
  }

  /**
   * A thread and its opening comment, in one transaction, unless the writer's party has started
   * `maxThreads` threads on the document or its comments there are full (serialised per document:
   * {@link writeDiscussion}). `party` and `author_party` are stamped from the membership read inside
   * the transaction. Returns the stored party, or why it was refused.
   */
  create(
    thread: Omit<ThreadRow, 'party'>,
    opening: Omit<CommentRow, 'author_party'>,
    writer: Writer,
    limits: DiscussionLimits,
  ): Promise<{ party: string } | Refusal> {
    return this.writeDiscussion(thread.document_id, () => this.createSteps(thread, opening, writer, limits))
  }

  private *createSteps(
    thread: Omit<ThreadRow, 'party'>,
    opening: Omit<CommentRow, 'author_party'>,
    writer: Writer,
    limits: DiscussionLimits,
  ): Steps<{ party: string } | Refusal> {
    const writing = yield* this.writing(writer, thread.document_id)
    if (typeof writing === 'string') return writing
    const { party, budget } = writing
    if (budget.threads >= limits.maxThreads) return 'cap'
    const delta = { threads: 1, comments: 1, chars: charCount(opening.body) }
    if (!Threads.fits(budget, delta, limits)) return 'full'
    yield* this.insertCharged(
      { ...opening, author_party: party },
      { document_id: thread.document_id, party, ...delta },
      { ...thread, party },
    )
    return { party }
  }

  private threads() {
    return this.db
      .selectFrom('threads')
      .innerJoin('users as creator', 'creator.id', 'threads.created_by')
      .leftJoin('users as resolver', 'resolver.id', 'threads.resolved_by')
      .selectAll('threads')
      .select(['creator.name as creator_name', 'resolver.name as resolver_name'])
  }

  byId(id: string): Promise<ThreadWithNames | undefined> {
    return this.threads().where('threads.id', '=', id).executeTakeFirst()
  }

  /** What a reply needs of its thread: where it is and who may see it (no names joined). */
  scopeOf(id: string): Promise<ThreadScope | undefined> {
    const { scope } = this.statements
    return this.steps.read(function* () {
      return yield* first(scope({ id }))
    })
  }

  /** The document's threads `filter.viewerParty` may see, oldest first. */
  list(documentId: string, filter: ThreadFilter): Promise<ThreadWithNames[]> {
    let q = this.threads().where('threads.document_id', '=', documentId).where(visibleTo(filter.viewerParty))
    if (filter.status) q = q.where('threads.status', '=', filter.status)
    if (filter.party) q = q.where('threads.party', '=', filter.party)
    return q.orderBy('threads.created_at').orderBy('threads.id').execute()
  }

  /**
   * Per party, what `viewerParty` may see of the dialogue in `scope` (a document, or a workspace's
   * documents over a period): threads started, replies (not deleted) and distinct people who did
   * either, in one grouped query over both. A reply is any comment after the thread's opening one:
   * the opener has the thread's own `created_at`, and {@link addComment} stamps every reply strictly
   * later. Threads count by the party they were started for, replies by the party their author
   * wrote for; over a period, each by when it was written.
   */
  async participation(scope: DialogueScope, viewerParty: string): Promise<ParticipationRow[]> {
    const started = this.db
      .selectFrom('threads')
      .innerJoin('documents', 'documents.id', 'threads.document_id')
      .select([
        'threads.party as party',
        'threads.created_by as person',
        sql<number>`1`.as('started'),
        sql<number>`0`.as('replied'),
      ])
      .where(visibleTo(viewerParty))
      .$call((q) =>
        'documentId' in scope
          ? q.where('threads.document_id', '=', scope.documentId)
          : q
              .where('documents.workspace_id', '=', scope.workspaceId)
              .where('threads.created_at', '>=', scope.fromMs)
              .where('threads.created_at', '<', scope.untilMs),
      )
    const replied = this.db
      .selectFrom('comments')
      .innerJoin('threads', 'threads.id', 'comments.thread_id')
      .innerJoin('documents', 'documents.id', 'threads.document_id')
      .select([
        'comments.author_party as party',
        'comments.author_id as person',
        sql<number>`0`.as('started'),
        sql<number>`1`.as('replied'),
      ])
      .where(visibleTo(viewerParty))
      .where('comments.deleted_at', 'is', null)
      .whereRef('comments.created_at', '>', 'threads.created_at')
      .$call((q) =>
        'documentId' in scope
          ? q.where('threads.document_id', '=', scope.documentId)
          : q
              .where('documents.workspace_id', '=', scope.workspaceId)
              .where('comments.created_at', '>=', scope.fromMs)
              .where('comments.created_at', '<', scope.untilMs),
      )
    const rows = await this.db
      .selectFrom(started.unionAll(replied).as('part'))
      .select((eb) => [
        'part.party',
        eb.fn.sum<number>('part.started').as('threads'),
        eb.fn.sum<number>('part.replied').as('replies'),
        eb.fn.count<number>('part.person').distinct().as('people'),
      ])
      .groupBy('part.party')
      .execute()
    // PostgreSQL answers sums and counts as bigint strings.
    return rows.map((r) => ({
      party: r.party,
      threads: Number(r.threads),
      replies: Number(r.replies),
      people: Number(r.people),
    }))
  }

  /**
   * Open threads `viewerParty` may see, by document, for every document of the workspace: one
   * grouped query for the whole list (documents without any are absent).
   */
  async openCounts(workspaceId: string, viewerParty: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('threads')
      .innerJoin('documents', 'documents.id', 'threads.document_id')
      .select((eb) => ['threads.document_id', eb.fn.countAll<number>().as('n')])
      .where('documents.workspace_id', '=', workspaceId)
      .where('threads.status', '=', 'open')
      .where(visibleTo(viewerParty))
      .groupBy('threads.document_id')
      .execute()
    return new Map(rows.map((r) => [r.document_id, Number(r.n)]))
  }

  /**
   * A document's open threads as each party may count them: its shared ones plus that party's
   * internal ones (for the live counts of the workspace lists, one grouped query).
   */
  async openCountsByParty(documentId: string): Promise<Record<PartyKey, number>> {
    const { openByAudience } = this.statements
    const rows = await this.steps.read(function* () {
      return yield* all(openByAudience({ documentId, status: 'open' }))
    })
    const counts = Object.fromEntries(PARTY_KEYS.map((p) => [p, 0])) as Record<PartyKey, number>
    for (const party of PARTY_KEYS)
      for (const row of rows) if (maySeeThread({ party }, row)) counts[party] += Number(row.n)
    return counts
  }

  private comments() {
    return this.db
      .selectFrom('comments')
      .innerJoin('users', 'users.id', 'comments.author_id')
      .selectAll('comments')
      .select('users.name as author_name')
  }

  /** One thread's comments, oldest first. */
  commentsOf(threadId: string): Promise<CommentWithAuthor[]> {
    return this.comments()
      .where('comments.thread_id', '=', threadId)
      .orderBy('comments.created_at')
      .orderBy('comments.id')
      .execute()
  }

  /**
   * The comments of every thread {@link list} returns for the same filter, by thread id, oldest
   * first within each: one query joined on the document with the same visibility rule (never a
   * list of thread ids as parameters, which PostgreSQL refuses past 65,535), grouped in one pass.
   */
  async commentsByThread(
    documentId: string,
    filter: ThreadFilter,
  ): Promise<Map<string, CommentWithAuthor[]>> {
    let q = this.comments()
      .innerJoin('threads', 'threads.id', 'comments.thread_id')
      .where('threads.document_id', '=', documentId)
      .where(visibleTo(filter.viewerParty))
    if (filter.status) q = q.where('threads.status', '=', filter.status)
    if (filter.party) q = q.where('threads.party', '=', filter.party)
    const rows = await q
      .orderBy('comments.thread_id')
      .orderBy('comments.created_at')
      .orderBy('comments.id')
      .execute()
    const byThread = new Map<string, CommentWithAuthor[]>()
    for (const row of rows) {
      const list = byThread.get(row.thread_id)
      if (list) list.push(row)
      else byThread.set(row.thread_id, [row])
    }
    return byThread
  }

  commentById(id: string): Promise<CommentWithAuthor | undefined> {
    return this.comments().where('comments.id', '=', id).executeTakeFirst()
  }

  /**
   * Adds a reply unless the thread already has `maxCommentsPerThread` comments (deleted ones count:
   * their rows stay) or the writer's party's comments on the document are full. Its time is later than every comment
   * already in the thread (by at least 1 ms), so replies keep the order they were written in even
   * within one millisecond. Serialised per document ({@link writeDiscussion}); `author_party` is
   * stamped from the membership read inside the transaction, and a writer who can no longer see
   * the thread (their party changed) is `gone`.
   */
  addComment(
    row: Omit<CommentRow, 'author_party'>,
    thread: Pick<ThreadRow, 'document_id' | 'visibility' | 'party'>,
    writer: Writer,
    limits: DiscussionLimits,
  ): Promise<CommentRow | Refusal> {
    return this.writeDiscussion(thread.document_id, () => this.addCommentSteps(row, thread, writer, limits))
  }

  private *addCommentSteps(
    row: Omit<CommentRow, 'author_party'>,
    thread: Pick<ThreadRow, 'document_id' | 'visibility' | 'party'>,
    writer: Writer,
    limits: DiscussionLimits,
  ): Steps<CommentRow | Refusal> {
    const writing = yield* this.writing(writer, thread.document_id, thread, row.thread_id)
    if (typeof writing === 'string') return writing
    const { party, budget } = writing
    // Read with the membership, as `threadId` was given (a missing one is thrown in threadComments).
    const last = writing.thread!
    if (last.comments >= limits.maxCommentsPerThread) return 'cap'
    const delta = { threads: 0, comments: 1, chars: charCount(row.body) }
    if (!Threads.fits(budget, delta, limits)) return 'full'
    const stored = { ...row, author_party: party, created_at: Math.max(row.created_at, last.lastAt + 1) }
    yield* this.insertCharged(stored, { document_id: thread.document_id, party, ...delta })
    return stored
  }

  /**
   * Replaces a comment's body, by its author, in one transaction with the checks that must hold
   * when it is written (serialised per document): the comment is not deleted meanwhile (`gone`: an
   * edit racing a delete must not bring the text back), the author may still see the thread, is
   * still a commenter or more (`role`) and still in the party they wrote it for (`party_changed`),
   * and a longer body fits their party's characters (`full`).
   */
  editComment(edit: CommentEdit): Promise<Refusal | null> {
    return this.writeDiscussion(edit.thread.document_id, () => this.editCommentSteps(edit))
  }

  private *editCommentSteps({
    comment,
    thread,
    writer,
    body,
    at,
    limits,
  }: CommentEdit): Steps<Refusal | null> {
    const current = yield* this.liveComment(comment.id)
    if (!current) return 'gone'
    const writing = yield* this.writing(writer, thread.document_id, thread)
    if (typeof writing === 'string') return writing
    const { party, budget } = writing
    if (party !== current.author_party) return 'party_changed'
    const delta = { threads: 0, comments: 0, chars: charCount(body) - charCount(current.body) }
    if (!Threads.fits(budget, delta, limits)) return 'full'
    yield* run(this.statements.edit({ id: comment.id, body, at }))
    yield* this.charge({ document_id: thread.document_id, party, ...delta })
    return null
  }

  /**
   * Soft delete: the body goes with it (a deleted comment's text is not kept for anyone) and its
   * characters go back to its party; the row stays (the thread shows "comment deleted"), so it
   * still counts as a comment. `gone` when it was deleted meanwhile.
   */
  deleteComment(id: string, documentId: string, at: number): Promise<'gone' | null> {
    return this.writeDiscussion(documentId, () => this.deleteCommentSteps(id, documentId, at))
  }

  private *deleteCommentSteps(id: string, documentId: string, at: number): Steps<'gone' | null> {
    const current = yield* this.liveComment(id)
    if (!current) return 'gone'
    yield* run(this.statements.softDelete({ id, body: '', at }))
    yield* this.charge({
      document_id: documentId,
      party: current.author_party,
      threads: 0,
      comments: 0,
      chars: -charCount(current.body),
    })
    return null
  }

  async setStatus(id: string, change: { status: 'open' } | { status: 'resolved'; by: string; at: number }) {
    await this.db
      .updateTable('threads')
      .set(
        change.status === 'resolved'
          ? { status: 'resolved', resolved_by: change.by, resolved_at: change.at }
          : { status: 'open', resolved_by: null, resolved_at: null },
      )
      .where('id', '=', id)
      .execute()
  }
}
