/**
 * What the coordinator needs from a server under test, and the helper that starts one in its own
 * process and waits for the line saying where it listens.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import type { CommentApi } from '../load/comments.js'
import type { Protocol } from '../load/wire.js'

/** How a commenter writes: over its collaboration sockets, as the web app, or as HTTP requests. */
export type CommentTransport = 'socket' | 'http'

export type PeerName = 'trepart-sqlite' | 'reference' | 'hocuspocus' | 'trepart-pg'

export const peerLabels: Record<PeerName, string> = {
  'trepart-sqlite': 'Trepart (SQLite)',
  reference: '@y/websocket-server 0.1.1',
  hocuspocus: 'Hocuspocus 4.7 + SQLite',
  'trepart-pg': 'Trepart (PostgreSQL)',
}

export interface RunningPeer {
  readonly name: PeerName
  readonly protocol: Protocol
  readonly pid: number
  /** y-websocket: rooms are appended as `/<room>`; Hocuspocus: the server URL. */
  readonly baseUrl: string
  /** Headers every websocket sends (session cookie and Origin for Trepart). */
  readonly headers: Record<string, string>
  /** True once the process exited on its own. */
  readonly failed: () => string | null
  createDocuments(count: number): Promise<string[]>
  /** Updates appended to the update log so far (Trepart only). */
  committedUpdates?(): Promise<number>
  /**
   * Trepart only: a second account, a member of the documents' workspace with role commenter
   * (another party than the writers'), signed in, that writes comments on `rooms` as the web app
   * does: over a collaboration socket on each (`socket`), or through the HTTP API (`http`).
   */
  commenter?(rooms: string[], over: CommentTransport): Promise<CommentApi>
  /** Stops the server; rejects if it did not stop cleanly. */
  stop(): Promise<void>
}

export interface SpawnedServer {
  child: ChildProcess
  /** The first match of `ready` on stdout. */
  match: RegExpExecArray
  failed: () => string | null
  /** SIGTERM, then SIGKILL after `timeoutMs`; rejects unless it exits 0 (or by SIGTERM if `signalIsClean`). */
  stop(timeoutMs: number, signalIsClean?: boolean): Promise<void>
}

/** Starts `node args` and resolves when a stdout line matches `ready`. */
export function spawnServer(
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; ready: RegExp; timeoutMs: number; label: string },
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let tail = ''
  let exit: string | null = null
  let stopping = false
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000)
  }
  child.stderr?.on('data', keep)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => {
      if (!stopping) exit = `${options.label} exited on its own (code ${code}, signal ${signal}): ${tail}`
      resolve({ code, signal })
    })
  })
  return new Promise((resolve, reject) => {
    let buffer = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${options.label} did not start within ${options.timeoutMs} ms: ${tail}`))
    }, options.timeoutMs)
    child.on('exit', () => {
      clearTimeout(timer)
      reject(new Error(`${options.label} exited during start: ${tail}`))
    })
    const onData = (chunk: Buffer) => {
      keep(chunk)
      buffer += chunk.toString()
      const match = options.ready.exec(buffer)
      if (!match) {
        buffer = buffer.slice(-2000)
        return
      }
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      child.stdout?.on('data', keep)
      resolve({
        child,
        match,
        failed: () => exit,
        async stop(timeoutMs, signalIsClean = false) {
          stopping = true
          if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(exit ?? `${options.label} was not running`)
          }
          child.kill('SIGTERM')
          const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
          const { code, signal } = await exited
          clearTimeout(killer)
          if (code === 0 || (signalIsClean && signal === 'SIGTERM')) return
          throw new Error(`${options.label} stopped with code ${code}, signal ${signal}: ${tail}`)
        },
      })
    }
    child.stdout?.on('data', onData)
  })
}

/** A free TCP port on 127.0.0.1, for servers that cannot listen on port 0 and say which. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

let counter = 0
/** Document names for peers that create documents on first use. */
export function roomNames(count: number): string[] {
  const run = `${process.pid.toString(36)}${(counter++).toString(36)}`
  return Array.from({ length: count }, (_, i) => `bench-${run}-${i}`)
}
