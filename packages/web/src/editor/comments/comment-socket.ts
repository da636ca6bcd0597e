/**
 * Starting a thread and replying over the collaboration connection the editor already holds
 * (`CommentRequest` → `CommentAnswer`), not as an HTTP request each: on the server that is a third
 * of the work, on the event loop that also carries everyone's keystrokes (docs/performance.md).
 *
 * Only on a socket that has said Hello; without one (connecting, offline) `send` answers null and
 * the caller posts over HTTP as before. An answer is the route's: a 201's body, or an ApiError
 * with the route's status and id. A socket that closes with requests open fails them as a lost
 * HTTP answer fails (status 0): whether such a write landed shows when the threads are fetched
 * again after the reconnect, as after any lost answer.
 */
import { type CommentRequest, encodeCommentRequest, MessageType, readCommentAnswer } from '@trepart/shared'
import type { WebsocketProvider } from 'y-websocket'
import { ApiError, NETWORK_ERROR, readErrorBody } from '../../lib/api.js'

/** How long an answer may take before the request is given up (the server's own limits are far lower). */
const ANSWER_TIMEOUT_MS = 15_000

export interface CommentSocket {
  /** Sends `request` and resolves with the 201's body; null when no socket is open for it. */
  send<T>(request: CommentRequest): Promise<T> | null
  stop(): void
}

interface Pending {
  resolve: (body: unknown) => void
  reject: (error: ApiError) => void
  timer: ReturnType<typeof setTimeout>
}

/** `openSocket`: the provider's socket when it is open and has been sent Hello, else null. */
export function commentSocket(
  provider: WebsocketProvider,
  openSocket: () => WebSocket | null,
): CommentSocket {
  let nextId = 1
  const pending = new Map<number, Pending>()

  const fail = (id: number, message: string) => {
    const request = pending.get(id)
    if (!request) return
    pending.delete(id)
    clearTimeout(request.timer)
    request.reject(new ApiError(0, NETWORK_ERROR, message))
  }
  const failAll = (message: string) => {
    for (const id of [...pending.keys()]) fail(id, message)
  }

  provider.messageHandlers[MessageType.CommentAnswer] = (_encoder, decoder) => {
    const { id, status, body } = readCommentAnswer(decoder)
    const request = pending.get(id)
    if (!request) return
    pending.delete(id)
    clearTimeout(request.timer)
    if (status >= 200 && status < 300) {
      request.resolve(body)
      return
    }
    const error = readErrorBody(body)
    request.reject(new ApiError(status, error?.id ?? `http.${status}`, error?.message ?? `HTTP ${status}`))
  }
  // Answers to a socket that is gone never come.
  const onStatus = ({ status }: { status: string }) => {
    if (status !== 'connected') failAll('The connection closed before the answer came')
  }
  const onClose = () => failAll('The connection closed before the answer came')
  provider.on('status', onStatus)
  provider.on('connection-close', onClose)

  return {
    send<T>(request: CommentRequest): Promise<T> | null {
      const ws = openSocket()
      if (!ws) return null
      const id = nextId++
      return new Promise<T>((resolve, reject) => {
        pending.set(id, {
          resolve: resolve as (body: unknown) => void,
          reject,
          timer: setTimeout(() => fail(id, 'No answer from the server'), ANSWER_TIMEOUT_MS),
        })
        ws.send(encodeCommentRequest(id, request))
      })
    },
    stop() {
      provider.off('status', onStatus)
      provider.off('connection-close', onClose)
      failAll('The editor closed')
    },
  }
}
