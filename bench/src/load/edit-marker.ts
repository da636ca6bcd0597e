/**
 * Each benchmark edit inserts a marker `~<writer>.<seq>~` (base 36). Yjs stores inserted text as
 * plain UTF-8 inside an update, so a receiver finds the markers in the raw frame without decoding
 * it — the light clients stay cheap, and the same scan works on a full client's applied update.
 */

export function marker(writer: number, seq: number): string {
  return `~${writer.toString(36)}.${seq.toString(36)}~`
}

const pattern = /~([0-9a-z]+)\.([0-9a-z]+)~/g

/** Calls `found(writer, seq)` for every marker in `bytes`. */
export function scanMarkers(bytes: Uint8Array, found: (writer: number, seq: number) => void): void {
  // Cheap exit: no '~' byte, no marker (most awareness and sync-status frames).
  if (bytes.indexOf(0x7e) === -1) return
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
  pattern.lastIndex = 0
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    found(Number.parseInt(m[1]!, 36), Number.parseInt(m[2]!, 36))
  }
}
