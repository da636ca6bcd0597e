/**
 * Redis with a password, as infra/compose.yaml runs it: an instance given the password in
 * REDIS_URL shares its documents; one given a wrong password refuses to start, says why, and never
 * writes the password it was given into its output.
 */
import { createPgSchema, TEST_DATABASE_URL } from '@trepart/server/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  databaseUrlFor,
  instanceEnv,
  type RedisServer,
  startInstance,
  startRedis,
} from './support/instances.js'

const PASSWORD = 'redis-pw-9f1c7e4b2a6d8035'
const WRONG = 'wrong-pw-0d3b5f7a9c1e2468'

describe('Redis with a password (compose)', () => {
  let redis: RedisServer
  let schema: Awaited<ReturnType<typeof createPgSchema>>
  let databaseUrl: string

  beforeAll(async () => {
    schema = await createPgSchema('redis_auth')
    redis = await startRedis({ password: PASSWORD })
    databaseUrl = databaseUrlFor(TEST_DATABASE_URL, schema.schema)
  }, 60_000)

  afterAll(async () => {
    await redis?.kill()
    await schema?.drop()
  })

  it('is reached with the password in REDIS_URL: the instance is ready, Redis included', async () => {
    const instance = await startInstance('auth-ok', instanceEnv({ databaseUrl, redisUrl: redis.url }))
    try {
      const res = await fetch(`${instance.url}/readyz`)
      expect(res.status).toBe(200)
      expect(((await res.json()) as { checks: Record<string, string> }).checks).toEqual({
        database: 'ok',
        redis: 'ok',
      })
      expect(instance.output()).not.toContain(PASSWORD)
    } finally {
      await instance.stop()
    }
  }, 60_000)

  it('refuses to start with a wrong password, says that Redis could not be reached, and never prints the password', async () => {
    const wrongUrl = redis.url.replace(encodeURIComponent(PASSWORD), WRONG)
    expect(wrongUrl).toContain(WRONG)
    const started = startInstance('auth-wrong', instanceEnv({ databaseUrl, redisUrl: wrongUrl }))
    const error = await started.then(
      async (instance) => {
        await instance.kill()
        return null
      },
      (e: Error) => e,
    )
    expect(error, 'an instance with a wrong Redis password must not start').not.toBeNull()
    expect(error!.message).toMatch(/exited \(1\)/)
    expect(error!.message).toContain('Redis (REDIS_URL) could not be reached')
    expect(error!.message).not.toContain(WRONG)
  }, 60_000)
})
