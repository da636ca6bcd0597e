/**
 * Security headers on every response the app answers: the API's JSON, the web app's HTML and
 * assets, the 404s and the websocket upgrades it refuses (`@hono/node-server` copies the app's
 * headers onto a refused handshake). A Content-Security-Policy the web app really runs under (the
 * browser suites fail on any violation a page reports), no framing, no MIME sniffing, no referrer,
 * and HSTS when PUBLIC_URL is https.
 *
 * Built once, on the first request: by then the server listens, so a PUBLIC_URL derived from
 * PORT=0 and the allowed origins filled in from the real port are final.
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import type { Services } from '../../services.js'

/**
 * One year. No `preload`: asking browsers to hard-code the host is the operator's decision, and
 * undoing it takes months.
 */
const HSTS = 'max-age=31536000; includeSubDomains'

/** The websocket form of an http(s) origin: `https://a.example` → `wss://a.example`. */
export function websocketOrigin(origin: string): string {
  const url = new URL(origin)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.origin
}

/**
 * The policy's directives. Nothing inline and no eval: every script and stylesheet is a file
 * of the build (the service worker's registration too: vite-plugin-pwa's `script-defer`).
 */
export function contentSecurityPolicy(publicUrl: string, allowedOrigins: readonly string[]) {
  // 'self' matches the page's own ws:/wss: origin in CSP Level 3 browsers; older ones match only
  // http(s), so the socket's origins are named as well: PUBLIC_URL's and every page origin's.
  const sockets = [...new Set([publicUrl, ...allowedOrigins].map(websocketOrigin))]
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // No 'unsafe-inline'. The app's inline styles are all set through CSSOM, which CSP does not
    // govern: Solid's style bindings, the carets, ProseMirror's selection decorations, the table
    // view. Tiptap's injected <style> is turned off and shipped as a file (prosemirror.css), and
    // pasted HTML is parsed with its styles renamed (paste-cleanup.ts), both in packages/web.
    styleSrc: ["'self'"],
    // Nothing uses data: or blob: images yet (the schema has no images); they cannot run script,
    // and are allowed so that images (pasted, generated) do not need a policy change.
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...sockets],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  }
}

export function securityHeaders(services: Services, allowedOrigins: readonly string[]): MiddlewareHandler {
  let handler: MiddlewareHandler | null = null
  const build = () =>
    secureHeaders({
      contentSecurityPolicy: contentSecurityPolicy(services.publicUrl, allowedOrigins),
      // The same as frame-ancestors 'none', for browsers that predate it.
      xFrameOptions: 'DENY',
      // Stricter than strict-origin-when-cross-origin: invitation and reset links carry their
      // secret in the path, and nothing here reads Referer (same-origin checks use Origin, which
      // fetch() and websockets send whatever the referrer policy).
      referrerPolicy: 'no-referrer',
      strictTransportSecurity: services.config.auth.secureCookies ? HSTS : false,
    })
  return (c, next) => {
    handler ??= build()
    return handler(c, next)
  }
}
