/**
 * HTTP errors with stable ids: `{ "error": { "id", "message" } }` and the right status. Routes throw
 * {@link ApiError}; `onError` turns it (and anything unexpected) into that shape.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'pino'

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: ContentfulStatusCode,
    readonly id: string,
    message: string,
  ) {
    super(message)
  }
}

export const errors = {
  notFound: () => new ApiError(404, 'not_found', 'Not found'),
  upgradeRequired: () => new ApiError(426, 'collab.upgrade_required', 'This endpoint speaks websocket only'),
  invalidDocumentId: () => new ApiError(400, 'document.invalid_id', 'Invalid document id'),
  forbiddenOrigin: () => new ApiError(403, 'request.forbidden_origin', 'Origin not allowed'),
  notReady: () => new ApiError(503, 'server.not_ready', 'Database not reachable'),
} as const

export function errorBody(id: string, message: string) {
  return { error: { id, message } }
}

export function handleError(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof ApiError) return c.json(errorBody(err.id, err.message), err.status)
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode
      return c.json(errorBody(status === 413 ? 'request.too_large' : 'request.invalid', err.message), status)
    }
    log.error({ err, requestId: c.get('requestId' as never) }, 'unhandled error')
    return c.json(errorBody('server.internal', 'Internal error'), 500)
  }
}
