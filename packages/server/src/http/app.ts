/**
 * The Hono application: operations endpoints, the API (auth → validation → handler → permission
 * check → presenter), the collaboration websocket route, and the web app. Order matters: API and
 * collab routes come before the web app's catch-all.
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Logger } from 'pino'
import type { Metrics } from '../metrics.js'
import type { Services } from '../services.js'
import type { DocumentStore } from '../store/document-store.js'
import type { CollabWebSocket } from '../ws-adapter.js'
import type { AppEnv } from './context.js'
import { errorBody, errors, handleError, invalidInput } from './errors.js'
import { requireBearerToken } from './middleware/bearer-token.js'
import { bodyLimit } from './middleware/body-limit.js'
import { collabUpgradesOnly } from './middleware/collab-upgrades-only.js'
import { sameOrigin } from './middleware/same-origin.js'
import { securityHeaders } from './middleware/security-headers.js'
import { loadSession } from './middleware/session.js'
import { FinalAnswers } from './public-answers.js'
import { Readiness } from './readiness.js'
import { requestLog } from './request-log.js'
import { auditRoutes } from './routes/audit.js'
import { authRoutes } from './routes/auth.js'
import { documentRoutes } from './routes/documents.js'
import { followUpRoutes } from './routes/follow-ups.js'
import { invitationRoutes } from './routes/invitations.js'
import { meRoutes } from './routes/me.js'
import { meetingAgendaRoutes } from './routes/meeting-agenda.js'
import { meetingEventRoutes } from './routes/meeting-events.js'
import { meetingKit } from './routes/meeting-kit.js'
import { meetingRecordRoutes } from './routes/meeting-records.js'
import { meetingRoutes } from './routes/meetings.js'
import { participationRoutes } from './routes/participation.js'
import { publicConfigRoutes } from './routes/public-config.js'
import { mountPublicIndex } from './routes/public-index.js'
import { mountPublicPages } from './routes/public-pages.js'
import { searchRoutes } from './routes/search.js'
import { shareLinkRoutes } from './routes/share-links.js'
import { signOffRoutes } from './routes/sign-off.js'
import { threadRoutes } from './routes/threads.js'
import { versionRoutes } from './routes/versions.js'
import { workspaceEventRoutes } from './routes/workspace-events.js'
import { workspaceRoutes } from './routes/workspaces.js'
import { mountWebApp } from './web-app.js'

export interface AppDeps {
  store: DocumentStore
  services: Services
  collab: CollabWebSocket
  /** Shared mode: readiness needs Redis too. */
  bus?: { ping(): Promise<void> }
  /** What `GET /metrics` shows. */
  metrics: Metrics
  webDistDir: string
  allowedOrigins: readonly string[]
  log: Logger
}

/** The API routes alone; its type is what the web app's `hc` client is typed from. */
export function createApi(services: Services) {
  // One per API: the meeting route files share its write bucket and reads.
  const meetingShared = meetingKit(services)
  return new OpenAPIHono<AppEnv>()
    .route('/', authRoutes(services))
    .route('/', meRoutes(services))
    .route('/', workspaceRoutes(services))
    .route('/', invitationRoutes(services))
    .route('/', documentRoutes(services))
    .route('/', searchRoutes(services))
    .route('/', threadRoutes(services))
    .route('/', participationRoutes(services))
    .route('/', followUpRoutes(services))
    .route('/', signOffRoutes(services))
    .route('/', versionRoutes(services))
    .route('/', auditRoutes(services))
    .route('/', shareLinkRoutes(services))
    .route('/', publicConfigRoutes(services))
    .route('/', workspaceEventRoutes(services))
    .route('/', meetingRoutes(services, meetingShared))
    .route('/', meetingAgendaRoutes(services, meetingShared))
    .route('/', meetingRecordRoutes(services, meetingShared))
    .route('/', meetingEventRoutes(services, meetingShared))
}

export type Api = ReturnType<typeof createApi>

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({
    // A body or query that fails its schema: 400 with the first problem, in the one error shape.
    defaultHook: (result, c) => {
      if (!result.success) {
        const e = invalidInput(result.error.issues)
        return c.json(errorBody(e.id, e.message), e.status)
      }
    },
  })
  app.onError(handleError(deps.log))
  app.use('*', requestLog(deps.log))
  app.use('*', collabUpgradesOnly)
  app.use('*', securityHeaders(deps.services, deps.allowedOrigins))

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  const bus = deps.bus
  const readiness = new Readiness(
    [
      { name: 'database', ping: () => deps.store.ping() },
      // Shared mode: an instance that cannot reach Redis would take edits its neighbours never hear of live.
      ...(bus ? [{ name: 'redis', ping: () => bus.ping() }] : []),
    ],
    {
      timeoutMs: deps.services.config.timing.readinessTimeoutMs,
      cacheMs: deps.services.config.timing.readinessCacheMs,
    },
    deps.log,
  )
  app.get('/readyz', async (c) => {
    const checks = await readiness.check()
    if (Object.values(checks).every((v) => v === 'ok')) return c.json({ status: 'ready', checks })
    const e = errors.notReady(Object.keys(checks).filter((k) => checks[k] !== 'ok'))
    return c.json({ ...errorBody(e.id, e.message), checks }, e.status)
  })

  // Counts only, never a document, user or name. Behind METRICS_TOKEN when it is set; the proxy in
  // infra/ also keeps it from the outside.
  const metricsToken = deps.services.config.metricsToken
  if (metricsToken) app.use('/metrics', requireBearerToken(metricsToken, errors.metricsUnauthorized))
  app.get('/metrics', async (c) => {
    c.header('Cache-Control', 'no-store')
    c.header('Content-Type', deps.metrics.contentType)
    return c.body(await deps.metrics.text())
  })

  const [checkUpgrade, upgrade] = deps.collab.handlers
  app.get('/collab/:documentId', checkUpgrade!, upgrade!)
  app.all('/collab/*', (c) => {
    const e = errors.invalidDocumentId()
    return c.json(errorBody(e.id, e.message), e.status)
  })

  app.use('/api/*', bodyLimit(deps.services.config.maxBodyBytes))
  app.use('/api/*', sameOrigin(deps.allowedOrigins))
  app.use('/api/*', loadSession(deps.services))
  app.route('/', createApi(deps.services))
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Trepart API', version: '1' },
  })
  app.all('/api/*', (c) => {
    const e = errors.notFound()
    return c.json(errorBody(e.id, e.message), e.status)
  })

  // One set of final pages and export places for both ways of reaching a final document; the
  // workspace index first, since `/p/:token/*` would take `/p/w/…` for a token.
  const finals = new FinalAnswers(deps.services)
  mountPublicIndex(app as never, deps.services, finals)
  mountPublicPages(app as never, deps.services, finals)
  mountWebApp(app as never, deps.webDistDir)
  return app
}
