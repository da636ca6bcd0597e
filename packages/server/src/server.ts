/**
 * Starts one Trepart instance: database, group committer, room registry, websocket server and HTTP
 * app on one port. `close()` stops cleanly: stops accepting, commits everything pending, closes
 * sockets with "going away", closes the database.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createAdaptorServer } from '@hono/node-server'
import type { DocumentStatus } from '@trepart/shared'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AuthorizeUpgrade } from './auth/authorize-upgrade.js'
import { sessionUpgradeAuthorizer } from './auth/session-upgrade.js'
import { SetupToken } from './auth/setup-token.js'
import { syncAccessChanges } from './collab/access-sync.js'
import { deliverDocumentEvents } from './collab/document-events.js'
import { EditCounter } from './collab/edit-counter.js'
import { FanoutSync } from './collab/fanout-sync.js'
import { RoomRegistry } from './collab/room-registry.js'
import { DocumentStatusSync } from './collab/status-sync.js'
import { type Config, defaultOrigins } from './config.js'
import { createApp } from './http/app.js'
import { presentDocument } from './http/presenters.js'
import { SocketComments } from './http/socket-comments.js'
import { createLogger } from './logger.js'
import { Metrics } from './metrics.js'
import { DraftHeads } from './public/draft-heads.js'
import { InProcessPubSub, type PubSub } from './pubsub/pubsub.js'
import { RedisBus } from './pubsub/redis-bus.js'
import { SearchIndexer } from './search/search-indexer.js'
import { createServices, type Services } from './services.js'
import type { ContentSource } from './store/committed-content.js'
import { openDatabase } from './store/database.js'
import { type DocumentStore, KyselyDocumentStore } from './store/document-store.js'
import { GroupCommitter } from './store/group-committer.js'
import type { Database } from './store/schema.js'
import { SearchIndex } from './store/search-index.js'
import { gateUpgrades } from './upgrade-gate.js'
import { createCollabWebSocket } from './ws-adapter.js'

export interface StartOptions {
  config: Config
  log?: Logger
  /** Replaces the session check on websocket upgrades (tests of the collab core alone). */
  authorizeUpgrade?: AuthorizeUpgrade
  /** PostgreSQL schema (tests give each file its own). */
  pgSchema?: string
}

export interface TrepartServer {
  readonly url: string
  readonly port: number
  readonly registry: RoomRegistry
  readonly committer: GroupCommitter
  readonly store: DocumentStore
  readonly services: Services
  readonly pubsub: PubSub
  /** Shared mode: the Redis bus (null on one instance). */
  readonly bus: RedisBus | null
  /** Shared mode: how rooms follow the other instances (undefined on one instance). */
  readonly fanout: FanoutSync | undefined
  /** Keeps the search index current; `searchIndex.whenIdle()` waits until it has caught up. */
  readonly searchIndex: SearchIndexer
  /** What `GET /metrics` shows; the collab and fan-out code report into it. */
  readonly metrics: Metrics
  /** The database, for operations tooling and test setup (e.g. expiring a session). */
  readonly db: Kysely<Database>
  readonly sqliteFile: string | undefined
  /** Websockets the adapter is tracking (for leak checks). */
  readonly socketCount: number
  /** Stops cleanly; resolves with the documents that could not be stored (empty when all is well). */
  close(): Promise<{ unsavedDocuments: string[] }>
}

const defaultWebDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist')

