/** Hocuspocus with SQLite, started from `hocuspocus-server.js` in its own process. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunningPeer, roomNames, spawnServer } from './peer.js'

export async function startHocuspocus(): Promise<RunningPeer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-hocuspocus-'))
  const entry = fileURLToPath(new URL('./hocuspocus-server.js', import.meta.url))
  const server = await spawnServer(['--no-warnings', entry], {
    cwd: dir,
    env: { ...process.env, HOCUSPOCUS_DATABASE: path.join(dir, 'hocuspocus.sqlite') },
    ready: /\{"hocuspocusPort":(\d+)\}/,
    timeoutMs: 15_000,
    label: 'Hocuspocus',
  })
  const port = Number(server.match[1])
  return {
    name: 'hocuspocus',
    protocol: 'hocuspocus',
    pid: server.child.pid!,
    baseUrl: `ws://127.0.0.1:${port}`,
    headers: {},
    failed: server.failed,
    createDocuments: async (count) => roomNames(count),
    async stop() {
      try {
        await server.stop(20_000)
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
