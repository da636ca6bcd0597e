/**
 * Serves the built web app: static assets, and index.html for the app's client-side routes. When
 * the web app was not built before start, says so (503) instead of a bare 404.
 */
import fs from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Hono } from 'hono'

export function mountWebApp(app: Hono, webDistDir: string): void {
  const indexFile = path.join(webDistDir, 'index.html')
  if (!fs.existsSync(indexFile)) {
    app.get('*', (c) =>
      c.text('The web app is not built. Run `npm run build` (npm start does this for you).', 503),
    )
    return
  }
  app.use(
    '/assets/*',
    serveStatic({
      root: webDistDir,
      onFound: (_path, c) => c.header('cache-control', 'public, max-age=31536000, immutable'),
    }),
  )
  app.use('*', serveStatic({ root: webDistDir, index: 'index.html' }))
  const indexHtml = fs.readFileSync(indexFile, 'utf8')
  app.get('*', (c) => {
    c.header('cache-control', 'no-cache')
    return c.html(indexHtml)
  })
}
