/**
 * The reference server: `@y/websocket-server` 0.1.1's own `y-websocket-server` binary, unchanged,
 * documents in memory only. It logs the port from its environment, so it gets a free port.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { freePort, type RunningPeer, roomNames, spawnServer } from './peer.js'

const require = createRequire(import.meta.url)

export async function startReference(): Promise<RunningPeer> {
  const pkg = require.resolve('@y/websocket-server/package.json')
  const bin = path.join(path.dirname(pkg), 'src/server.js')
  const port = await freePort()
  const server = await spawnServer([bin], {
    cwd: path.dirname(pkg),
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    ready: /running at/,
    timeoutMs: 15_000,
    label: 'reference server',
  })
  return {
    name: 'reference',
    protocol: 'y-websocket',
    pid: server.child.pid!,
    baseUrl: `ws://127.0.0.1:${port}`,
    headers: {},
    failed: server.failed,
    createDocuments: async (count) => roomNames(count),
    // It has no signal handler: SIGTERM ending it is its normal stop.
    stop: () => server.stop(10_000, true),
  }
}
