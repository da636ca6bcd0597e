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

const ID_BYTES = 15
/** Ids whose random bytes one `getRandomValues` fetches. */
export const IDS_PER_REFILL = 100
/**
 * Random bytes for ids, fetched IDS_PER_REFILL ids at a time: each `getRandomValues` is a call
 * into the crypto library and its generator (4–6 µs warm here, tens cold), and a comment takes
 * one or two ids beside every keystroke. Ids only: a token (above) takes its bytes fresh, so none
 * of a secret ever sits in memory before it is handed out.
 */
const idBytes = new Uint8Array(ID_BYTES * IDS_PER_REFILL)
let idBytesUsed = idBytes.length

/** Opaque ids for rows: 120 random bits, base32 (fits the document id pattern). */
export function newId(): string {
  if (idBytesUsed + ID_BYTES > idBytes.length) {
    crypto.getRandomValues(idBytes)
    idBytesUsed = 0
  }
  const bytes = idBytes.subarray(idBytesUsed, idBytesUsed + ID_BYTES)
  idBytesUsed += ID_BYTES
  return encodeBase32LowerCaseNoPadding(bytes)
}
