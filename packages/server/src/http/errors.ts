/**
 * HTTP errors with stable ids: `{ "error": { "id", "message" } }` and the right status. Routes throw
 * {@link ApiError}; `onError` turns it (and anything unexpected) into that shape.
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
  busy: () =>
    new ApiError(503, ErrorId.Busy, 'Too many writes here at once; nothing was written, try again', {
      'retry-after': '1',
    }),
} as const

/**
 * A store's error that says something to the caller, as its answer (a lock waited for past its
 * timeout: 503, retry); undefined for every other error, which is the server's own (500). Logged
 * here, without the request's content: many of them say the database is slow or stuck.
 */
export function storeErrorAnswer(err: unknown, log: Logger, context: object): ApiError | undefined {
  if (!(err instanceof LockTimeout)) return undefined
  log.warn(context, 'a write waited too long for its lock and was not made')
  return errors.busy()
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
    const known =
      err instanceof ApiError ? err : storeErrorAnswer(err, log, { requestId: c.get('requestId') })
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
