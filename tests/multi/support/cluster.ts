/**
 * A deployment of several instances for one test file: its own PostgreSQL schema on the machine's
 * server, its own Redis (a real `redis-server` on a free port, so a test may restart it), and
 * instances on fixed free ports that all accept one another's origins, as they would behind one
 * public address. The world (accounts, a workspace) is made through the first instance.
 */
import { createPgSchema, createWorld, TEST_DATABASE_URL, type World } from '@trepart/server/test-support'
import {
  databaseUrlFor,
  freePort,
  type Instance,
  instanceEnv,
  type RedisServer,
  startInstance,
  startRedis,
} from './instances.js'

export interface Cluster {
  redis: RedisServer
  instances: Instance[]
  world: World
  databaseUrl: string
  /** Starts instance `i` again (after a kill), on its port. */
  restart(i: number): Promise<Instance>
  stop(): Promise<void>
}

export async function startCluster(
  label: string,
  count = 3,
  extraEnv: Record<string, string> = {},
  /** Reach PostgreSQL through this port on 127.0.0.1 (a proxy the test can cut). */
  databasePort?: number,
): Promise<Cluster> {
  const schema = await createPgSchema(label)
  const redis = await startRedis()
  const base = new URL(TEST_DATABASE_URL)
  if (databasePort !== undefined) {
    base.hostname = '127.0.0.1'
    base.port = String(databasePort)
  }
  const databaseUrl = databaseUrlFor(base.toString(), schema.schema)
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()))
  const allowedOrigins = ports.flatMap((p) => [`http://127.0.0.1:${p}`, `http://localhost:${p}`])
  const envFor = (i: number) => ({
    ...instanceEnv({ databaseUrl, redisUrl: redis.url, port: ports[i]!, allowedOrigins }),
    // Short enough for a test to see a check happen, as a deployment would in seconds.
    FANOUT_CHECK_INTERVAL_MS: '500',
    ROOM_UNLOAD_DELAY_MS: '1000',
    ...extraEnv,
  })
  const instances: Instance[] = []
  try {
    // The first one migrates the schema; the others start together.
    instances.push(await startInstance('instance-0', envFor(0)))
    instances.push(
      ...(await Promise.all(
        Array.from({ length: count - 1 }, (_, i) => startInstance(`instance-${i + 1}`, envFor(i + 1))),
      )),
    )
  } catch (error) {
    await Promise.all(instances.map((i) => i.kill()))
    await redis.kill()
    await schema.drop()
    throw error
  }
  const world = await createWorld(instances[0]!.url)
  return {
    redis,
    instances,
    world,
    databaseUrl,
    async restart(i) {
      const started = await startInstance(`instance-${i}`, envFor(i))
      instances[i] = started
      return started
    },
    async stop() {
      await Promise.all(
        instances.map((i) => (i.child.exitCode === null && i.child.signalCode === null ? i.kill() : null)),
      )
      await redis.kill()
      await schema.drop()
    },
  }
}
