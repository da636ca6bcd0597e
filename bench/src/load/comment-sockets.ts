/**
 * A commenter as the web app is one: a collaboration socket on each document (said `Hello`, synced
 * like any client), over which it starts threads and replies (`CommentRequest` → `CommentAnswer`).
 * Each socket is one of its document's connections, so it receives the document's edits and
 * events like the others. Bounded: every request has a timeout, and closing fails what is open.
 */
import type { CommentApi, CommentWrite } from './comments.js'
import { LightClient } from './light-client.js'
import { Wire } from './wire.js'

/** Sockets opened at once while connecting. */
const CONNECT_AT_ONCE = 8
const CONNECT_TIMEOUT_MS = 30_000

interface Pending {
  resolve: (answer: { status: number; json: unknown }) => void
  timer: NodeJS.Timeout
}

export async function commentSockets(
  urlOf: (room: string) => string,
  headers: Record<string, string>,
  rooms: string[],
): Promise<CommentApi> {
  const pending = new Map<number, Pending>()
  let nextId = 1
  const answered = (id: number, status: number, json: unknown) => {
    const request = pending.get(id)
    if (!request) return
    pending.delete(id)
    clearTimeout(request.timer)
    request.resolve({ status, json })
  }
  const clients = new Map<string, { client: LightClient; wire: Wire }>()
  try {
    for (let start = 0; start < rooms.length; start += CONNECT_AT_ONCE) {
      await Promise.all(
        rooms.slice(start, start + CONNECT_AT_ONCE).map(async (room) => {
          const wire = new Wire('y-websocket', room)
          const client = new LightClient({
            url: urlOf(room),
            headers,
            wire,
            scan: false,
            hello: true,
            onCommentAnswer: answered,
          })
          clients.set(room, { client, wire })
          await client.connect(CONNECT_TIMEOUT_MS)
        }),
      )
    }
  } catch (error) {
    for (const { client } of clients.values()) client.close()
    throw error
  }
  return {
    write(documentId: string, write: CommentWrite, timeoutMs: number) {
      const socket = clients.get(documentId)
      if (!socket) return Promise.reject(new Error(`no socket on ${documentId}`))
      const id = nextId++
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`no answer within ${timeoutMs} ms`))
        }, timeoutMs)
        pending.set(id, { resolve, timer })
        if (!socket.client.send(socket.wire.commentRequest(id, JSON.stringify(write)))) {
          pending.delete(id)
          clearTimeout(timer)
          reject(new Error('the socket is closed'))
        }
      })
    },
    get serverEvents() {
      let n = 0
      for (const { client } of clients.values()) n += client.serverEvents
      return n
    },
    close() {
      for (const { client } of clients.values()) client.close()
      for (const [id, request] of pending) {
        clearTimeout(request.timer)
        pending.delete(id)
        request.resolve({ status: 0, json: null })
      }
    },
  }
}