export async function startServer(options: StartOptions): Promise<TrepartServer> {
  const { config } = options
  const log = options.log ?? createLogger(config)
  const opened = await openDatabase({
    databaseUrl: config.databaseUrl,
    pgPoolSize: config.databasePoolSize,
    pgSchema: options.pgSchema,
    dataDir: config.dataDir,
    sqliteSynchronous: config.sqliteSynchronous,
    sqliteBusyTimeoutMs: config.sqliteBusyTimeoutMs,
    sqliteCheckpoint: config.sqliteCheckpoint,
    log,
  })
  const store = KyselyDocumentStore.for(opened)
  // Scaled out, a round's lock must hold against writes another instance took (SPEC S4).
  store.refuseLocked = config.redis !== undefined
  // Shared mode: server events and documents fan out to the other instances over Redis.
  const bus = config.redis
    ? new RedisBus({ url: config.redis.url, channelPrefix: config.redis.channelPrefix }, log)
    : null
  if (bus) {
    try {
      await bus.start()
    } catch (error) {
      await bus.close()
      await store.close()
      throw new Error('Redis (REDIS_URL) could not be reached', { cause: error })
    }
  }
  const pubsub: PubSub = bus
    ? bus.pubsub
    : new InProcessPubSub((err, event) =>
        log.error({ err, event: (event as { type?: unknown })?.type }, 'event handler failed'),
      )
  // Reads a document's committed content from its loaded room (the registry, made below; only
  // ever asked from a timer or a request, after start) or else from the store. Scaled out, always
  // from the store: a room here may not have applied what another instance committed just before
  // (a round's frozen text must hold every write committed before the lock, wherever it was).
  const content: ContentSource = {
    roomDoc: (id) => (bus ? undefined : registry.rooms.get(id)?.doc),
    load: (id) => store.load(id),
  }
  const searchIndexer = new SearchIndexer(
    new SearchIndex(opened.db, opened.dialect),
    content,
    config.search,
    log,
  )
  const services = createServices(
    opened.db,
    opened.dialect,
    config,
    log,
    pubsub,
    searchIndexer,
    content,
    opened.stepDatabase,
  )
  // One instance: nothing else can be between a round's two steps now. Several: only old locks.
  const unlocked = await services.signOff.reconcileReviews(config.redis?.reviewReconcileGraceMs ?? 0)
  if (unlocked.length > 0)
    log.warn({ documents: unlocked }, 'documents left in review without a round are drafts again')
  services.setupToken = await SetupToken.prepare({
    required: config.auth.setupTokenRequired,
    dataDir: config.dataDir,
    users: services.users,
    log,
  })
  const touchUpdatedAt = throttledTouch(services)
  // The gauges read the registry (made below) only when scraped, after start.
  const metrics = new Metrics({
    connections: () => registry.connectionCount,
    rooms: () => registry.rooms.size,
  })
  const committer = new GroupCommitter(
    store,
    {
      retryBaseMs: config.timing.commitRetryBaseMs,
      retryMaxMs: config.timing.commitRetryMaxMs,
      failureCloseMs: config.timing.commitFailureCloseMs,
      observer: metrics,
    },
    log,
  )
  const fanout =
    bus && config.redis
      ? new FanoutSync(
          bus,
          store,
          {
            gapWaitMs: config.redis.gapWaitMs,
            checkIntervalMs: config.redis.checkIntervalMs,
            maxEarlyUpdates: config.redis.maxEarlyUpdates,
            onReceived: (lagMs) => metrics.fanoutReceived(lagMs),
            onGapFilled: (updates) => metrics.gapFilled(updates),
            // What another instance wrote is news for this instance's public readers of the draft too.
            onRemoteContent: (documentId) => {
              services.draftContent.changed(documentId)
              services.draftFeed.contentChanged(documentId)
            },
          },
          log,
        )
      : undefined
  // Edits per party, counted here on commit and stored in batches (never a write per keystroke).
  const editCounter = new EditCounter(
    (rows) => services.participation.addEdits(rows),
    config.timing.editCountsFlushMs,
    log,
  )
  const registry = new RoomRegistry(
    store,
    committer,
    {
      ...(fanout ? { fanout } : {}),
      limits: config.limits,
      roomUnloadDelayMs: config.timing.roomUnloadDelayMs,
      upgradeTimeoutMs: config.timing.upgradeTimeoutMs,
      compactAfterUpdates: config.compaction.afterUpdates,
      compactAfterBytes: config.compaction.afterBytes,
      compactionWaitMs: config.compaction.waitMs,
      comments: new SocketComments(services, log),
      // On every committed write. None waits for anything: the public pages' copy of the draft
      // is dropped first (it must never outlive the write), updatedAt moves at most once a
      // minute, and the search index only marks the document for a later, batched run.
      onContentCommitted: (documentId, writer) => {
        // The party the server admitted the writer with; connections without one (the collab
        // core's own tests) count for nobody.
        if (writer.workspaceId && writer.party)
          editCounter.count(documentId, writer.workspaceId, writer.party)
        services.draftContent.changed(documentId)
        touchUpdatedAt(documentId)
        searchIndexer.markDirty(documentId)
        services.draftFeed.contentChanged(documentId)
      },
    },
    log,
  )
  const statusSync = new DocumentStatusSync(
    registry,
    async (documentId) =>
      ((await services.documents.byId(documentId))?.status as DocumentStatus | undefined) ?? null,
    log,
  )
  services.rooms = {
    async syncStatus(documentId, options = {}) {
      await statusSync.sync(documentId)
      // Locked from here on: the room's pending writes can only go down to none.
      if (options.thenIdle) await registry.rooms.get(documentId)?.whenIdle()
    },
    async seed(documentId, update) {
      await store.append([{ documentId, data: update }])
      services.draftContent.changed(documentId)
    },
  }
  const unsubscribeAccess = syncAccessChanges(pubsub, registry)
  const unsubscribeDocuments = deliverDocumentEvents(pubsub, registry, statusSync)
  const unsubscribeDrafts = pubsub.documents.subscribe((event) => {
    if (event.type === 'document.changed' && event.change === 'metadata')
      services.draftFeed.metadataChanged(event.document.id)
  })
  // Filled in once the port is known when PORT=0 left PUBLIC_URL to be derived.
  const allowedOrigins = [...config.allowedOrigins]
  const collab = createCollabWebSocket({
    registry,
    authorizeUpgrade: options.authorizeUpgrade ?? sessionUpgradeAuthorizer(services),
    allowedOrigins,
    maxMessageBytes: config.limits.maxMessageBytes,
    maxBufferedBytes: config.limits.maxBufferedBytes,
    pingIntervalMs: config.timing.pingIntervalMs,
    eventDelayMs: config.timing.serverEventDelayMs,
    rechecksAtOnce: config.limits.accessRechecksAtOnce,
    log,
  })
  const app = createApp({
    store,
    services,
    collab,
    ...(bus ? { bus } : {}),
    metrics,
    webDistDir: config.webDistDir ?? defaultWebDist,
    allowedOrigins,
    log,
  })
  const draftHeads = bus
    ? new DraftHeads(
        {
          heads: (ids) => store.heads(ids),
          documents: () => [...services.draftContent.documents(), ...services.draftFeed.documents()],
          moved: (documentId) => {
            services.draftContent.changed(documentId)
            services.draftFeed.contentChanged(documentId)
          },
        },
        config.limits.publicLiveIntervalMs,
        log,
      )
    : null
  // After a Redis outage, access events published meanwhile are lost: every open connection is
  // authorized again from the database (and the rooms catch up, FanoutSync).
  const stopRecheckOnReconnect =
    bus?.onReconnect(() => {
      metrics.redisReconnected()
      collab.recheckAll()
    }) ?? (() => {})
  const server = createAdaptorServer({ fetch: app.fetch, websocket: { server: collab.wss } }) as Server
  // Node's defaults (60 s for headers, 300 s for a request) let a trickling client hold a socket
  // for minutes; an event stream's response is not covered (its request is complete at once).
  server.headersTimeout = config.timing.httpHeadersTimeoutMs
  server.requestTimeout = config.timing.httpRequestTimeoutMs
  gateUpgrades(server, {
    pathPrefix: '/collab/',
    timeoutMs: config.timing.upgradeTimeoutMs,
    isWebSocket: collab.isWebSocket,
  })
  // Malformed HTTP or a reset during the handshake: answer 400 / drop the socket, never crash.
  server.on('clientError', (err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
    log.debug({ err }, 'client error')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  await searchIndexer.catchUp()
  const port = (server.address() as AddressInfo).port
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host
  const derived = config.port === 0 && !config.publicUrlExplicit
  const url = derived ? `http://${hostForUrl}:${port}` : config.publicUrl
  services.publicUrl = url
  if (derived && !config.allowedOriginsExplicit) {
    allowedOrigins.splice(0, allowedOrigins.length, ...defaultOrigins(`http://localhost:${port}`))
  }

  let closing: Promise<{ unsavedDocuments: string[] }> | null = null
  return {
    url,
    port,
    registry,
    committer,
    store,
    services,
    pubsub,
    bus,
    fanout,
    searchIndex: searchIndexer,
    metrics,
    db: opened.db,
    sqliteFile: opened.sqliteFile,
    get socketCount() {
      return collab.socketCount
    },
    close() {
      closing ??= (async () => {
        // Stop accepting: new HTTP requests and upgrades are refused from here on.
        const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()))
        const result = await registry.shutdown(config.timing.shutdownTimeoutMs)
        unsubscribeAccess()
        unsubscribeDocuments()
        unsubscribeDrafts()
        stopRecheckOnReconnect()
        draftHeads?.close()
        await bus?.close()
        services.draftFeed.close()
        collab.close()
        server.closeAllConnections()
        await serverClosed
        // After the rooms' last commits (they marked their documents), before the database closes.
        let indexTimer: NodeJS.Timeout | undefined
        await Promise.race([
          searchIndexer.close(),
          new Promise<void>((resolve) => {
            indexTimer = setTimeout(resolve, config.timing.shutdownTimeoutMs)
          }),
        ])
        clearTimeout(indexTimer)
        // The rooms' last commits were counted: stored now, before the database closes.
        await editCounter.close().catch((err: unknown) => log.warn({ err }, 'edit counts not stored'))
        await store.close()
        return result
      })()
      return closing
    },
  }
}

/** Content edits move a document's updatedAt, at most about once a minute per document. */
function throttledTouch(services: Services, intervalMs = 60_000): (documentId: string) => void {
  const last = new Map<string, number>()
  return (documentId) => {
    const now = Date.now()
    if (now - (last.get(documentId) ?? 0) < intervalMs) return
    last.set(documentId, now)
    if (last.size > 10_000) {
      for (const [id, at] of last) if (now - at >= intervalMs) last.delete(id)
    }
    void (async () => {
      await services.documents.touch(documentId, now)
      const row = await services.documents.byId(documentId)
      if (row)
        services.pubsub.documents.publish({
          type: 'document.changed',
          workspaceId: row.workspace_id,
          document: presentDocument(row),
          change: 'content',
        })
    })().catch((err: unknown) => services.log.warn({ err, documentId }, 'updatedAt not moved'))
  }
}
