/**
 * Checks an incoming awareness update before it reaches the room's Awareness: a connection may only
 * set or remove the awareness client ids it owns (the first ones it uses, up to a limit, and never
 * one another connection in the room owns), and each state has a maximum size. Entries that break a
 * rule are dropped; what remains is re-encoded.
 */

import { readSafeVarUint } from '@trepart/shared'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export interface AwarenessEntry {
  clientId: number
  clock: number
  /** The JSON text of the state; "null" removes the client. */
  stateJson: string
}

/**
 * Decodes an awareness update; throws on malformed input. An update that says it holds more than
 * `maxEntries` entries is answered `null` before any entry is read: thousands of tiny entries in
 * one frame would otherwise each cost a decode and a check.
 */
export function decodeAwarenessUpdate(
  update: Uint8Array,
  maxEntries = Number.POSITIVE_INFINITY,
): AwarenessEntry[] | null {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  if (count > maxEntries) return null
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    // Both are written back to the room (encodeAwarenessEntries): safe integers only.
    const clientId = readSafeVarUint(decoder)
    const clock = readSafeVarUint(decoder)
    const stateJson = decoding.readVarString(decoder)
    JSON.parse(stateJson) // malformed JSON is a protocol error, like in y-protocols
    entries.push({ clientId, clock, stateJson })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after awareness update')
  return entries
}

export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId)
    encoding.writeVarUint(encoder, e.clock)
    encoding.writeVarString(encoder, e.stateJson)
  }
  return encoding.toUint8Array(encoder)
}

export interface AwarenessOwnership {
  /** Client ids this connection owns. */
  own: Set<number>
  /**
   * Whether another connection of the room owns `clientId`. An implementation may hand the id over
   * instead (and answer false) when the other connection is the same user's older one: a client
   * that reconnects before the server noticed its old socket died keeps its presence.
   */
  ownedByOther(clientId: number): boolean
  maxClients: number
  maxStateBytes: number
}

export interface FilterResult {
  accepted: AwarenessEntry[]
  dropped: number
}

/** Keeps the entries the connection may send; claims new client ids for it within its limit. */
export function filterAwarenessEntries(
  entries: readonly AwarenessEntry[],
  o: AwarenessOwnership,
): FilterResult {
  const accepted: AwarenessEntry[] = []
  let dropped = 0
  for (const entry of entries) {
    const tooLarge = Buffer.byteLength(entry.stateJson, 'utf8') > o.maxStateBytes
    if (tooLarge || o.ownedByOther(entry.clientId)) {
      dropped++
      continue
    }
    if (!o.own.has(entry.clientId)) {
      if (o.own.size >= o.maxClients) {
        dropped++
        continue
      }
      o.own.add(entry.clientId)
    }
    accepted.push(entry)
  }
  return { accepted, dropped }
}

/**
 * Overwrites the `user` field of an awareness state with the server's view of the connection, so a
 * client can never show another name, party or colour. A removal (`null`) stays a removal.
 */
export function stampUser(stateJson: string, user: object): string {
  const state: unknown = JSON.parse(stateJson)
  if (state === null) return stateJson
  const base = typeof state === 'object' && !Array.isArray(state) ? (state as Record<string, unknown>) : {}
  return JSON.stringify({ ...base, user })
}
