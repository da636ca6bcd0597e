/**
 * Security headers on every kind of answer a real server gives: API JSON, the web app's HTML, a
 * hashed asset, the service worker, 404s (API, asset, unknown method) and a refused websocket
 * upgrade. The policy is spelled out here in full, so a change to it is a visible change to this
 * file; HSTS only when PUBLIC_URL is https. Headers do not depend on the database: SQLite only.
 */
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startTestServer, type TestServer } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/web/dist')

/** The policy for a server whose pages may come from `origins` (each one's socket named too). */
function expectedPolicy(...origins: string[]): string {
  const sockets = origins.map((o) => o.replace(/^http/, 'ws')).join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${sockets}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** A websocket handshake as a browser on `origin` sends it; resolves with the refusal's headers. */
function refusedUpgrade(server: TestServer, urlPath: string, origin: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const request = http.request(`${server.url}${urlPath}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'sec-websocket-version': '13',
        origin,
      },
    })
    request.on('response', (res) => {
      res.resume()
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
    })
    request.on('upgrade', (_res, socket) => {
      socket.destroy()
      reject(new Error('the upgrade was accepted'))
    })
    request.on('error', reject)
    request.end()
  })
}

function expectSecurityHeaders(headers: Headers | http.IncomingHttpHeaders, policy: string): void {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : ((headers[name] as string | undefined) ?? null)
  expect(get('content-security-policy')).toBe(policy)
  expect(get('x-content-type-options')).toBe('nosniff')
  expect(get('x-frame-options')).toBe('DENY')
  expect(get('referrer-policy')).toBe('no-referrer')
  expect(get('cross-origin-opener-policy')).toBe('same-origin')
  expect(get('cross-origin-resource-policy')).toBe('same-origin')
}

describe('security headers', () => {
  let server: TestServer
  let policy: string
  let asset: string

  beforeAll(async () => {
    const index = path.join(WEB_DIST, 'index.html')
    if (!fs.existsSync(index))
      throw new Error(`The web app is not built (${WEB_DIST}): run \`npm run build\``)
    const found = /\/assets\/[^"]+\.js/.exec(fs.readFileSync(index, 'utf8'))
    if (!found) throw new Error('index.html names no script under /assets/')
    asset = found[0]
    server = await startTestServer()
    // PORT=0: the server's URL, and its localhost twin, are where pages come from.
    policy = expectedPolicy(`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`)
  })
  afterAll(() => server?.stop())

  it.each([
    ['API JSON', '/api/me', 401, 'application/json'],
    ['an operations endpoint', '/healthz', 200, 'application/json'],
    ['the web app', '/', 200, 'text/html'],
    ['a client-side route of the web app', '/w/abc', 200, 'text/html'],
    ['the service worker', '/sw.js', 200, 'text/javascript'],
    ['an API 404', '/api/no-such-route', 404, 'application/json'],
    ['a missing asset', '/assets/gone-0000.js', 404, 'application/json'],
  ])('on %s (%s)', async (_what, urlPath, status, type) => {
    const res = await fetch(`${server.url}${urlPath}`)
    await res.arrayBuffer()
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toContain(type)
    expectSecurityHeaders(res.headers, policy)
    expect(res.headers.get('strict-transport-security')).toBeNull()
  })

  it('on a hashed asset, which keeps its year-long cache', async () => {
    const res = await fetch(`${server.url}${asset}`)
    await res.arrayBuffer()
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('immutable')
    expectSecurityHeaders(res.headers, policy)
  })

  it('on a 404 for a method no route answers', async () => {
    const res = await fetch(`${server.url}/nowhere`, { method: 'DELETE' })
    await res.arrayBuffer()
    expect(res.status).toBe(404)
    expectSecurityHeaders(res.headers, policy)
  })

  it('on a websocket upgrade refused for its Origin', async () => {
    const refused = await refusedUpgrade(server, '/collab/some-document', 'https://evil.example')
    expect(refused.status).toBe(403)
    expectSecurityHeaders(refused.headers, policy)
  })
})

describe('security headers with an https PUBLIC_URL', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({
      PUBLIC_URL: 'https://trepart.example',
      ALLOWED_ORIGINS: 'https://trepart.example,https://trepart.other.example',
    })
  })
  afterAll(() => server?.stop())

  it('adds HSTS and names the wss: origins of PUBLIC_URL and every allowed origin', async () => {
    // The server is reached over plain http here; the headers are what a proxy would pass on.
    const res = await fetch(`http://127.0.0.1:${server.port}/api/me`)
    await res.arrayBuffer()
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
    expectSecurityHeaders(
      res.headers,
      expectedPolicy('https://trepart.example', 'https://trepart.other.example'),
    )
  })
})
