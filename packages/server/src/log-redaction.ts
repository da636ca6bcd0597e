/**
 * One masking rule for every log line: anything shaped like one of our secrets — a token from
 * `auth/tokens.ts` (160 random bits, 32 base32 characters) in a path segment, a query value, a
 * header, an error message or a stack — is replaced before the line is written. The rule is on the
 * shape of the secret, not on routes, so a new route that carries a token in its path (share links,
 * e-mail links) is masked without anyone remembering to add it. Ids (120 bits, 24 characters) and
 * hashes stay readable.
 */

/** A run of at least 32 base32 characters, the length of the shortest token we hand out. */
const SECRET_SHAPE = /[A-Za-z2-7]{32,}/g

export const MASK = '[secret]'

export function maskSecrets(line: string): string {
  return line.replace(SECRET_SHAPE, MASK)
}
