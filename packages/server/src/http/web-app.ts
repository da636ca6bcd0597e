/**
 * Serves the built web app: hashed assets (cached for a year; a missing one is a real 404, so an
 * old tab's lazy import fails cleanly after a redeploy), other static files, and index.html (never
 * cached) for the app's client-side routes. Without a build, says so (503) until one appears.
 */
import fs from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono, MiddlewareHandler } from 'hono'
import { errorBody } from './errors.js'

const NOT_BUILT = 'The web app is not built. Run `npm run build` (npm start does this for you).'

export function mountWebApp(app: Hono, webDistDir: string): void {
  const indexFile = path.join(webDistDir, 'index.html')
  let cached: { html: string; mtimeMs: number } | null = null
  const readIndex = (): string | null => {
    // Re-read when the file changed: a build that finishes (or is redone) after start is picked up,
    // so the page never points at assets a rebuild deleted.
    let mtimeMs: number
    try {
      mtimeMs = fs.statSync(indexFile).mtimeMs
    } catch {
      return null
    }
    if (cached?.mtimeMs !== mtimeMs) cached = { html: fs.readFileSync(indexFile, 'utf8'), mtimeMs }
    return cached.html
  }
  // Made once the build directory exists (serveStatic warns about a missing root on creation).
  let statics: { assets: MiddlewareHandler; files: MiddlewareHandler } | null = null
  const getStatics = () => {
    if (statics === null && fs.existsSync(webDistDir)) {
      statics = {
        assets: serveStatic({
          root: webDistDir,
          onFound: (_path, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
        }),
        files: serveStatic({ root: webDistDir }),
      }
    }
    return statics
  }
  app.get('/assets/*', async (c, next) => {
    const s = getStatics()
    return s ? s.assets(c, next) : next()
  })
  app.get('/assets/*', (c) => c.json(errorBody('not_found', 'No such asset'), 404))
  app.get('*', async (c, next) => {
    // index.html itself goes through the fallback below so it is never cached.
    const s = getStatics()
    if (!s || c.req.path === '/' || c.req.path === '/index.html') return next()
    return s.files(c, next)
  })
  app.get('*', (c) => {
    const html = readIndex()
    if (html === null) return c.text(NOT_BUILT, 503)
    c.header('cache-control', 'no-cache')
    return c.html(html)
  })
}
