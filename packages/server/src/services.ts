/** The server's services, built once at start and handed to routes and the collab layer. */
import { ErrorId } from '@trepart/shared'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { LoginThrottle } from './auth/login-throttle.js'
import { Passwords } from './auth/passwords.js'
import { Sessions } from './auth/sessions.js'
import { SetupToken } from './auth/setup-token.js'
import { ThreadAnnouncer } from './comments/thread-announcer.js'
import type { Config } from './config.js'
import { contentJsonOf } from './content/content-json.js'
import { CommentWrites } from './http/comment-writes.js'
import { EventStreams } from './http/event-streams.js'
import { UserRate } from './http/middleware/user-rate.js'
import { DraftContent } from './public/draft-content.js'
import { DraftFeed } from './public/draft-feed.js'
import { LinkStreams } from './public/link-streams.js'
import { renderArticle } from './public/public-page.js'
import { publishedDocument } from './public/published-document.js'
import type { PubSub } from './pubsub/pubsub.js'
import type { SearchIndexer } from './search/search-indexer.js'
import { Accounts } from './store/accounts.js'
import { AuditLog } from './store/audit-log.js'
import { type ContentSource, readCommitted } from './store/committed-content.js'
import { Documents } from './store/documents.js'
import { FollowUps } from './store/follow-ups.js'
import { Invitations, PasswordResets } from './store/invitations.js'
import { Meetings } from './store/meetings.js'
import { Memberships } from './store/memberships.js'
import { Participation } from './store/participation.js'
import { PublicIndex } from './store/public-index.js'
import type { Database, Dialect } from './store/schema.js'
import type { SearchIndex } from './store/search-index.js'
import { ShareLinks } from './store/share-links.js'
import { SignOff } from './store/sign-off.js'
import type { StepDatabase } from './store/steps.js'
import { Threads } from './store/threads.js'
import { Users } from './store/users.js'

/**
 * What the API may ask of the rooms (set in server.ts once the registry exists). Scaled out, the
 * status reaches other instances' rooms through the document topic as well.
 */
export interface RoomControl {
  /**
   * Brings the document's open connections to its status in the database (read now, after every
   * write committed before this call). For a lock (a round starting), then waits until every write
   * the room took before it is committed: when this resolves, nothing more is written.
   */
  syncStatus(documentId: string, options?: { thenIdle?: boolean }): Promise<void>
  /** Stores `update` as the first content of a new document (an amendment: nobody has it open yet). */
  seed(documentId: string, update: Uint8Array): Promise<void>
}

export interface Services {
  config: Config
  /** Where users reach this instance (links in invitations and resets); known once listening. */
  publicUrl: string
  accounts: Accounts
  log: Logger
  pubsub: PubSub
  users: Users
  sessions: Sessions
  passwords: Passwords
  throttle: LoginThrottle
  /** Needed by the first sign-up on an instance reachable from a network; made at start (server.ts). */
  setupToken: SetupToken
  memberships: Memberships
  invitations: Invitations
  resets: PasswordResets
  documents: Documents
  /** Comment threads and their comments. */
  threads: Threads
  /** Tells open clients and workspace lists what happened to a thread, each only what it may see. */
  threadAnnouncer: ThreadAnnouncer
  /** Starting threads and replying, over the API or the collaboration connection alike. */
  commentWrites: CommentWrites
  /** Locks and seeds documents' rooms (sign-off, amendments). */
  rooms: RoomControl
  /** Consensus sign-off: versions, rounds, decisions. */
  signOff: SignOff
  /** The hash-chained sign-off record of each workspace. */
  audit: AuditLog
  /** Meetings of the forum: agenda, outcomes, attendance. */
  meetings: Meetings
  /** Read-only links for the public. */
  shareLinks: ShareLinks
  /** Workspaces' public indexes: on or off, and which final documents are published on them. */
  publicIndex: PublicIndex
  /** One bucket per user for costly document actions (sign-off steps, versions, diffs, exports). */
  documentActions: UserRate
  /** Public readers' live draft streams: capped per client address; in all and per link by the route. */
  publicStreams: EventStreams
  /** Hands public readers of a draft its article as it changes. */
  draftFeed: DraftFeed
  /** Drafts' committed content and article, read and rendered once per change (told by the committer). */
  draftContent: DraftContent
  /** Public live streams by share link, ended when it is revoked. */
  linkStreams: LinkStreams
  /** Public requests one client address may make (there is no account to count by). */
  publicReads: UserRate
  /** Documents' committed content (a loaded room's Y.Doc, else the store's), for anchors' quotes. */
  content: ContentSource
  /** Full-text search of titles and text (the route queries it). */
  searchIndex: SearchIndex
  /** Keeps the search index current (titles from the document routes, text after commits). */
  searchIndexer: SearchIndexer
  /** Every server-sent event stream, whichever route opened it: one set of caps per session and user. */
  eventStreams: EventStreams
  /** Follow-up items of final decisions and their history (issue 16). */
  followUps: FollowUps
  /** Writes to follow-up items one user may make (FOLLOW_UP_WRITES_PER_MINUTE). */
  followUpWrites: UserRate
  /** Participation figures beyond the dialogue: edits, documents, meetings, decisions. */
  participation: Participation
}

