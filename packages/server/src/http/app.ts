/**
 * The Hono application: operations endpoints, the collaboration websocket route, and the web app.
 * Order matters: API and collab routes come before the web app's catch-all.
 */
import { Hono } from 'hono'
import type { Logger } from 'pino'
import type { DocumentStore } from '../store/document-store.js'
import type { CollabWebSocket } from '../ws-adapter.js'
import { errorBody, errors, handleError } from './errors.js'
import { requestLog } from './request-log.js'
import { mountWebApp } from './web-app.js'

export interface AppDeps {
  store: DocumentStore
  collab: CollabWebSocket
  webDistDir: string
  log: Logger
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono()
  app.onError(handleError(deps.log))
  app.use('*', requestLog(deps.log))

  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    try {
      await deps.store.ping()
      return c.json({ status: 'ready' })
    } catch (error) {
      deps.log.warn({ err: error }, 'readiness check failed')
      const e = errors.notReady()
      return c.json(errorBody(e.id, e.message), e.status)
    }
  })

  const [checkUpgrade, upgrade] = deps.collab.handlers
  app.get('/collab/:documentId', checkUpgrade!, upgrade!)
  app.all('/collab/*', (c) => {
    const e = errors.invalidDocumentId()
    return c.json(errorBody(e.id, e.message), e.status)
  })
  app.all('/api/*', (c) => {
    const e = errors.notFound()
    return c.json(errorBody(e.id, e.message), e.status)
  })

  mountWebApp(app, deps.webDistDir)
  return app
}
