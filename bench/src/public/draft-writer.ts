/**
 * An editor of one Trepart document over its websocket, as the web app is one: it holds the
 * document's Y.Doc (the server's copy is empty when it connects, so what it writes is the whole
 * state), sends each change as an update followed by `Flush(n)`, and a write resolves when the
 * server answers `Committed(n)`, that is, once the change is stored and public pages may show it.
 * Raw frames (bench/src/load/wire.ts); the server's own frames are read only for the handshake.
 */
import * as decoding from 'lib0/decoding'
import WebSocket from 'ws'
import * as Y from 'yjs'
import {
  EMPTY_UPDATE,
  MSG_COMMITTED,
  MSG_SYNC,
  SYNC_STEP1,
  SYNC_STEP2,
  SYNC_UPDATE,
  Wire,
} from '../load/wire.js'

export class DraftWriter {
  readonly doc = new Y.Doc()
  private flushes = 0
  private committed = 0
  private waiting: { seq: number; resolve: () => void } | null = null

  private constructor(
    private readonly ws: WebSocket,
    private readonly wire: Wire,
  ) {
    ws.on('message', (data: Buffer) => {
      const d = wire.open(data)
      if (decoding.readVarUint(d) !== MSG_COMMITTED) return
      this.committed = decoding.readVarUint(d)
      if (this.waiting && this.committed >= this.waiting.seq) this.waiting.resolve()
    })
  }

  /** Connects to document `room` at `url` and resolves once the server's sync step 2 is in. */
  static connect(
    url: string,
    room: string,
    headers: Record<string, string>,
    timeoutMs: number,
  ): Promise<DraftWriter> {
    const wire = new Wire('y-websocket', room)
    const ws = new WebSocket(url, { headers, perMessageDeflate: false })
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate()
        reject(new Error(`the writer of ${room} was not synced within ${timeoutMs} ms`))
      }, timeoutMs)
      ws.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
      ws.once('open', () => {
        ws.send(wire.hello())
        for (const frame of wire.opening()) ws.send(frame)
      })
      const handshake = (data: Buffer) => {
        const d = wire.open(data)
        if (decoding.readVarUint(d) !== MSG_SYNC) return
        const sub = decoding.readVarUint(d)
        // The server's copy starts empty: its step 1 gets an empty answer, the content comes as writes.
        if (sub === SYNC_STEP1) ws.send(wire.sync(SYNC_STEP2, EMPTY_UPDATE))
        if (sub !== SYNC_STEP2) return
        ws.off('message', handshake)
        clearTimeout(timer)
        resolve(new DraftWriter(ws, wire))
      }
      ws.on('message', handshake)
    })
  }

  /**
   * Makes a change to the document (`change` edits `this.doc`), sends it and resolves once the
   * server has committed it; rejects after `timeoutMs`. One write at a time.
   */
  async write(change: (doc: Y.Doc) => void, timeoutMs: number): Promise<void> {
    if (this.waiting) throw new Error('one write at a time')
    const updates: Uint8Array[] = []
    const collect = (update: Uint8Array) => updates.push(update)
    this.doc.on('update', collect)
    try {
      change(this.doc)
    } finally {
      this.doc.off('update', collect)
    }
    const seq = ++this.flushes
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null
        reject(new Error(`write ${seq} not committed within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiting = {
        seq,
        resolve: () => {
          clearTimeout(timer)
          this.waiting = null
          resolve()
        },
      }
      this.ws.send(this.wire.sync(SYNC_UPDATE, Y.mergeUpdates(updates)))
      this.ws.send(this.wire.flush(seq))
    })
  }

  /** Appends a paragraph holding `text` at the end of the document and waits for its commit. */
  appendParagraph(text: string, timeoutMs: number): Promise<void> {
    return this.write((doc) => {
      const paragraph = new Y.XmlElement('paragraph')
      doc.getXmlFragment('default').insert(doc.getXmlFragment('default').length, [paragraph])
      paragraph.insert(0, [new Y.XmlText(text)])
    }, timeoutMs)
  }

  close(): void {
    this.ws.close()
    this.doc.destroy()
  }
}
