import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SoonWrites } from './soon-writes.js'

/** A real TCP connection on loopback: the server's end (written to) and what the client end reads. */
async function pair() {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve))
  const client = net.connect(port, '127.0.0.1')
  const socket = await accepted
  let received = ''
  const waiters: Array<{ text: string; resolve: () => void }> = []
  client.on('data', (chunk) => {
    received += chunk.toString()
    for (const w of waiters.splice(0)) {
      if (received.includes(w.text)) w.resolve()
      else waiters.push(w)
    }
  })
  const close = () => {
    client.destroy()
    socket.destroy()
    server.close()
  }
  /** Resolves once the client has read `text`. */
  const read = (text: string) =>
    received.includes(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => waiters.push({ text, resolve }))
  return { socket, read, received: () => received, close }
}

const cleanups: Array<() => void> = []
afterEach(() => {
  for (const c of cleanups.splice(0)) c()
})

describe('SoonWrites', () => {
  it('holds what is written until the next release, then writes it all in order', async () => {
    const p = await pair()
    cleanups.push(p.close)
    const soon = new SoonWrites(60_000)
    cleanups.push(() => soon.releaseAll())
    soon.hold(p.socket)
    p.socket.write('event;')
    // Corked: nothing was handed to the kernel.
    expect(p.socket.writableCorked).toBe(1)
    expect(p.socket.writableLength).toBe('event;'.length)
    soon.hold(p.socket) // held once, however often
    expect(p.socket.writableCorked).toBe(1)
    p.socket.write('edit;')
    soon.release(p.socket)
    expect(p.socket.writableCorked).toBe(0)
    expect(soon.size).toBe(0)
    await p.read('edit;')
    expect(p.received()).toBe('event;edit;')
  })

  it('lets go of every held socket when the delay is up, with no release', async () => {
    const a = await pair()
    const b = await pair()
    cleanups.push(a.close, b.close)
    const soon = new SoonWrites(20)
    soon.hold(a.socket)
    soon.hold(b.socket)
    a.socket.write('to a;')
    b.socket.write('to b;')
    expect(soon.size).toBe(2)
    await Promise.all([a.read('to a;'), b.read('to b;')])
    expect(soon.size).toBe(0)
    expect(a.socket.writableCorked).toBe(0)
    expect(b.socket.writableCorked).toBe(0)
  })

  it('holds nothing with a delay of 0, nor a socket that is gone', async () => {
    const p = await pair()
    cleanups.push(p.close)
    const none = new SoonWrites(0)
    none.hold(p.socket)
    expect(p.socket.writableCorked).toBe(0)
    expect(none.size).toBe(0)
    const soon = new SoonWrites(60_000)
    cleanups.push(() => soon.releaseAll())
    p.socket.destroy()
    soon.hold(p.socket)
    expect(soon.size).toBe(0)
  })

  it('forgets a released socket, so a closed one is not kept', async () => {
    const p = await pair()
    cleanups.push(p.close)
    const soon = new SoonWrites(60_000)
    cleanups.push(() => soon.releaseAll())
    soon.hold(p.socket)
    soon.release(p.socket)
    soon.release(p.socket) // a second release (the close after a send) uncorks nothing more
    expect(p.socket.writableCorked).toBe(0)
    expect(soon.size).toBe(0)
  })
})
