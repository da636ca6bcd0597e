/** Small helpers for declaring routes: JSON bodies and responses, and the error shape in the OpenAPI document. */
import { errorSchema } from '@trepart/shared'
import type { z } from 'zod'

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
})

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
})

const err = (description: string) => json(errorSchema, description)

/** The error answers every route may give, for the OpenAPI document. */
export const errorResponses = {
  400: err('Invalid input ({ error: { id, message } })'),
  401: err('No valid session'),
  403: err('Role too low, or a cross-site request'),
  404: err('Not found, or not a member of the workspace'),
  413: err('Request body too large'),
  415: err('A body that is not application/json'),
} as const

/**
 * For writes that wait for the others on the same thing (a document's discussion, SPEC C9): one
 * that waited as long as it may answers 503 `request.write_timed_out` with Retry-After, nothing
 * written.
 */
export const writeTimedOutResponse = {
  503: err('Waited too long for the writes before this one; nothing was written: retry after Retry-After'),
} as const

/** For routes whose request can conflict with the state of what it acts on (sign-off, caps). */
export const conflictResponse = {
  409: err('Conflicts with the state of the document ({ error: { id, message } })'),
} as const
