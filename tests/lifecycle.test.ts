/** Rooms, connections and awareness maps go back to empty: nothing grows without bound. */
import { createWorld, startTestServer, waitFor } from '@trepart/server/test-support'
import { expect, it, onTestFinished } from 'vitest'
import WebSocket from 'ws'
import { createClient } from './support/clients.js'
import { useServerWithWorld } from './support/world-fixture.js'

const fx = useServerWithWorld(() => startTestServer({ ROOM_UNLOAD_DELAY_MS: '0' }))

it('[R4] opens, edits and closes 1,000 rooms; the registries are empty afterwards', async () => {
  const ROOMS = 1000
  const BATCH = 50
  let lastId = ''
  // y-websocket's provider adds an `exit` listener to the process while it lives (to say goodbye to
  // the room): a batch of 50 clients in one process is on purpose here, not a leak. What would be
  // one is a listener left behind, which is checked below.
  const exitListeners = process.listenerCount('exit')
  const maxListeners = process.getMaxListeners()
  process.setMaxListeners(maxListeners + BATCH)
  onTestFinished(() => {
    process.setMaxListeners(maxListeners)
  })
  for (let start = 0; start < ROOMS; start += BATCH) {
    const ids = await Promise.all(
      Array.from({ length: BATCH }, (_, i) => fx.world.document(`rom ${start + i}`)),
    )
    const batch = ids.map((id, i) =>
      createClient(fx.server.collabUrl, id, { trepart: true, name: `u${i}`, actor: fx.world.admin }),
    )
    lastId = ids.at(-1)!
    await waitFor(() => batch.every((c) => c.provider.synced), { timeoutMs: 30_000 })
    for (const [i, c] of batch.entries()) c.text.insert(0, `rom ${start + i}`)
    await Promise.all(batch.map((c) => c.flush()))
    for (const c of batch) c.destroy()
  }
  expect(process.listenerCount('exit')).toBe(exitListeners)
  await waitFor(
    () =>
      fx.server.registry.rooms.size === 0 &&
      fx.server.registry.connectionCount === 0 &&
      fx.server.registry.loadingCount === 0,
    {
      timeoutMs: 30_000,
      message: () => `rooms=${fx.server.registry.rooms.size} conns=${fx.server.registry.connectionCount}`,
    },
  )
  await fx.server.registry.whenCompacted()
  expect(fx.server.committer.pending).toBe(0)
  // Each room's content was stored before it unloaded.
  const sample = await fx.server.store.load(lastId)
  expect(sample.snapshot ?? sample.updates[0]).toBeDefined()
})

it('[R4] closes and cleans up a connection that stops answering pings', async () => {
  const pinging = await startTestServer({ PING_INTERVAL_MS: '100', ROOM_UNLOAD_DELAY_MS: '0' })
  try {
    const w = await createWorld(pinging.url)
    const deafId = await w.document('deaf')
    // autoPong off: this client is alive on TCP but deaf, like a laptop whose lid closed mid-meeting.
    const deaf = new WebSocket(`${pinging.collabUrl}/${deafId}`, {
      autoPong: false,
      headers: w.admin.headers,
    })
    deaf.on('error', () => {})
    const closed = new Promise<number>((resolve) => deaf.on('close', (code) => resolve(code)))
    await waitFor(() => pinging.registry.rooms.get(deafId)?.connections.size === 1)
    await closed
    await waitFor(() => pinging.registry.connectionCount === 0 && pinging.socketCount === 0)
    await waitFor(() => pinging.registry.rooms.size === 0)
  } finally {
    await pinging.stop()
  }
})
