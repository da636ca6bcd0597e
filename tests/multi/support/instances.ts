/**
 * Several Trepart instances as real processes on this machine, the way `infra/compose.yaml` runs
 * them as containers: the same command (`node packages/server/dist/main.js`, what the image's
 * entrypoint runs) and the same environment variables, one PostgreSQL schema and one Redis shared
 * by all. The compose test checks that the two stay the same (compose.test.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { waitFor } from '@trepart/server/test-support'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

/** What starts one instance, relative to the repository root (the image's working directory). */
export const INSTANCE_COMMAND = ['node', 'packages/server/dist/main.js'] as const

/**
 * The environment every instance of a shared deployment gets. Keys only here; compose.yaml must
 * name each of them for its app service.
 */
export function instanceEnv(options: {
  databaseUrl: string
  redisUrl: string
  port?: number
  /** Every address the instances are reached at: behind a load balancer, one public origin. */
  allowedOrigins?: readonly string[]
}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(options.port ?? 0),
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    ALLOWED_ORIGINS: (options.allowedOrigins ?? []).join(','),
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
  }
}

export interface Instance {
  name: string
  child: ChildProcess
  url: string
  collabUrl: string
  output(): string
  exited: Promise<number | string>
  /** SIGKILL: no shutdown, no goodbye to Redis or to the clients. */
  kill(): Promise<void>
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<number | string>
}

export async function startInstance(
  name: string,
  env: Record<string, string>,
  extra: Record<string, string> = {},
): Promise<Instance> {
  const [command, ...args] = INSTANCE_COMMAND
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    cwd: root,
    env: { ...process.env, ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout!.on('data', (d) => {
    out += d
  })
  child.stderr!.on('data', (d) => {
    out += d
  })
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 30_000)
    const onData = () => {
      const match = /running at (http:\/\/[^\s"]+)/.exec(out)
      if (match) {
        clearTimeout(timer)
        child.stdout!.off('data', onData)
        resolve(match[1]!)
      }
    }
    child.stdout!.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited (${code}) before starting:\n${out}`))
    })
  })
  // The printed address may be `localhost`; the tests talk to the address the instance listens on.
  const port = new URL(url).port
  const direct = `http://127.0.0.1:${port}`
  return {
    name,
    child,
    url: direct,
    collabUrl: `ws://127.0.0.1:${port}/collab`,
    output: () => out,
    exited,
    async kill() {
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      child.kill('SIGTERM')
      return exited
    },
  }
}

/** A free TCP port on 127.0.0.1 (for a Redis of the test's own). */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  await new Promise((resolve) => server.close(resolve))
  return port
}

export interface RedisServer {
  url: string
  port: number
  /** Stops it (SIGKILL: what a crash or a restart without saving looks like). */
  kill(): Promise<void>
  /** Starts it again on the same port, empty. */
  start(): Promise<void>
}

/**
 * A real Redis of the test's own (Debian's `redis-server`), on a free port and keeping nothing on
 * disk, so a test may restart it without touching the machine's Redis that other suites use.
 */
export async function startRedis(options: { password?: string } = {}): Promise<RedisServer> {
  const port = await freePort()
  const auth = options.password ? ['--requirepass', options.password] : []
  let child: ChildProcess | null = null
  let exited: Promise<unknown> = Promise.resolve()
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth],
      {
        stdio: 'ignore',
      },
    )
    const current = child
    exited = new Promise((resolve) => current.on('exit', resolve))
    await waitFor(() => canConnect(port), {
      timeoutMs: 10_000,
      message: () => `redis on ${port} did not start`,
    })
  }
  await start()
  return {
    url: options.password
      ? `redis://:${encodeURIComponent(options.password)}@127.0.0.1:${port}`
      : `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      child?.kill('SIGKILL')
      await exited
      child = null
    },
    start,
  }
}

async function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** A PostgreSQL URL whose connections use `schema` (pg reads `options` from the URL). */
export function databaseUrlFor(baseUrl: string, schema: string): string {
  const url = new URL(baseUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return url.toString()
}
