/**
 * Which links a document may hold: only http, https and mailto. Everything else (javascript:,
 * data:, file:, relative paths) is refused, whether typed into the link field, pasted or autolinked.
 */

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:'])

/** Whether `href` is an absolute http, https or mailto URL. */
export function isAllowedLink(href: string | null | undefined): boolean {
  if (!href) return false
  try {
    // The URL parser drops tabs and newlines and lower-cases the scheme, as the browser would when
    // following the link, so "java\tscript:" and "JavaScript:" are both seen for what they are.
    return ALLOWED_PROTOCOLS.has(new URL(href.trim()).protocol)
  } catch {
    return false
  }
}

/**
 * What someone typed into the link field, as the href to store, or null when it is not allowed.
 * A bare address gets `https://` ("nordby.kommune.no"), a bare e-mail address `mailto:`.
 */
export function linkFromInput(input: string): string | null {
  const text = input.trim()
  if (!text) return null
  let href = text
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    href = /^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(text) ? `mailto:${text}` : `https://${text}`
  }
  return isAllowedLink(href) ? href : null
}
