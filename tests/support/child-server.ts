/**
 * Runs `packages/server/dist/main.js` — what `npm start` runs — in a child process, for tests that
 * kill the server (SIGKILL) or stop it with a signal. Resolves once it prints its URL.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const mainJs = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../packages/server/dist/main.js',
)

export interface ChildServer {
  child: ChildProcess
  url: string
  collabUrl: string
  output(): string
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>
}

export async function startChildServer(env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, [mainJs], {
    env: { ...process.env, PORT: '0', LOG_PRETTY: 'false', LOG_LEVEL: 'info', ...env },
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
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 20_000)
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
      reject(new Error(`server exited (${code}) before starting:\n${out}`))
    })
  })
  return { child, url, collabUrl: `${url.replace(/^http/, 'ws')}/collab`, output: () => out, exited }
}
