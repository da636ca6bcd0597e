/**
 * A Redis of the run's own: Debian's `redis-server` on a free port, keeping nothing on disk, so its
 * CPU (one pid in /proc) is the fan-out's alone and the machine's Redis, which other suites use, is
 * never touched. Started before the instances of one run and stopped after them.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import { freePort } from '../peers/peer.js'

export interface RunRedis {
  readonly url: string
  readonly port: number
  readonly pid: number
  stop(): Promise<void>
}

const START_TIMEOUT_MS = 10_000
const STOP_TIMEOUT_MS = 5_000
const POLL_MS = 50

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

export async function startRedis(): Promise<RunRedis> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000)
  })
  let exit: string | null = null
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exit = `redis-server exited (code ${code}, signal ${signal}) ${stderr}`
      resolve()
    })
  })
  // spawn reports a missing binary as an 'error' event, not a throw.
  child.on('error', (error) => {
    exit = `redis-server could not start: ${error.message}`
  })
  const deadline = Date.now() + START_TIMEOUT_MS
  while (!(await canConnect(port))) {
    if (exit) throw new Error(exit)
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`redis-server on ${port} did not accept connections within ${START_TIMEOUT_MS} ms`)
    }
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(killer)
    },
  }
}
