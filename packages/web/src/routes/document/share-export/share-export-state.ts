/**
 * The share-and-export dialog's pure parts: a download's file name from its `Content-Disposition`,
 * whether a share link still works, and a new link's expiry from a date field.
 */
import type { ShareLink } from '../../../lib/api.js'
import { dueAtFromDay } from '../sign-off/sign-off-state.js'

/**
 * The file name a `Content-Disposition` gives: the UTF-8 `filename*` (RFC 5987) when it is there
 * and decodes, else the plain `filename`; null without either.
 */
export function filenameFromDisposition(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header)
  if (extended) {
    try {
      const name = decodeURIComponent(extended[1]!)
      if (name) return name
    } catch {
      // A malformed escape: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header)
  const name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined
  return name || null
}

export type LinkState = 'active' | 'expired' | 'revoked'

/** Whether a link still opens its page; a revoked one says so even after its expiry passed. */
export function linkState(link: Pick<ShareLink, 'expiresAt' | 'revokedAt'>, now = Date.now()): LinkState {
  if (link.revokedAt) return 'revoked'
  if (link.expiresAt && Date.parse(link.expiresAt) <= now) return 'expired'
  return 'active'
}

/** Today in the reader's time zone as a date input's value (YYYY-MM-DD): the earliest expiry day. */
export function dayInputValue(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/**
 * What the expiry field asks for: no expiry when empty, else the end of that day in the reader's
 * time zone (the link works all of its last day); a day before `today` is refused here, in the
 * reader's words, rather than by the server.
 */
export function expiryFromDay(day: string, today: string): { expiresAt?: string } | 'past' | 'invalid' {
  if (day === '') return {}
  const expiresAt = dueAtFromDay(day)
  if (!expiresAt) return 'invalid'
  return day < today ? 'past' : { expiresAt }
}
