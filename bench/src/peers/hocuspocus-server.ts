/**
 * Runs in its own process: Hocuspocus 4.7 with its SQLite extension (stores each document after
 * its 2–10 s debounce), listening on a port of its choosing, which it prints as JSON.
 */
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'

const database = process.env.HOCUSPOCUS_DATABASE
if (!database) throw new Error('HOCUSPOCUS_DATABASE is required')
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new SQLite({ database })],
})
await server.listen()
console.log(JSON.stringify({ hocuspocusPort: server.address.port }))
