/**
 * PostgreSQL away for a few seconds during editing, across two instances (issue 15): no process
 * crashes, nothing is lost, and no client is told "saved" (Committed) for what was not stored. The
 * database is reached through a proxy the test cuts, so the machine's server keeps serving the
 * other test files.
 */
import { postgresAvailable, waitFor } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { createClient, type TestClient } from '../support/clients.js'
import { type Cluster, startCluster } from './support/cluster.js'
import { storedText } from './support/stored.js'
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js'

const hasPostgres = await postgresAvailable()

describe.skipIf(!hasPostgres && !process.env.CI)('PostgreSQL briefly unavailable', () => {
  let proxy: TcpProxy
  let cluster: Cluster
  const clients: TestClient[] = []
  beforeAll(async () => {
    const pg = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test')
    proxy = await startTcpProxy(pg.hostname, Number(pg.port || 5432))
    cluster = await startCluster('multi_pg', 2, {}, proxy.port)
  }, 90_000)
  afterAll(async () => {
    for (const c of clients) c.destroy()
    proxy?.restore()
    await cluster?.stop()
    await proxy?.close()
  })

  it('keeps clients connected, says "saved" only for what is stored, and loses nothing', async () => {
    const { world } = cluster
    const ola = await world.member('editor', 'politicians')
    const kari = await world.member('editor', 'administration')
    const id = await world.document('Databasen borte en stund')
    const a = createClient(cluster.instances[0]!.collabUrl, id, { trepart: true, actor: ola })
    const b = createClient(cluster.instances[1]!.collabUrl, id, { trepart: true, actor: kari })
    clients.push(a, b)
    await waitFor(() => a.provider.synced && b.provider.synced, { timeoutMs: 15_000 })
    const tokens: string[] = []
    const type = (client: TestClient, token: string) => {
      client.text.insert(client.text.length, `${token};`)
      tokens.push(token)
    }
    for (let i = 0; i < 10; i++) {
      type(a, `a${i}`)
      type(b, `b${i}`)
    }
    await Promise.all([a.flush(), b.flush()])

    onTestFinished((ctx) => {
      if (ctx.task.result?.state === 'fail')
        for (const i of cluster.instances)
          console.log(`${i.name}:\n${i.output().split('\n').slice(-15).join('\n')}`)
    })
    proxy.cut()
    let saidSaved = false
    // About three seconds of typing with the database away.
    for (let i = 10; i < 70; i++) {
      type(a, `a${i}`)
      type(b, `b${i}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const flushed = Promise.all([a.flush(), b.flush()]).then(() => {
      saidSaved = true
    })
    // Both instances say they are not ready, and stay up.
    for (const instance of cluster.instances)
      await waitFor(async () => (await fetch(`${instance.url}/readyz`)).status === 503, { timeoutMs: 10_000 })
    expect(saidSaved, 'Committed while the database was away').toBe(false)
    expect(cluster.instances.every((i) => i.child.exitCode === null)).toBe(true)

    proxy.restore()
    await flushed
    for (const instance of cluster.instances)
      await waitFor(async () => (await fetch(`${instance.url}/readyz`)).status === 200, { timeoutMs: 15_000 })
    await waitFor(() => a.text.toString() === b.text.toString(), { timeoutMs: 20_000 })
    const stored = (await storedText(cluster.databaseUrl, id)).split(';').filter(Boolean)
    expect(stored.length).toBe(tokens.length)
    expect(new Set(stored)).toEqual(new Set(tokens))
    expect(cluster.instances.every((i) => i.child.exitCode === null)).toBe(true)
  }, 90_000)
})
