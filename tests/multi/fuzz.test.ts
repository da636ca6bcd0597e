/**
 * Seeded fuzz across instances (issue 15): clients on random instances type tokens, disconnect and
 * come back on another instance (typing while away), and instances are killed with SIGKILL and
 * started again. Every run ends converged with every token any client typed (and so saw) present
 * exactly once, in every client and in the database. A failing run prints its seed; replay it
 * with FUZZ_SEED=<seed>.
 */
import { postgresAvailable, waitFor } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createClient, type TestClient } from '../support/clients.js'
import { prng } from '../support/prng.js'
import { type Cluster, startCluster } from './support/cluster.js'
import { storedText } from './support/stored.js'

const hasPostgres = await postgresAvailable()
const SEEDS = process.env.FUZZ_SEED ? [Number(process.env.FUZZ_SEED)] : [7, 2026]
const CLIENTS = 6
const STEPS = 250

describe.skipIf(!hasPostgres && !process.env.CI)('seeded fuzz across instances', () => {
  let cluster: Cluster
  beforeAll(async () => {
    cluster = await startCluster('multi_fuzz')
  }, 90_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  for (const seed of SEEDS) {
    it(`seed ${seed}: ends converged with every typed token once, in every client and stored`, async () => {
      const random = prng(seed)
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
      const { world } = cluster
      const id = await world.document(`fuzz ${seed}`)
      const alive = () =>
        cluster.instances
          .map((inst, i) => ({ inst, i }))
          .filter(({ inst }) => inst.child.exitCode === null && inst.child.signalCode === null)
      const clients: TestClient[] = []
      const tokens: string[] = []
      try {
        for (let c = 0; c < CLIENTS; c++)
          clients.push(createClient(pick(alive()).inst.collabUrl, id, { trepart: true, actor: world.admin }))
        await waitFor(() => clients.every((c) => c.provider.synced), { timeoutMs: 15_000 })
        const log: string[] = []
        let kills = 0
        for (let step = 0; step < STEPS; step++) {
          const roll = random()
          const c = Math.floor(random() * CLIENTS)
          const client = clients[c]!
          if (roll < 0.65) {
            // A token at a token boundary, so tokens never split one another.
            const text = client.text.toString()
            const boundaries = [0, ...[...text.matchAll(/;/g)].map((m) => m.index! + 1)]
            const token = `c${c}s${step}`
            client.text.insert(pick(boundaries), `${token};`)
            tokens.push(token)
          } else if (roll < 0.77) {
            if (client.provider.shouldConnect) {
              client.provider.disconnect()
              log.push(`${step}: c${c} away`)
            }
          } else if (roll < 0.93) {
            if (!client.provider.shouldConnect) {
              const to = pick(alive())
              client.provider.serverUrl = to.inst.collabUrl
              client.provider.connect()
              log.push(`${step}: c${c} back on ${to.i}`)
            }
          } else if (roll < 0.96) {
            if (kills < 2 && alive().length === cluster.instances.length) {
              const victim = pick(alive())
              kills++
              await victim.inst.kill()
              // The load balancer sends its clients elsewhere.
              for (const other of clients)
                if (other.provider.serverUrl === victim.inst.collabUrl)
                  other.provider.serverUrl = pick(alive()).inst.collabUrl
              log.push(`${step}: killed ${victim.i}`)
              await cluster.restart(victim.i)
              log.push(`${step}: restarted ${victim.i}`)
            }
          }
          await new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(random() * 4)))
        }
        for (const client of clients) if (!client.provider.shouldConnect) client.provider.connect()
        await waitFor(
          () =>
            clients.every((c) => c.provider.synced && c.text.toString() === clients[0]!.text.toString()) &&
            clients[0]!.text.toString().split(';').filter(Boolean).length === tokens.length,
          {
            timeoutMs: 60_000,
            intervalMs: 100,
            message: () =>
              `seed ${seed}: ${clients.map((c) => c.text.toString().split(';').filter(Boolean).length).join('/')} of ${tokens.length}\n${log.join('\n')}`,
          },
        )
        await Promise.all(clients.map((c) => c.flush()))
        // The pinned seeds are chosen to kill instances, and to send clients away and back.
        if (!process.env.FUZZ_SEED) {
          expect(kills, log.join('\n')).toBeGreaterThan(0)
          expect(log.some((l) => l.includes(' back on '))).toBe(true)
        }
        for (const text of [clients[0]!.text.toString(), await storedText(cluster.databaseUrl, id)]) {
          const found = text.split(';').filter(Boolean)
          expect(found.length, `seed ${seed}`).toBe(tokens.length)
          expect(new Set(found), `seed ${seed}`).toEqual(new Set(tokens))
        }
      } finally {
        for (const c of clients) c.destroy()
      }
    }, 180_000)
  }
})
