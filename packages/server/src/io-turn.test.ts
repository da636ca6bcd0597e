import net from 'node:net'
import { describe, expect, it } from 'vitest'
import { nextIoTurn } from './io-turn.js'

describe('nextIoTurn', () => {
  it('lets input that arrived while the caller ran be handled before it goes on', async () => {
    const order: string[] = []
    const server = net.createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as net.AddressInfo
    const peer = net.connect(port, '127.0.0.1')
    const socket = await new Promise<net.Socket>((resolve) => server.once('connection', resolve))
    const first = new Promise<void>((resolve) => socket.once('data', () => resolve()))
    peer.write('a')
    await first
    // Inside an I/O callback's continuation: more input arrives while this code is busy.
    socket.on('data', () => order.push('input'))
    peer.write('b')
    const until = Date.now() + 50
    while (Date.now() < until) {} // busy, as a synchronous query chain is
    await nextIoTurn()
    order.push('after the turn')
    expect(order).toEqual(['input', 'after the turn'])
    peer.destroy()
    socket.destroy()
    await new Promise((resolve) => server.close(resolve))
  })
})
