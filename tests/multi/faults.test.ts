/**
 * Faults across instances (issue 15), on real processes: an instance killed with SIGKILL while its
 * clients type, Redis restarted during editing, one instance's subscription dropped. Every token a
 * client typed (and so saw) ends up once in every client and in the database; the dead instance's
 * presence disappears; the gap filling from the database shows in the instances' metrics.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { postgresAvailable, waitFor } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest'
import { createClient, type TestClient } from '../support/clients.js'
import { type Cluster, startCluster } from './support/cluster.js'
import { names } from './support/presence.js'
import { storedText } from './support/stored.js'

const run = promisify(execFile)
const hasPostgres = await postgresAvailable()

/** Every token once, whatever the order they ended up in. */
function expectAllOnce(text: string, tokens: readonly string[]) {
  const found = text.split(';').filter(Boolean)
  expect(found.length, 'no token twice, none made up').toBe(tokens.length)
  expect(new Set(found)).toEqual(new Set(tokens))
}

/** The instance's count of gaps it filled from the database, from its Prometheus metrics. */
async function gapsFilled(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text()
  const match = /^trepart_fanout_gaps_filled_total (\d+)/m.exec(text)
  if (!match) throw new Error(`no gap counter in:\n${text.slice(0, 500)}`)
  return Number(match[1])
}

