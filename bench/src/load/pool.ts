/** Forks the load-generator processes and collects their answers phase by phase. */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromWorker, ToWorker } from './messages.js'

const workerEntry = fileURLToPath(new URL('./worker.js', import.meta.url))

export class WorkerPool {
  private readonly children: ChildProcess[]
  private readonly inbox: FromWorker[][]
  private readonly waiters: Array<(() => void) | null>
  private readonly exits: Array<string | null>

  constructor(count: number) {
    this.children = Array.from({ length: count }, () =>
      fork(workerEntry, [], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      }),
    )
    this.inbox = this.children.map(() => [])
    this.waiters = this.children.map(() => null)
    this.exits = this.children.map(() => null)
    for (const [i, child] of this.children.entries()) {
      child.on('message', (message: FromWorker) => {
        this.inbox[i]!.push(message)
        this.waiters[i]?.()
      })
      child.on('exit', (code, signal) => {
        this.exits[i] = `load worker ${i} exited (code ${code}, signal ${signal})`
        this.waiters[i]?.()
      })
    }
  }

  /** Process ids of the workers, for CPU accounting. */
  get pids(): number[] {
    return this.children.map((c) => c.pid ?? 0)
  }

  get size(): number {
    return this.children.length
  }

  send(index: number, message: ToWorker): void {
    this.children[index]!.send(message)
  }

  /** The next message of each worker; rejects on an error message, a dead worker or the deadline. */
  async collect<T extends FromWorker['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Array<Extract<FromWorker, { type: T }>>> {
    const deadline = Date.now() + timeoutMs
    return Promise.all(
      this.children.map(async (_, i) => {
        while (this.inbox[i]!.length === 0) {
          if (this.exits[i]) throw new Error(this.exits[i]!)
          const left = deadline - Date.now()
          if (left <= 0) throw new Error(`load worker ${i}: no '${type}' within ${timeoutMs} ms`)
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, left)
            this.waiters[i] = () => {
              clearTimeout(timer)
              resolve()
            }
          })
          this.waiters[i] = null
        }
        const message = this.inbox[i]!.shift()!
        if (message.type === 'error') throw new Error(`load worker ${i}: ${message.message}`)
        if (message.type !== type)
          throw new Error(`load worker ${i}: expected '${type}', got '${message.type}'`)
        return message as Extract<FromWorker, { type: T }>
      }),
    )
  }

  async close(): Promise<void> {
    await Promise.all(
      this.children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
            child.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
            try {
              child.send({ type: 'close' } satisfies ToWorker)
            } catch {
              child.kill('SIGKILL')
            }
          }),
      ),
    )
  }
}
