/**
 * The usual fixture of a suite: a real server (started by `start`) and a world on it — an admin, a
 * workspace — made before the suite's tests and stopped after them. Read `fixture.server` and
 * `fixture.world` inside tests and hooks, not at import time.
 */
import { createWorld, type TestServer, type World } from '@trepart/server/test-support'
import { afterAll, beforeAll } from 'vitest'

export interface WorldFixture {
  server: TestServer
  world: World
}

export function useServerWithWorld(start: () => Promise<TestServer>): WorldFixture {
  const fixture = {} as WorldFixture
  beforeAll(async () => {
    fixture.server = await start()
    fixture.world = await createWorld(fixture.server.url)
  })
  afterAll(async () => fixture.server?.stop())
  return fixture
}
