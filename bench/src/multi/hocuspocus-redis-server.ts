/**
 * Runs in its own process: one Hocuspocus 4.7 instance with its Redis extension (fan-out to the
 * other instances through the run's Redis; a Redis lock lets one instance at a time store a
 * document) and its SQLite extension on a file all instances share (stores after its 2–10 s
 * debounce), listening on a port of its choosing, which it prints as JSON.
 */
import { Redis } from '@hocuspocus/extension-redis'
import { SQLite } from '@hocuspocus/extension-sqlite'
import { Server } from '@hocuspocus/server'

const database = process.env.HOCUSPOCUS_DATABASE
const redisPort = Number(process.env.HOCUSPOCUS_REDIS_PORT)
const identifier = process.env.HOCUSPOCUS_IDENTIFIER
if (!database || !Number.isInteger(redisPort) || !identifier) {
  throw new Error('HOCUSPOCUS_DATABASE, HOCUSPOCUS_REDIS_PORT and HOCUSPOCUS_IDENTIFIER are required')
}
const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  extensions: [new Redis({ host: '127.0.0.1', port: redisPort, identifier }), new SQLite({ database })],
})
await server.listen()
console.log(JSON.stringify({ hocuspocusPort: server.address.port }))
