/**
 * `GET /metrics` on a real server (issue 15): after a real client's edit is committed the scrape
 * counts the commit and the open connection, on SQLite (committed at once) and PostgreSQL (queued
 * group commits); it names no document, user or title, ever. With METRICS_TOKEN set it answers
 * only to that bearer token (401 in the one error shape otherwise).
 */
import {
  backends,
  createWorld,
  startTestServer,
  type TestServer,
  waitFor,
} from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient } from '../support/clients.js'
import { expectError } from './support.js'

/** The value of the unlabelled sample `name` in a scrape, or undefined. */
function sample(text: string, name: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

async function scrape(server: TestServer, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers })
  const text = await res.text()
  expect(res.status, text).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  expect(res.headers.get('cache-control')).toBe('no-store')
  return text
}

const all = await backends()
for (const backend of all) {
  describe.skipIf(!backend.available)(`metrics (${backend.name})`, () => {
    let server: TestServer
    beforeAll(async () => {
      server = await backend.start()
    })
    afterAll(async () => server?.stop())

    it('counts a committed edit and the open connection, and names no document or person', async () => {
      const world = await createWorld(server.url)
      const writerName = 'Metrikka Skrivesdotter'
      const writer = await world.member('editor', 'employees', { name: writerName })
      const title = 'Budsjettvedtak Metrikkfjord'
      const id = await world.document(title)
      const before = await scrape(server)
      expect(sample(before, 'trepart_connections')).toBe(0)

      const client = createClient(server.collabUrl, id, { actor: writer, trepart: true, name: writerName })
      try {
        await waitFor(() => client.provider.synced)
        client.text.insert(0, 'Vedtatt enstemmig. ')
        await client.flush()

        const text = await scrape(server)
        expect(sample(text, 'trepart_commits_total')).toBeGreaterThanOrEqual(1)
        expect(sample(text, 'trepart_committed_updates_total')).toBeGreaterThanOrEqual(1)
        expect(sample(text, 'trepart_commit_seconds_count')).toBe(sample(text, 'trepart_commits_total'))
        expect(sample(text, 'trepart_commit_failures_total')).toBe(0)
        expect(sample(text, 'trepart_connections')).toBe(1)
        expect(sample(text, 'trepart_rooms')).toBe(1)
        expect(text).toContain('process_cpu_user_seconds_total')
        for (const secret of [
          id,
          title,
          writerName,
          writer.userId,
          writer.email,
          world.admin.name,
          world.admin.userId,
          world.workspaceId,
        ]) {
          expect(text).not.toContain(secret)
        }
        // The same numbers the server holds, read by the same instance.
        expect(await server.metrics.text()).toContain('trepart_commits_total')
      } finally {
        client.destroy()
      }
      await waitFor(async () => sample(await scrape(server), 'trepart_connections') === 0)
    })
  })
}

describe('metrics behind METRICS_TOKEN', () => {
  const token = 'scrape-Tok3n-only-for-prometheus'
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN: token })
  })
  afterAll(async () => server?.stop())

  const get = (headers: Record<string, string> = {}, path = '/metrics') =>
    fetch(`${server.url}${path}`, { headers })

  it('refuses a scrape without the token, or with a wrong one, with 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-of-some-length' },
      { authorization: `Bearer ${token}x` },
      { authorization: `Bearer ${token.slice(0, -1)}` },
      { authorization: `Basic ${Buffer.from(`prometheus:${token}`).toString('base64')}` },
      { authorization: token },
    ]
    for (const headers of attempts) {
      const res = await get(headers)
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"')
      await expectError(res, 401, 'metrics.unauthorized')
    }
    // Only the header counts: a token in the address would end up in proxies' logs.
    await expectError(await get({}, `/metrics?token=${token}`), 401, 'metrics.unauthorized')
  })

  it('answers the right token', async () => {
    const text = await scrape(server, { authorization: `Bearer ${token}` })
    expect(sample(text, 'trepart_connections')).toBe(0)
    expect(text).not.toContain(token)
    // The scheme is case-insensitive (RFC 7235).
    expect((await get({ authorization: `bearer ${token}` })).status).toBe(200)
  })

  it('leaves the health checks open', async () => {
    expect((await get({}, '/healthz')).status).toBe(200)
    expect((await get({}, '/readyz')).status).toBe(200)
  })
})
