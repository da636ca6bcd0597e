/** Forks the public pages bench's load generator (generator.ts) and reads its answers in order. */
import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { FromGenerator, ToGenerator } from './messages.js'

const entry = fileURLToPath(new URL('./generator.js', import.meta.url))

export class GeneratorProcess {
  private readonly child: ChildProcess
  private readonly inbox: FromGenerator[] = []
  private wake: (() => void) | null = null
  private exit: string | null = null

  constructor() {
    this.child = fork(entry, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
    })
    this.child.on('message', (message: FromGenerator) => {
      this.inbox.push(message)
      this.wake?.()
    })
    this.child.on('exit', (code, signal) => {
      this.exit = `the load generator exited (code ${code}, signal ${signal})`
      this.wake?.()
    })
  }

  get pid(): number {
    return this.child.pid ?? 0
  }

  send(message: ToGenerator): void {
    this.child.send(message)
  }

  /** The generator's next answer, which must be of `type`; rejects on an error, its exit or the deadline. */
  async next<T extends FromGenerator['type']>(
    type: T,
    timeoutMs: number,
  ): Promise<Extract<FromGenerator, { type: T }>> {
    const deadline = Date.now() + timeoutMs
    while (this.inbox.length === 0) {
      if (this.exit) throw new Error(this.exit)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`the load generator sent no '${type}' within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
      this.wake = null
    }
    const message = this.inbox.shift()!
    if (message.type === 'error') throw new Error(`load generator: ${message.message}`)
    if (message.type !== type) throw new Error(`load generator: expected '${type}', got '${message.type}'`)
    return message as Extract<FromGenerator, { type: T }>
  }

  /** Ends the generator (it exits when its channel closes), killing it if it does not within 5 s. */
  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000)
    this.child.disconnect()
    await exited
    clearTimeout(timer)
  }
}
