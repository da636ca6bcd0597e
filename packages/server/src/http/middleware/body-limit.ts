/**
 * Refuses a request body over `maxBytes` with 413 before any route reads it.
 *
 * Hono's own bodyLimit asks `c.req.raw.body`, which makes @hono/node-server build a whole web
 * Request and ReadableStream around Node's message for every API request, a GET included. In the
 * comment probe (bench/src/comment-probe.ts) that is about a fifth of a comment's cost on the event
 * loop. This one reads Node's message itself:
 * - Without Transfer-Encoding the Content-Length decides: Node's parser never hands on
 *   more bytes than it declares. The body stays unread for the route, which node-server then reads
 *   straight from the message.
 * - A chunked body is read here, stopping at the limit, and handed to Hono's body cache, where
 *   `c.req.json()` finds it.
 * Without Node's message (a request made in-process with `app.request`) it falls back to Hono's.
 */
import type { IncomingMessage } from 'node:http'
import type { HttpBindings } from '@hono/node-server'
import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { errors } from '../errors.js'

const withoutBody = new Set(['GET', 'HEAD', 'OPTIONS'])

export function bodyLimit(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw errors.tooLarge()
  }
  const fallback = honoBodyLimit({ maxSize: maxBytes, onError: tooLarge })
  return async (c, next) => {
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming
    if (!incoming) return fallback(c, next)
    if (withoutBody.has(c.req.method)) return next()
    // Without Transfer-Encoding the body is Content-Length bytes long, or empty without one.
    if (incoming.headers['transfer-encoding'] === undefined) {
      return Number(incoming.headers['content-length'] ?? 0) > maxBytes ? tooLarge() : next()
    }
    const body = await readAtMost(incoming, maxBytes)
    if (body === null) return tooLarge()
    // The cache holds promises at run time (HonoRequest chains `.then` on them); its type says otherwise.
    const cache = c.req.bodyCache as Record<string, unknown>
    cache.arrayBuffer = Promise.resolve(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength))
    return next()
  }
}

/**
 * The message's body, or null as soon as it passes `maxBytes` (what is left is not read: Node
 * discards it, or closes the connection, once the answer is sent). Rejects when the client goes
 * away before the end.
 */
function readAtMost(incoming: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', gone)
      incoming.off('close', gone)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > maxBytes) {
        done()
        resolve(null)
      } else chunks.push(chunk)
    }
    const onEnd = () => {
      done()
      resolve(Buffer.concat(chunks, size))
    }
    // A client that went away (Node tells it as an "aborted" error, or only closes): nobody reads
    // the answer, and it is no error of the server's to log.
    const gone = () => {
      done()
      reject(errors.invalid('The request body ended before it was complete'))
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', gone)
    incoming.on('close', gone)
  })
}
