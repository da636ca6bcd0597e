/** Document ids are opaque strings; this is the only shape the server accepts. */
import { z } from 'zod'

export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const documentIdSchema = z.string().regex(DOCUMENT_ID_PATTERN, 'invalid document id')

export function isDocumentId(value: string): boolean {
  return DOCUMENT_ID_PATTERN.test(value)
}
