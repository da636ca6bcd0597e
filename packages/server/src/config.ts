/**
 * Configuration, parsed once at start-up from the environment with zod. A bad value stops the start
 * with a message naming the variable. Every limit is a named setting with a safe default; units
 * are in the names.
 */
import path from 'node:path'
import { z } from 'zod'
import { maskSecrets } from './log-redaction.js'

const MiB = 1024 * 1024

const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def)

/**
 * The longest a server event may wait for the next frame to its socket (SERVER_EVENT_DELAY_MS):
 * a tenth of a second, the bound of what reads as instant. Also its default.
 */
const MAX_SERVER_EVENT_DELAY_MS = 100

/**
 * The longest DISCUSSION_LOCK_TIMEOUT_MS: a minute. Longer, a stalled writer would keep its
 * waiters' connections, and its document's discussion, for as long as it took to notice.
 */
const MAX_DISCUSSION_LOCK_TIMEOUT_MS = 60_000

// Exported for tests/multi/compose.test.ts: compose.yaml may set only variables read here.
export const envSchema = z
  .object({
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: int(3000, 0).pipe(z.number().max(65535)),
    PUBLIC_URL: z.url().optional(),
    ALLOWED_ORIGINS: z.string().optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .optional(),
    /** PostgreSQL: connections this instance keeps open at most. */
    DATABASE_POOL_SIZE: int(10, 1),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Prefix of every Redis channel: several deployments (or test runs) may share one Redis. */
    REDIS_CHANNEL_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64')
      .default('trepart'),
    /** How long a hole in a document's log positions may wait for its update over Redis before it is read from the database. */
    FANOUT_GAP_WAIT_MS: int(250, 1),
    /** How often an instance compares its open documents with the database's heads (a silence on the bus). */
    FANOUT_CHECK_INTERVAL_MS: int(2_000, 50),
    /** Updates from other instances held for a document while it loads; more are read from the database after. */
    FANOUT_MAX_EARLY_UPDATES: int(1_000, 0),
    /** Shared mode: how old a round's lock without a round must be before a starting instance releases it. */
    REVIEW_RECONCILE_GRACE_MS: int(10 * 60_000, 0),
    SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
    SQLITE_BUSY_TIMEOUT_MS: int(5000),
    SQLITE_CHECKPOINT_AFTER_COMMITS: int(250, 1),
    SQLITE_CHECKPOINT_AFTER_BYTES: int(4 * MiB, 4096),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_PRETTY: z.enum(['auto', 'true', 'false']).default('auto'),
    WEB_DIST_DIR: z.string().optional(),
    /**
     * Secret a scraper sends as `Authorization: Bearer <token>` to read /metrics; unset, /metrics is
     * open (counts only). Never logged: neither the configuration nor request headers are.
     */
    METRICS_TOKEN: z
      .string()
      .min(16, 'at least 16 characters')
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces (it travels in a header)')
      .optional(),

    MAX_DOCUMENT_BYTES: int(16 * MiB, 1024),
    MAX_MESSAGE_BYTES: int(24 * MiB, 1024),
    MAX_AWARENESS_STATE_BYTES: int(8 * 1024, 64),
    MAX_AWARENESS_CLIENTS_PER_CONNECTION: int(4, 1),
    MAX_AWARENESS_ENTRIES_PER_MESSAGE: int(1000, 1),
    AWARENESS_UPDATES_PER_SECOND: int(20, 1),
    AWARENESS_BURST: int(40, 1),
    MAX_CONNECTIONS_PER_ROOM: int(250, 1),
    MAX_CONNECTIONS_PER_USER_PER_DOCUMENT: int(20, 1),
    MAX_CONNECTIONS_PER_USER: int(100, 1),
    MAX_EVENT_STREAMS_PER_SESSION: int(8, 1),
    MAX_EVENT_STREAMS_PER_USER: int(24, 1),
    MAX_EVENT_STREAM_BUFFERED_BYTES: int(1 * MiB, 1024),
    ACCESS_RECHECKS_AT_ONCE: int(16, 1),
    MAX_PENDING_MESSAGES_PER_CONNECTION: int(100, 1),
    MAX_PENDING_BYTES_PER_CONNECTION: int(32 * MiB, 1024),
    MAX_BUFFERED_BYTES_PER_CONNECTION: int(64 * MiB, 1024),
    SYNC_REQUESTS_PER_SECOND: int(5, 1),
    SYNC_REQUESTS_BURST: int(20, 1),
    MAX_COMMENT_REQUESTS_IN_FLIGHT: int(4, 1),
    MAX_THREADS_PER_DOCUMENT: int(2000, 1),
    MAX_COMMENTS_PER_THREAD: int(200, 1),
    MAX_COMMENTS_PER_DOCUMENT: int(5_000, 1),
    COMMENT_WRITES_PER_MINUTE: int(60, 1),
    COMMENT_WRITES_BURST: int(20, 1),
    DISCUSSION_LOCK_TIMEOUT_MS: int(5_000, 1).pipe(z.number().max(MAX_DISCUSSION_LOCK_TIMEOUT_MS)),
    DOCUMENT_ACTIONS_PER_MINUTE: int(30, 1),
    DOCUMENT_ACTIONS_BURST: int(10, 1),
    EXPORTS_AT_ONCE_PER_USER: int(2, 1),
    MAX_VERSIONS_PER_DOCUMENT: int(500, 1),
    MAX_FOLLOW_UPS_PER_DOCUMENT: int(100, 1),
    MAX_NOTES_PER_FOLLOW_UP: int(200, 1),
    MAX_FOLLOW_UPS_LISTED: int(500, 1).pipe(z.number().max(5000)),
    FOLLOW_UP_NOTES_LISTED: int(20, 0),
    FOLLOW_UP_WRITES_PER_MINUTE: int(60, 1),
    FOLLOW_UP_WRITES_BURST: int(20, 1),
    EDIT_COUNTS_FLUSH_MS: int(5_000, 10),
    MAX_MEETINGS_PER_WORKSPACE: int(2_000, 1),
    MAX_AGENDA_ITEMS_PER_MEETING: int(50, 1),
    MEETING_WRITES_PER_MINUTE: int(120, 1),
    MEETING_WRITES_BURST: int(40, 1),
    MAX_PUBLIC_STREAMS: int(5_000, 1),
    MAX_PUBLIC_STREAMS_PER_ADDRESS: int(20, 1),
    MAX_PUBLIC_STREAMS_PER_LINK: int(2_000, 1),
    PUBLIC_DRAFT_CACHE_ENTRIES: int(100, 1),
    PUBLIC_LIVE_INTERVAL_MS: int(500, 50),
    PUBLIC_STREAM_BUFFERED_BYTES: int(32 * MiB, 1024),
    PUBLIC_REQUESTS_PER_MINUTE: int(600, 1),
    PUBLIC_REQUESTS_BURST: int(120, 1),
    PUBLIC_INDEX_MAX_ENTRIES: int(100, 1).pipe(z.number().max(1000)),
    MAX_COMMENT_CHARS_PER_DOCUMENT: int(2_000_000, 1),
    PING_INTERVAL_MS: int(30_000, 100),
    // Unset: MAX_SERVER_EVENT_DELAY_MS, or half of PING_INTERVAL_MS when that is less (below).
    SERVER_EVENT_DELAY_MS: z.coerce.number().int().min(0).max(MAX_SERVER_EVENT_DELAY_MS).optional(),

    UPGRADE_TIMEOUT_MS: int(10_000, 100),
    READINESS_TIMEOUT_MS: int(2_000, 10),
    READINESS_CACHE_MS: int(1_000, 0),
    HTTP_HEADERS_TIMEOUT_MS: int(10_000, 100),
    HTTP_REQUEST_TIMEOUT_MS: int(30_000, 100),
    ROOM_UNLOAD_DELAY_MS: int(10_000, 0),
    COMPACT_AFTER_UPDATES: int(500, 1),
    COMPACT_AFTER_BYTES: int(1 * MiB, 1),
    COMPACTION_WAIT_MS: int(30_000, 100),
    COMMIT_RETRY_BASE_MS: int(50, 1),
    COMMIT_RETRY_MAX_MS: int(2_000, 1),
    COMMIT_FAILURE_CLOSE_MS: int(10_000, 0),
    SHUTDOWN_TIMEOUT_MS: int(15_000, 100),
    SEARCH_INDEX_DELAY_MS: int(2_000, 0),
    SEARCH_INDEX_BATCH_DOCUMENTS: int(25, 1).pipe(z.number().max(1000)),
    SEARCH_INDEX_RETRY_MAX_MS: int(60_000, 1),
    MAX_SEARCH_INDEXED_CHARS: int(250_000, 1000),
    MAX_SEARCH_RESULTS: int(20, 1).pipe(z.number().max(200)),

    SIGNUP: z.enum(['open', 'invite']).optional(),
    WORKSPACE_CREATION: z.enum(['anyone', 'admins']).default('anyone'),
    SETUP_TOKEN: z.enum(['auto', 'required', 'off']).default('auto'),
    TRUST_PROXY: z.enum(['true', 'false']).default('false'),
    MAX_BODY_BYTES: int(64 * 1024, 1024),
    PASSWORD_MIN_LENGTH: int(10, 8),
    ARGON2_MEMORY_KIB: int(19_456, 8),
    ARGON2_TIME_COST: int(2, 1),
    // Fractional days are allowed (tests of expiry use seconds); whole days in practice.
    SESSION_TTL_DAYS: z.coerce
      .number()
      .min(1 / 86_400, 'at least one second')
      .default(30),
    MAX_CONCURRENT_LOGINS_PER_ADDRESS: int(4, 1),
    LOGIN_FREE_ATTEMPTS: int(5, 1),
    LOGIN_THROTTLE_BASE_MS: int(1_000, 1),
    LOGIN_THROTTLE_MAX_MS: int(15 * 60_000, 1),
    LOGIN_THROTTLE_RESET_MS: int(60 * 60_000, 1),
    INVITATION_DEFAULT_HOURS: int(7 * 24, 1),
    INVITATION_DEFAULT_MAX_USES: int(1, 1),
    PASSWORD_RESET_TTL_MINUTES: int(60, 1),
  })
  .refine((env) => !env.REDIS_URL || env.DATABASE_URL, {
    message:
      'REDIS_URL needs DATABASE_URL (PostgreSQL): several instances cannot share a SQLite file safely. Set DATABASE_URL, or unset REDIS_URL to run one instance on SQLite',
    path: ['REDIS_URL'],
  })
  .refine((env) => env.PING_INTERVAL_MS >= 2 * (env.SERVER_EVENT_DELAY_MS ?? 0), {
    message:
      'PING_INTERVAL_MS must be at least 2 × SERVER_EVENT_DELAY_MS: a held socket holds its ping too, and a pong that misses the next ping closes a live client',
    path: ['SERVER_EVENT_DELAY_MS'],
  })
  .refine((env) => env.MAX_MESSAGE_BYTES >= env.MAX_DOCUMENT_BYTES, {
    message:
      'MAX_MESSAGE_BYTES must be at least MAX_DOCUMENT_BYTES (a first sync after offline carries a whole document)',
    path: ['MAX_MESSAGE_BYTES'],
  })

