/**
 * Two instances in this process over one PostgreSQL schema and one Redis (issue 15), where their
 * registries can be looked at: with small compaction thresholds both compact the same document
 * while clients on both type, and nothing is hidden from either; once every client left, rooms,
 * bus subscriptions and fan-out links are all gone on both.
 */

import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import {
  createPgSchema,
  createWorld,
  postgresAvailable,
  startTestServer,
  TEST_DATABASE_URL,
  type TestServer,
  type World,
  waitFor,
} from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TestClient } from '../support/clients.js'
import { databaseUrlFor, type RedisServer, startRedis } from './support/instances.js'
import { storedDoc } from './support/stored.js'

const hasPostgres = await postgresAvailable()
const run = promisify(execFile)

describe.skipIf(!hasPostgres && !process.env.CI)('rooms of one document on two instances', () => {
  let redis: RedisServer
  let schema: Awaited<ReturnType<typeof createPgSchema>>
  let servers: TestServer[] = []
  let world: World
  beforeAll(async () => {
    redis = await startRedis()
    schema = await createPgSchema('multi_rooms')
    const env = {
      DATABASE_URL: TEST_DATABASE_URL,
      REDIS_URL: redis.url,
      ROOM_UNLOAD_DELAY_MS: '0',
      COMPACT_AFTER_UPDATES: '20',
      FANOUT_CHECK_INTERVAL_MS: '200',
    }
    servers = [await startTestServer(env, { pgSchema: schema.schema })]
    servers.push(await startTestServer(env, { pgSchema: schema.schema }))
    world = await createWorld(servers[0]!.url)
  }, 60_000)
  afterAll(async () => {
    for (const s of servers) await s.stop()
    await redis?.kill()
    await schema?.drop()
  })

  it('compacts on both instances while both take writes; nothing hidden; everything released after', async () => {
    const id = await world.document('Komprimert to steder')
    const a = createClient(servers[0]!.collabUrl, id, { trepart: true, actor: world.admin })
    const b = createClient(servers[1]!.collabUrl, id, { trepart: true, actor: world.admin })
    const clients: TestClient[] = [a, b]
    await waitFor(() => a.provider.synced && b.provider.synced)
    const tokens: string[] = []
    for (let r = 0; r < 150; r++) {
      for (const [name, client] of [
        ['a', a],
        ['b', b],
      ] as const) {
        client.text.insert(client.text.length, `${name}${r};`)
        tokens.push(`${name}${r}`)
      }
      if (r % 10 === 9) await Promise.all([a.flush(), b.flush()])
    }
    await Promise.all([a.flush(), b.flush()])
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === b.text.length, {
      timeoutMs: 15_000,
    })
    for (const s of servers) await s.registry.whenCompacted()
    // Each room holds every token, and so does the database (snapshot and the rest of the log).
    for (const s of servers) {
      const room = s.registry.rooms.get(id)!
      const text = room.doc.getText('t').toString().split(';').filter(Boolean)
      expect(new Set(text)).toEqual(new Set(tokens))
      expect(text).toHaveLength(tokens.length)
    }
    const stored = await storedDoc(databaseUrlFor(TEST_DATABASE_URL, schema.schema), id)
    expect(stored.getText('t').toString().split(';').filter(Boolean)).toHaveLength(tokens.length)
    stored.destroy()
    const snapshots = await servers[0]!.db
      .selectFrom('document_snapshots')
      .select('version')
      .where('document_id', '=', id)
      .execute()
    expect(snapshots[0]?.version ?? 0, 'compacted at least once').toBeGreaterThan(0)

    // A client joining afterwards on either instance gets all of it.
    const late = createClient(servers[1]!.collabUrl, id, { trepart: true, actor: world.admin })
    clients.push(late)
    await waitFor(() => late.provider.synced && late.text.length === a.text.length)

    for (const c of clients) c.destroy()
    for (const s of servers)
      await waitFor(() => s.registry.rooms.size === 0 && s.fanout!.size === 0 && s.bus!.documentCount === 0, {
        timeoutMs: 10_000,
        message: () =>
          `rooms ${s.registry.rooms.size}, links ${s.fanout?.size}, channels ${s.bus?.documentCount}`,
      })
  })

  it('survives malformed messages on the bus: each instance drops them and goes on', async () => {
    const id = await world.document('Søppel på bussen')
    const a = createClient(servers[0]!.collabUrl, id, { trepart: true, actor: world.admin })
    const b = createClient(servers[1]!.collabUrl, id, { trepart: true, actor: world.admin })
    try {
      await waitFor(() => a.provider.synced && b.provider.synced)
      const send = (channel: string, message: string) =>
        run('redis-cli', ['-p', String(redis.port), 'PUBLISH', channel, message])
      // An event without the fields its handlers read, one without a type, JSON that is not, and
      // a document frame too short to have a header.
      await send(
        'trepart:documents',
        JSON.stringify({ from: 'x', event: { type: 'document.changed', change: 'metadata' } }),
      )
      await send('trepart:access', JSON.stringify({ from: 'x', event: { type: 'member.changed' } }))
      await send('trepart:access', JSON.stringify({ from: 'x' }))
      await send('trepart:documents', '{not json')
      await send(`trepart:doc:${id}`, 'x')
      a.text.insert(0, 'fortsatt i live')
      await a.flush()
      await waitFor(() => b.text.toString() === 'fortsatt i live')
    } finally {
      a.destroy()
      b.destroy()
    }
  })
})
