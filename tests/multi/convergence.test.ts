/**
 * Three instances on three ports, one PostgreSQL and one Redis (issue 15): clients on different
 * instances converge, a late joiner on the third gets everything, presence crosses instances and
 * disappears with its connection.
 */
import { postgresAvailable, waitFor } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TestClient } from '../support/clients.js'
import { type Cluster, startCluster } from './support/cluster.js'
import { names } from './support/presence.js'

const hasPostgres = await postgresAvailable()

describe.skipIf(!hasPostgres && !process.env.CI)('three instances over PostgreSQL and Redis', () => {
  let cluster: Cluster
  const clients: TestClient[] = []
  beforeAll(async () => {
    cluster = await startCluster('multi_conv')
  }, 90_000)
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await cluster?.stop()
  })
  const open = (
    instance: number,
    documentId: string,
    actor: { headers: Record<string, string> },
    name: string,
  ) => {
    const client = createClient(cluster.instances[instance]!.collabUrl, documentId, {
      trepart: true,
      name,
      actor,
    })
    clients.push(client)
    return client
  }

  it('converges across instances; a late joiner gets everything; presence crosses and leaves', async () => {
    const { world } = cluster
    const [ola, kari, per] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Ola' }),
      world.member('editor', 'administration', { name: 'Kari' }),
      world.member('editor', 'employees', { name: 'Per' }),
    ])
    const id = await world.document('Over tre instanser')
    const a = open(0, id, ola, 'Ola')
    const b = open(1, id, kari, 'Kari')
    await waitFor(() => a.provider.synced && b.provider.synced, { timeoutMs: 15_000 })
    for (let i = 0; i < 20; i++) {
      a.text.insert(a.text.length, `a${i} `)
      b.text.insert(0, `b${i} `)
    }
    await Promise.all([a.flush(), b.flush()])
    await waitFor(() => a.text.toString() === b.text.toString() && a.text.length === 2 * 20 * 3 + 20, {
      timeoutMs: 15_000,
      message: () => `a=${a.text.length} b=${b.text.length}`,
    })

    const c = open(2, id, per, 'Per')
    await waitFor(() => c.provider.synced && c.text.toString() === a.text.toString(), { timeoutMs: 15_000 })
    c.text.insert(0, 'fra tredje ')
    await c.flush()
    await waitFor(
      () => a.text.toString().startsWith('fra tredje') && b.text.toString().startsWith('fra tredje'),
      {
        timeoutMs: 15_000,
      },
    )

    // Everyone sees everyone, though each is on an instance of their own.
    for (const client of [a, b, c])
      await waitFor(() => names(client).join() === 'Kari,Ola,Per', {
        timeoutMs: 15_000,
        message: () => `presence: ${names(client).join()}`,
      })
    // One leaves: gone from the others' presence, on the other instances too.
    c.destroy()
    for (const client of [a, b])
      await waitFor(() => names(client).join() === 'Kari,Ola', {
        timeoutMs: 15_000,
        message: () => `presence after leaving: ${names(client).join()}`,
      })
    expect(a.text.toString()).toBe(b.text.toString())
    // The updates crossed over Redis (not only from the database's checks): the first two
    // instances received each other's and the third's, and say how late they came.
    for (const instance of cluster.instances.slice(0, 2)) {
      const metrics = await (await fetch(`${instance.url}/metrics`)).text()
      const received = Number(/^trepart_fanout_lag_seconds_count (\d+)/m.exec(metrics)?.[1] ?? 0)
      expect(received, instance.name).toBeGreaterThan(0)
    }
  })
})