export type Env = z.input<typeof envSchema>

export interface Config {
  readonly host: string
  readonly port: number
  readonly publicUrl: string
  /** False when PUBLIC_URL was derived from PORT (then PORT=0 derives it from the real port). */
  readonly publicUrlExplicit: boolean
  readonly allowedOrigins: readonly string[]
  readonly allowedOriginsExplicit: boolean
  readonly dataDir: string
  readonly databaseUrl: string | undefined
  /**
   * PostgreSQL: connections this instance keeps open at most (its pool, shared by every read and
   * write; each instance of a scaled-out deployment has its own).
   */
  readonly databasePoolSize: number
  /**
   * Shared mode (REDIS_URL, with PostgreSQL): documents, presence and server events fan out to the
   * other instances over Redis; the database fills what the bus drops. Absent: one instance.
   */
  readonly redis:
    | {
        readonly url: string
        readonly channelPrefix: string
        readonly gapWaitMs: number
        readonly checkIntervalMs: number
        readonly maxEarlyUpdates: number
        /** How old an orphaned round lock must be before a starting instance releases it. */
        readonly reviewReconcileGraceMs: number
      }
    | undefined
  readonly sqliteSynchronous: 'normal' | 'full'
  readonly sqliteBusyTimeoutMs: number
  /** When the WAL is checkpointed (off the event loop). */
  readonly sqliteCheckpoint: { readonly afterCommits: number; readonly afterBytes: number }
  readonly logLevel: string
  readonly logPretty: boolean
  readonly webDistDir: string | undefined
  /** What `GET /metrics` needs as a bearer token (METRICS_TOKEN, a secret); undefined: open. */
  readonly metricsToken: string | undefined
  readonly limits: {
    readonly maxDocumentBytes: number
    readonly maxMessageBytes: number
    readonly maxAwarenessStateBytes: number
    readonly maxAwarenessClientsPerConnection: number
    /** A client echoes every presence it knows of: at least a full room's (connections × clients each). */
    readonly maxAwarenessEntriesPerMessage: number
    readonly awarenessUpdatesPerSecond: number
    readonly awarenessBurst: number
    readonly maxConnectionsPerRoom: number
    /** Websockets one user may hold open to one document, and across all documents. */
    readonly maxConnectionsPerUserPerDocument: number
    readonly maxConnectionsPerUser: number
    /** Server-sent event streams one session, and one user, may hold open. */
    readonly maxEventStreamsPerSession: number
    readonly maxEventStreamsPerUser: number
    /** Bytes an event stream may have waiting for a slow reader before it is ended. */
    readonly maxEventStreamBufferedBytes: number
    /**
     * Open connections authorized again at once when every one must be (shared mode, after the bus
     * lost events): each is a session and membership read, and thousands at once would queue the
     * database and every request behind them.
     */
    readonly accessRechecksAtOnce: number
    readonly maxPendingMessages: number
    readonly maxPendingBytes: number
    readonly maxBufferedBytes: number
    readonly syncRequestsPerSecond: number
    readonly syncRequestsBurst: number
    /**
     * Comment requests one connection may have open at once (each waits for a write transaction);
     * past it, the request is answered 429 at once. The per-user bucket of comment writes applies
     * besides, as on the API.
     */
    readonly maxCommentRequestsInFlight: number
    /** MAX_BODY_BYTES again, for the collaboration layer: a comment request's JSON is a body. */
    readonly maxCommentRequestBytes: number
    /**
     * Comment threads one document may hold, and comments (deleted ones included) one thread may
     * hold; past either, starting or replying is refused with 409. Bounds what listing a
     * document's threads loads and sends.
     */
    readonly maxThreadsPerDocument: number
    readonly maxCommentsPerThread: number
    /**
     * Comments (openers included, deleted ones too: their rows stay) and characters of their bodies
     * one party may write on one document: what bounds the thread list a reader is sent, which has
     * no paging. Per party, like the thread cap: a refusal never depends on another party's
     * internal threads, and no party can use up another's room.
     */
    readonly maxCommentsPerDocument: number
    readonly maxCommentCharsPerDocument: number
    /**
     * Writes to threads and comments (start, reply, edit, delete, resolve, reopen) one user may make,
     * as a token bucket: each is stored, announced to every open client that may see it and
     * counted, so one account must not be able to keep the server and everyone's sockets busy.
     */
    readonly commentWritesPerMinute: number
    readonly commentWritesBurst: number
    /**
     * PostgreSQL: how long a write to a document's discussion waits for its turn among this
     * instance's writes to that document, and then for each lock in the database (its advisory
     * lock, SPEC C8, C9); past either, 503 `request.write_timed_out` with Retry-After and nothing
     * written. SQLite writes never wait for these.
     */
    readonly discussionLockTimeoutMs: number
    /**
     * Costly document actions one user may take (sign-off steps, versions, diffs, exports, share
     * links), as a token bucket: each copies, hashes or compares whole documents.
     */
    readonly documentActionsPerMinute: number
    readonly documentActionsBurst: number
    /**
     * A member's exports made at once: a Word or PDF file of a long document takes seconds and
     * hundreds of MiB while it is made, and the token bucket alone lets a burst run side by side.
     */
    readonly exportsAtOncePerUser: number
    /** Versions one document may hold (round versions and named ones): each is a full copy. */
    readonly maxVersionsPerDocument: number
    /** Follow-up items one final decision may carry: each is listed with its history. */
    readonly maxFollowUpsPerDocument: number
    /** Notes one follow-up item's history may hold: every list carries them. */
    readonly maxNotesPerFollowUp: number
    /** Items one follow-up list answers with (overview, mine): the most pressing first. */
    readonly maxFollowUpsListed: number
    /** Notes each item of a list carries (its latest); one item's own answer carries all. */
    readonly followUpNotesListed: number
    /** Writes to follow-up items one user may make, as a token bucket (each is stored and announced). */
    readonly followUpWritesPerMinute: number
    readonly followUpWritesBurst: number
    /** Meetings one workspace may hold (the list has no paging). */
    readonly maxMeetingsPerWorkspace: number
    /** Items one meeting's agenda may hold: each is read, presented and sent on every change. */
    readonly maxAgendaItemsPerMeeting: number
    /**
     * Writes to meetings (agenda, outcomes, attendance, status) one user may make, as a token
     * bucket: each is stored and makes every open meeting page read the meeting again.
     */
    readonly meetingWritesPerMinute: number
    readonly meetingWritesBurst: number
    /**
     * Live draft pages held open by public readers, in all and from one client address (no
     * account to count by). Each holds a stream that ends after a few minutes and is reopened.
     */
    readonly maxPublicStreams: number
    readonly maxPublicStreamsPerAddress: number
    /**
     * Live draft pages held open through one share link: a link that leaks (posted where it was
     * not meant to be) cannot take the places of every other document's readers. Sized to hold a
     * big public meeting's audience on one link (the benchmark's 1,000 readers, twice over) while
     * leaving most of MAX_PUBLIC_STREAMS to everyone else.
     */
    readonly maxPublicStreamsPerLink: number
    /**
     * Drafts whose committed content and article are kept rendered for public pages, live readers
     * and exports (each entry is one document's text, so the bound is on memory too).
     */
    readonly publicDraftCacheEntries: number
    /** A watched draft's article is rendered for its public readers at most this often. */
    readonly publicLiveIntervalMs: number
    /** What one live public stream may have unsent before it is cut (frames shared by all readers). */
    readonly publicStreamBufferedBytes: number
    /** Requests to public pages one client address may make, as a token bucket (429 past it). */
    readonly publicRequestsPerMinute: number
    readonly publicRequestsBurst: number
    /** Documents a workspace's public index and its feed list at most (the newest decisions). */
    readonly publicIndexMaxEntries: number
  }
  readonly timing: {
    readonly pingIntervalMs: number
    /** How long a server event may wait for the next frame to its socket (soon-writes.ts); 0: none. */
    readonly serverEventDelayMs: number
    /** How long a websocket handshake may take from the upgrade request to an open socket. */
    readonly upgradeTimeoutMs: number
    /** `/readyz`: a dependency's ping not answered by then counts as unavailable. */
    readonly readinessTimeoutMs: number
    /** `/readyz`: how long one round of pings answers every probe. */
    readonly readinessCacheMs: number
    /** How long a client may take to send a request's headers, and the whole request (slowloris). */
    readonly httpHeadersTimeoutMs: number
    readonly httpRequestTimeoutMs: number
    readonly roomUnloadDelayMs: number
    readonly commitRetryBaseMs: number
    readonly commitRetryMaxMs: number
    readonly commitFailureCloseMs: number
    readonly shutdownTimeoutMs: number
    /** How often counted edits are added to `edit_counts` (one batched write; never per keystroke). */
    readonly editCountsFlushMs: number
  }
  readonly auth: {
    /** `undefined`: open until the first account (the instance admin) exists, then by invitation. */
    readonly signup: 'open' | 'invite' | undefined
    /**
     * Whether the first sign-up needs the one-time set-up token (auth/setup-token.ts). SETUP_TOKEN
     * `auto`: when HOST is not a loopback address, i.e. the instance is reachable from a network.
     */
    readonly setupTokenRequired: boolean
    readonly trustProxy: boolean
    readonly secureCookies: boolean
    readonly passwordMinLength: number
    readonly argon2MemoryKib: number
    readonly argon2TimeCost: number
    readonly sessionTtlMs: number
    /** Logins from one client address being checked at once; more are answered 429. */
    readonly maxConcurrentLoginsPerAddress: number
    readonly loginFreeAttempts: number
    readonly loginThrottleBaseMs: number
    readonly loginThrottleMaxMs: number
    readonly loginThrottleResetMs: number
    readonly invitationDefaultHours: number
    readonly invitationDefaultMaxUses: number
    readonly passwordResetTtlMs: number
  }
  /** Who may create workspaces: any signed-in user, or instance admins only (`WORKSPACE_CREATION`). */
  readonly workspaceCreation: 'anyone' | 'admins'
  readonly maxBodyBytes: number
  /** The documents' search index (search/search-indexer.ts, store/search-index.ts). */
  readonly search: {
    /** How long after a document's first unindexed commit its text is indexed (edits in between join it). */
    readonly indexDelayMs: number
    /** Documents read and written per indexing transaction. */
    readonly indexBatchDocuments: number
    /** A failed indexing run is retried after the delay, doubling up to this. */
    readonly indexRetryMaxMs: number
    /**
     * Characters of a document's text that are indexed; the rest is not searchable. Keeps a
     * PostgreSQL tsvector well under its 1 MB limit and an indexing run short.
     */
    readonly maxIndexedChars: number
    readonly maxResults: number
  }
  readonly compaction: {
    readonly afterUpdates: number
    readonly afterBytes: number
    /**
     * Compactions run one at a time; a queued one waits at most this long for the one before it,
     * so a stalled database query cannot stop every later compaction for good.
     */
    readonly waitMs: number
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** The origin of `url` plus its localhost / 127.0.0.1 twin, so either spelling works locally. */
export function defaultOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl)
  const origins = [url.origin]
  for (const [a, b] of [
    ['localhost', '127.0.0.1'],
    ['127.0.0.1', 'localhost'],
  ] as const) {
    if (url.hostname === a) {
      const twin = new URL(url.origin)
      twin.hostname = b
      origins.push(twin.origin)
    }
  }
  return origins
}

