/**
 * HTTP errors with stable ids: `{ "error": { "id", "message" } }` and the right status. Routes throw
 * {@link ApiError}; `onError` turns it (and anything unexpected) into that shape. A store's errors
 * that say something to the caller become theirs here too ({@link apiErrorOf}).
 */
import { ErrorId } from '@trepart/shared'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'pino'
import { LockTimeout } from '../store/steps.js'
import type { AppEnv } from './context.js'

export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: ContentfulStatusCode,
    readonly id: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
  }
}

export const errors = {
  notFound: () => new ApiError(404, ErrorId.NotFound, 'Not found'),
  unauthenticated: () => new ApiError(401, ErrorId.Unauthenticated, 'Sign in first'),
  forbidden: () => new ApiError(403, ErrorId.Forbidden, 'Your role does not allow this'),
  crossSite: () => new ApiError(403, ErrorId.CrossSite, 'Cross-site requests are not allowed'),
  invalid: (message: string) => new ApiError(400, ErrorId.Invalid, message),
  upgradeRequired: () => new ApiError(426, 'collab.upgrade_required', 'This endpoint speaks websocket only'),
  invalidDocumentId: () => new ApiError(400, 'document.invalid_id', 'Invalid document id'),
  forbiddenOrigin: () => new ApiError(403, 'request.forbidden_origin', 'Origin not allowed'),
  notReady: (away: readonly string[] = ['database']) =>
    new ApiError(503, 'server.not_ready', `Not reachable: ${away.join(', ')}`),
  metricsUnauthorized: () =>
    new ApiError(401, 'metrics.unauthorized', 'Metrics need the bearer token set in METRICS_TOKEN', {
      'WWW-Authenticate': 'Bearer realm="metrics"',
    }),
  tooLarge: () => new ApiError(413, ErrorId.TooLarge, 'Request body too large'),
  /** Retry after as long as the write waited: sooner, a retry would most likely wait as long again. */
  writeTimedOut: (waitedMs: number) =>
    new ApiError(
      503,
      ErrorId.WriteTimedOut,
      'Waited too long for the writes before this one; nothing was written, try again',
      { 'retry-after': String(Math.max(1, Math.ceil(waitedMs / 1000))) },
    ),
} as const

/**
 * What `err` answers the caller: itself when an {@link ApiError}; a store's error that says
 * something to the caller as its own (a write that waited too long for a lock or its turn: 503);
 * undefined for every other error, which is the server's own (500).
 */
export function apiErrorOf(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err
  if (err instanceof LockTimeout) return errors.writeTimedOut(err.timeoutMs)
  return undefined
}

/** A body, query or request that failed its schema: 400 naming the first problem and where it is. */
export function invalidInput(
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>,
): ApiError {
  const issue = issues[0]
  return errors.invalid(`${issue?.path.map(String).join('.') || 'body'}: ${issue?.message ?? 'invalid'}`)
}

export function errorBody(id: string, message: string) {
  return { error: { id, message } }
}

export function handleError(log: Logger) {
  return (err: Error, c: Context<AppEnv>) => {
    const known = apiErrorOf(err)
    // Many of these say the database is slow or stuck: the operator hears of them (never the body).
    if (err instanceof LockTimeout)
      log.warn({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path }, err.message)
    if (known) {
      for (const [k, v] of Object.entries(known.headers)) c.header(k, v)
      return c.json(errorBody(known.id, known.message), known.status)
    }
    if (err instanceof HTTPException) {
      const status = err.status as ContentfulStatusCode
      const id =
        status === 413 ? ErrorId.TooLarge : status === 415 ? ErrorId.UnsupportedMediaType : ErrorId.Invalid
      return c.json(errorBody(id, err.message || 'Invalid request'), status)
    }
    log.error({ err, requestId: c.get('requestId') }, 'unhandled error')
    return c.json(errorBody(ErrorId.Internal, 'Internal error'), 500)
  }
}