/** Comment lines keep proxies and the browser from timing an event stream out. */
const EVENT_STREAM_KEEP_ALIVE_MS = 25_000
/** A stream that ended has this long to hand over its last event before its socket is cut. */
const EVENT_STREAM_END_GRACE_MS = 5_000

export function createServices(
  db: Kysely<Database>,
  dialect: Dialect,
  config: Config,
  log: Logger,
  pubsub: PubSub,
  searchIndexer: SearchIndexer,
  content: ContentSource,
  /** What the comment writes' transactions run on (store/steps.ts). */
  stepDatabase: StepDatabase,
): Services {
  const threads = new Threads(db, stepDatabase, { lockTimeoutMs: config.limits.discussionLockTimeoutMs })
  const threadAnnouncer = new ThreadAnnouncer(pubsub, threads, log)
  const audit = new AuditLog(db, dialect)
  const services: Services = {
    rooms: {
      syncStatus: () => Promise.reject(new Error('rooms not ready')),
      seed: () => Promise.reject(new Error('rooms not ready')),
    },
    signOff: new SignOff(db, dialect, audit),
    audit,
    meetings: new Meetings(db, dialect),
    shareLinks: new ShareLinks(db),
    publicIndex: new PublicIndex(db),
    documentActions: new UserRate({
      perMinute: config.limits.documentActionsPerMinute,
      burst: config.limits.documentActionsBurst,
      errorId: ErrorId.RateLimited,
      message: 'Too many document actions; wait a moment',
    }),
    config,
    publicUrl: config.publicUrl,
    accounts: new Accounts(db, dialect),
    log,
    pubsub,
    users: new Users(db),
    sessions: new Sessions(db, pubsub, config.auth.sessionTtlMs),
    passwords: new Passwords(
      { memoryCostKib: config.auth.argon2MemoryKib, timeCost: config.auth.argon2TimeCost },
      config.auth.passwordMinLength,
    ),
    throttle: new LoginThrottle(db, {
      freeAttempts: config.auth.loginFreeAttempts,
      baseDelayMs: config.auth.loginThrottleBaseMs,
      maxDelayMs: config.auth.loginThrottleMaxMs,
      resetAfterMs: config.auth.loginThrottleResetMs,
    }),
    setupToken: SetupToken.notRequired(),
    memberships: new Memberships(db, dialect),
    invitations: new Invitations(db),
    resets: new PasswordResets(db),
    documents: new Documents(db),
    threads,
    threadAnnouncer,
    commentWrites: new CommentWrites({ threads, content, threadAnnouncer }, config.limits),
    content,
    searchIndex: searchIndexer.index,
    searchIndexer,
    eventStreams: new EventStreams({
      perSession: config.limits.maxEventStreamsPerSession,
      perUser: config.limits.maxEventStreamsPerUser,
      maxBufferedBytes: config.limits.maxEventStreamBufferedBytes,
      keepAliveMs: EVENT_STREAM_KEEP_ALIVE_MS,
      endGraceMs: EVENT_STREAM_END_GRACE_MS,
    }),
    // A stream is its own "session" here: the cap that binds is the one per client address.
    publicStreams: new EventStreams({
      perSession: 1,
      perUser: config.limits.maxPublicStreamsPerAddress,
      // Its own bound: a long draft's article is one frame, larger than a workspace's events.
      maxBufferedBytes: config.limits.publicStreamBufferedBytes,
      keepAliveMs: EVENT_STREAM_KEEP_ALIVE_MS,
      endGraceMs: EVENT_STREAM_END_GRACE_MS,
    }),
    linkStreams: new LinkStreams(),
    followUps: new FollowUps(db, dialect),
    followUpWrites: new UserRate({
      perMinute: config.limits.followUpWritesPerMinute,
      burst: config.limits.followUpWritesBurst,
      errorId: ErrorId.RateLimited,
      message: 'Too many follow-up changes; wait a moment',
    }),
    participation: new Participation(db),
    publicReads: new UserRate({
      perMinute: config.limits.publicRequestsPerMinute,
      burst: config.limits.publicRequestsBurst,
      errorId: ErrorId.RateLimited,
      message: 'Too many requests; wait a moment',
    }),
    draftContent: new DraftContent(
      (documentId) => readCommitted(content, documentId, contentJsonOf),
      (json, locale) => renderArticle({ content: json }, locale),
      config.limits.publicDraftCacheEntries,
    ),
    draftFeed: new DraftFeed(
      async (documentId) => {
        const doc = await publishedDocument(services, documentId)
        return doc
          ? { status: doc.status, title: doc.title, html: (locale) => renderArticle(doc, locale) }
          : null
      },
      config.limits.publicLiveIntervalMs,
      log,
    ),
  }
  return services
}