/** Whether `host` (a HOST value) only listens on this machine: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '')
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h)
}

/** Parses `env` (by default `process.env`) into a frozen {@link Config}, or throws {@link ConfigError}. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = envSchema.safeParse(cleaned)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`)
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '')
  const allowedOrigins = e.ALLOWED_ORIGINS
    ? e.ALLOWED_ORIGINS.split(',')
        .map((o) => o.trim())
        .filter(Boolean)
    : defaultOrigins(publicUrl)
  for (const origin of allowedOrigins) {
    if (!URL.canParse(origin))
      throw new ConfigError(`Invalid configuration:\n  ALLOWED_ORIGINS: ${origin} is not a URL`)
  }
  const config: Config = {
    host: e.HOST,
    port: e.PORT,
    publicUrl,
    publicUrlExplicit: e.PUBLIC_URL !== undefined,
    allowedOrigins: allowedOrigins.map((o) => new URL(o).origin),
    allowedOriginsExplicit: e.ALLOWED_ORIGINS !== undefined,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    redis: e.REDIS_URL
      ? {
          url: e.REDIS_URL,
          channelPrefix: e.REDIS_CHANNEL_PREFIX,
          gapWaitMs: e.FANOUT_GAP_WAIT_MS,
          checkIntervalMs: e.FANOUT_CHECK_INTERVAL_MS,
          maxEarlyUpdates: e.FANOUT_MAX_EARLY_UPDATES,
          reviewReconcileGraceMs: e.REVIEW_RECONCILE_GRACE_MS,
        }
      : undefined,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    sqliteBusyTimeoutMs: e.SQLITE_BUSY_TIMEOUT_MS,
    sqliteCheckpoint: {
      afterCommits: e.SQLITE_CHECKPOINT_AFTER_COMMITS,
      afterBytes: e.SQLITE_CHECKPOINT_AFTER_BYTES,
    },
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY === 'auto' ? Boolean(process.stdout.isTTY) : e.LOG_PRETTY === 'true',
    webDistDir: e.WEB_DIST_DIR,
    metricsToken: e.METRICS_TOKEN,
    limits: {
      maxDocumentBytes: e.MAX_DOCUMENT_BYTES,
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxAwarenessStateBytes: e.MAX_AWARENESS_STATE_BYTES,
      maxAwarenessClientsPerConnection: e.MAX_AWARENESS_CLIENTS_PER_CONNECTION,
      maxAwarenessEntriesPerMessage: e.MAX_AWARENESS_ENTRIES_PER_MESSAGE,
      awarenessUpdatesPerSecond: e.AWARENESS_UPDATES_PER_SECOND,
      awarenessBurst: e.AWARENESS_BURST,
      maxConnectionsPerRoom: e.MAX_CONNECTIONS_PER_ROOM,
      maxConnectionsPerUserPerDocument: e.MAX_CONNECTIONS_PER_USER_PER_DOCUMENT,
      maxConnectionsPerUser: e.MAX_CONNECTIONS_PER_USER,
      maxEventStreamsPerSession: e.MAX_EVENT_STREAMS_PER_SESSION,
      maxEventStreamsPerUser: e.MAX_EVENT_STREAMS_PER_USER,
      maxEventStreamBufferedBytes: e.MAX_EVENT_STREAM_BUFFERED_BYTES,
      accessRechecksAtOnce: e.ACCESS_RECHECKS_AT_ONCE,
      maxPendingMessages: e.MAX_PENDING_MESSAGES_PER_CONNECTION,
      maxPendingBytes: e.MAX_PENDING_BYTES_PER_CONNECTION,
      maxBufferedBytes: e.MAX_BUFFERED_BYTES_PER_CONNECTION,
      syncRequestsPerSecond: e.SYNC_REQUESTS_PER_SECOND,
      syncRequestsBurst: e.SYNC_REQUESTS_BURST,
      maxCommentRequestsInFlight: e.MAX_COMMENT_REQUESTS_IN_FLIGHT,
      maxCommentRequestBytes: e.MAX_BODY_BYTES,
      maxThreadsPerDocument: e.MAX_THREADS_PER_DOCUMENT,
      maxCommentsPerThread: e.MAX_COMMENTS_PER_THREAD,
      maxCommentsPerDocument: e.MAX_COMMENTS_PER_DOCUMENT,
      maxCommentCharsPerDocument: e.MAX_COMMENT_CHARS_PER_DOCUMENT,
      commentWritesPerMinute: e.COMMENT_WRITES_PER_MINUTE,
      commentWritesBurst: e.COMMENT_WRITES_BURST,
      discussionLockTimeoutMs: e.DISCUSSION_LOCK_TIMEOUT_MS,
      documentActionsPerMinute: e.DOCUMENT_ACTIONS_PER_MINUTE,
      documentActionsBurst: e.DOCUMENT_ACTIONS_BURST,
      exportsAtOncePerUser: e.EXPORTS_AT_ONCE_PER_USER,
      maxVersionsPerDocument: e.MAX_VERSIONS_PER_DOCUMENT,
      maxFollowUpsPerDocument: e.MAX_FOLLOW_UPS_PER_DOCUMENT,
      maxNotesPerFollowUp: e.MAX_NOTES_PER_FOLLOW_UP,
      maxFollowUpsListed: e.MAX_FOLLOW_UPS_LISTED,
      followUpNotesListed: e.FOLLOW_UP_NOTES_LISTED,
      followUpWritesPerMinute: e.FOLLOW_UP_WRITES_PER_MINUTE,
      followUpWritesBurst: e.FOLLOW_UP_WRITES_BURST,
      maxMeetingsPerWorkspace: e.MAX_MEETINGS_PER_WORKSPACE,
      maxAgendaItemsPerMeeting: e.MAX_AGENDA_ITEMS_PER_MEETING,
      meetingWritesPerMinute: e.MEETING_WRITES_PER_MINUTE,
      meetingWritesBurst: e.MEETING_WRITES_BURST,
      maxPublicStreams: e.MAX_PUBLIC_STREAMS,
      maxPublicStreamsPerAddress: e.MAX_PUBLIC_STREAMS_PER_ADDRESS,
      maxPublicStreamsPerLink: e.MAX_PUBLIC_STREAMS_PER_LINK,
      publicDraftCacheEntries: e.PUBLIC_DRAFT_CACHE_ENTRIES,
      publicLiveIntervalMs: e.PUBLIC_LIVE_INTERVAL_MS,
      publicStreamBufferedBytes: e.PUBLIC_STREAM_BUFFERED_BYTES,
      publicRequestsPerMinute: e.PUBLIC_REQUESTS_PER_MINUTE,
      publicRequestsBurst: e.PUBLIC_REQUESTS_BURST,
      publicIndexMaxEntries: e.PUBLIC_INDEX_MAX_ENTRIES,
    },
    timing: {
      pingIntervalMs: e.PING_INTERVAL_MS,
      // 100 ms by default: in the busy day (an edit to each socket every 50 ms on average) an
      // event then rides an edit's write on about seven sockets in eight, against five in eight
      // at 50 ms, and each one left to the timer is a system call of its own (docs/performance.md).
      serverEventDelayMs:
        e.SERVER_EVENT_DELAY_MS ?? Math.min(MAX_SERVER_EVENT_DELAY_MS, Math.floor(e.PING_INTERVAL_MS / 2)),
      upgradeTimeoutMs: e.UPGRADE_TIMEOUT_MS,
      readinessTimeoutMs: e.READINESS_TIMEOUT_MS,
      readinessCacheMs: e.READINESS_CACHE_MS,
      httpHeadersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      httpRequestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT_MS, e.HTTP_HEADERS_TIMEOUT_MS),
      roomUnloadDelayMs: e.ROOM_UNLOAD_DELAY_MS,
      commitRetryBaseMs: e.COMMIT_RETRY_BASE_MS,
      commitRetryMaxMs: e.COMMIT_RETRY_MAX_MS,
      commitFailureCloseMs: e.COMMIT_FAILURE_CLOSE_MS,
      shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
      editCountsFlushMs: e.EDIT_COUNTS_FLUSH_MS,
    },
    compaction: {
      afterUpdates: e.COMPACT_AFTER_UPDATES,
      afterBytes: e.COMPACT_AFTER_BYTES,
      waitMs: e.COMPACTION_WAIT_MS,
    },
    auth: {
      signup: e.SIGNUP,
      // Listening on loopback is not enough to be unreachable: behind a proxy on the same machine
      // (TRUST_PROXY, or a PUBLIC_URL that is not loopback) the network reaches it all the same.
      setupTokenRequired:
        e.SETUP_TOKEN === 'required' ||
        (e.SETUP_TOKEN === 'auto' &&
          (!isLoopbackHost(e.HOST) ||
            !isLoopbackHost(new URL(publicUrl).hostname) ||
            e.TRUST_PROXY === 'true')),
      trustProxy: e.TRUST_PROXY === 'true',
      secureCookies: publicUrl.startsWith('https:'),
      passwordMinLength: e.PASSWORD_MIN_LENGTH,
      argon2MemoryKib: e.ARGON2_MEMORY_KIB,
      argon2TimeCost: e.ARGON2_TIME_COST,
      sessionTtlMs: Math.round(e.SESSION_TTL_DAYS * 24 * 3_600_000),
      maxConcurrentLoginsPerAddress: e.MAX_CONCURRENT_LOGINS_PER_ADDRESS,
      loginFreeAttempts: e.LOGIN_FREE_ATTEMPTS,
      loginThrottleBaseMs: e.LOGIN_THROTTLE_BASE_MS,
      loginThrottleMaxMs: e.LOGIN_THROTTLE_MAX_MS,
      loginThrottleResetMs: e.LOGIN_THROTTLE_RESET_MS,
      invitationDefaultHours: e.INVITATION_DEFAULT_HOURS,
      invitationDefaultMaxUses: e.INVITATION_DEFAULT_MAX_USES,
      passwordResetTtlMs: e.PASSWORD_RESET_TTL_MINUTES * 60_000,
    },
    workspaceCreation: e.WORKSPACE_CREATION,
    maxBodyBytes: e.MAX_BODY_BYTES,
    search: {
      indexDelayMs: e.SEARCH_INDEX_DELAY_MS,
      indexBatchDocuments: e.SEARCH_INDEX_BATCH_DOCUMENTS,
      indexRetryMaxMs: e.SEARCH_INDEX_RETRY_MAX_MS,
      maxIndexedChars: e.MAX_SEARCH_INDEXED_CHARS,
      maxResults: e.MAX_SEARCH_RESULTS,
    },
  }
  return deepFreeze(config)
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (v && typeof v === 'object') deepFreeze(v)
  return Object.freeze(value)
}

/**
 * The configuration for a command (the server, a CLI), or null after printing why it is wrong, with
 * anything secret in the message masked (the caller exits with its own code).
 */
export function loadConfigOrExplain(env: NodeJS.ProcessEnv = process.env): Config | null {
  try {
    return loadConfig(env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(maskSecrets(error.message))
    return null
  }
}
