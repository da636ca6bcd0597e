/**
 * Unguessable tokens (sessions, invitations, password resets) and their stored form. Following the
 * Lucia design: 160 random bits, base32; only the SHA-256 is stored, so a leaked database does not
 * hand out working tokens.
 */
import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'

export function generateToken(): string {
  const bytes = new Uint8Array(20)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}

export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/** Opaque ids for rows: 120 random bits, base32 (fits the document id pattern). */
export function newId(): string {
  const bytes = new Uint8Array(15)
  crypto.getRandomValues(bytes)
  return encodeBase32LowerCaseNoPadding(bytes)
}