describe.skipIf(!hasPostgres && !process.env.CI)('faults across instances', () => {
  let cluster: Cluster
  const clients: TestClient[] = []
  beforeAll(async () => {
    cluster = await startCluster('multi_faults')
  }, 90_000)
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await cluster?.stop()
  })
  const open = (
    instance: number,
    documentId: string,
    actor: { headers: Record<string, string>; name: string },
  ) => {
    const client = createClient(cluster.instances[instance]!.collabUrl, documentId, {
      trepart: true,
      actor,
      name: actor.name,
    })
    clients.push(client)
    return client
  }
  /** Each client appends a token of its own per round; a breath between rounds, as typing has. */
  const typeRounds = async (
    who: Array<[string, TestClient]>,
    tokens: string[],
    from: number,
    rounds: number,
  ) => {
    for (let r = from; r < from + rounds; r++) {
      for (const [name, client] of who) {
        const token = `${name}${r}`
        client.text.insert(client.text.length, `${token};`)
        tokens.push(token)
      }
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }
  const converged = (all: TestClient[], tokens: string[]) =>
    waitFor(
      () =>
        all.every(
          (c) => c.text.toString() === all[0]!.text.toString() && c.text.length === all[0]!.text.length,
        ) && all[0]!.text.toString().split(';').filter(Boolean).length === tokens.length,
      {
        timeoutMs: 30_000,
        message: () =>
          all.map((c) => c.text.toString().split(';').filter(Boolean).length).join(' / ') +
          ` of ${tokens.length}`,
      },
    )

  it('kill -9 of an instance while its clients type: they move on, nothing is lost, its presence goes', async () => {
    const { world } = cluster
    const [ola, kari, per, siv] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Ola' }),
      world.member('editor', 'administration', { name: 'Kari' }),
      world.member('editor', 'employees', { name: 'Per' }),
      world.member('viewer', 'employees', { name: 'Siv' }),
    ])
    const id = await world.document('Når en instans dør')
    const a = open(0, id, ola)
    const b = open(1, id, kari)
    const c = open(2, id, per)
    // Only watching, on the instance that will die: its presence must go from the others' view.
    const watcher = open(1, id, siv)
    await waitFor(() => [a, b, c, watcher].every((x) => x.provider.synced), { timeoutMs: 15_000 })
    await waitFor(() => names(a).includes('Siv'), { timeoutMs: 15_000 })
    const tokens: string[] = []
    const all: Array<[string, TestClient]> = [
      ['a', a],
      ['b', b],
      ['c', c],
    ]
    await typeRounds(all, tokens, 0, 30)
    try {
      await cluster.instances[1]!.kill()
    } finally {
      // Whatever this test finds, the next ones have three instances again.
      onTestFinished(async () => {
        await cluster.restart(1)
      })
    }
    // The load balancer sends the dead instance's clients elsewhere; the watcher goes away.
    b.provider.serverUrl = cluster.instances[2]!.collabUrl
    watcher.destroy()
    await typeRounds(all, tokens, 30, 30)
    await converged([a, b, c], tokens)
    await Promise.all([a.flush(), b.flush(), c.flush()])
    expectAllOnce(a.text.toString(), tokens)
    expectAllOnce(await storedText(cluster.databaseUrl, id), tokens)
    // The dead instance said no goodbye: the others expire its presence (y-protocols: 30 s).
    await waitFor(() => !names(a).includes('Siv') && !names(c).includes('Siv'), {
      timeoutMs: 45_000,
      intervalMs: 200,
      message: () => `still present: ${names(a).join()}`,
    })
    // Those who moved stay (their presence renews through the instance they moved to).
    await waitFor(() => names(a).join() === 'Kari,Ola,Per', {
      timeoutMs: 20_000,
      message: () => names(a).join(),
    })
  }, 120_000)

  it('Redis restarted during editing: edits go on through the database and everyone converges', async () => {
    const { world } = cluster
    const [ola, kari] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Ola R' }),
      world.member('editor', 'administration', { name: 'Kari R' }),
    ])
    const id = await world.document('Redis starter på nytt')
    const a = open(0, id, ola)
    const b = open(1, id, kari)
    await waitFor(() => a.provider.synced && b.provider.synced, { timeoutMs: 15_000 })
    const gapsBefore =
      (await gapsFilled(cluster.instances[0]!.url)) + (await gapsFilled(cluster.instances[1]!.url))
    const tokens: string[] = []
    const both: Array<[string, TestClient]> = [
      ['a', a],
      ['b', b],
    ]
    await typeRounds(both, tokens, 0, 10)
    await converged([a, b], tokens)
    await cluster.redis.kill()
    await typeRounds(both, tokens, 10, 20)
    // Redis is away: each instance still takes its clients' edits, and finds the others' in the database.
    await converged([a, b], tokens)
    const ready = await fetch(`${cluster.instances[0]!.url}/readyz`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { checks: Record<string, string> }).checks).toEqual({
      database: 'ok',
      redis: 'unavailable',
    })
    await cluster.redis.start()
    await waitFor(async () => (await fetch(`${cluster.instances[1]!.url}/readyz`)).status === 200, {
      timeoutMs: 20_000,
    })
    await typeRounds(both, tokens, 30, 10)
    await converged([a, b], tokens)
    await Promise.all([a.flush(), b.flush()])
    expectAllOnce(a.text.toString(), tokens)
    expectAllOnce(await storedText(cluster.databaseUrl, id), tokens)
    const gapsAfter =
      (await gapsFilled(cluster.instances[0]!.url)) + (await gapsFilled(cluster.instances[1]!.url))
    expect(gapsAfter).toBeGreaterThan(gapsBefore)
  }, 120_000)

  it('one instance’s subscription dropped: it catches up from the database', async () => {
    const { world } = cluster
    const [ola, kari] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Ola S' }),
      world.member('editor', 'administration', { name: 'Kari S' }),
    ])
    const id = await world.document('Et abonnement faller bort')
    const a = open(0, id, ola)
    const b = open(2, id, kari)
    await waitFor(() => a.provider.synced && b.provider.synced, { timeoutMs: 15_000 })
    const tokens: string[] = []
    await typeRounds([['a', a]], tokens, 0, 5)
    await converged([a, b], tokens)
    const before = await gapsFilled(cluster.instances[2]!.url)
    // Instance 2's subscriber connection, found by its name, is killed by Redis.
    const pid = cluster.instances[2]!.child.pid
    const { stdout } = await run('redis-cli', ['-p', String(cluster.redis.port), 'CLIENT', 'LIST'])
    const line = stdout.split('\n').find((l) => l.includes(`name=trepart-${pid}-sub`))
    expect(line, stdout).toBeDefined()
    const clientId = /\bid=(\d+)/.exec(line!)![1]!
    await run('redis-cli', ['-p', String(cluster.redis.port), 'CLIENT', 'KILL', 'ID', clientId])
    await typeRounds([['a', a]], tokens, 5, 20)
    await converged([a, b], tokens)
    expectAllOnce(b.text.toString(), tokens)
    await waitFor(async () => (await gapsFilled(cluster.instances[2]!.url)) > before, { timeoutMs: 10_000 })
  }, 120_000)
})
