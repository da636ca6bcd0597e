/**
 * `/readyz`'s answer: each dependency pinged on its own, so the answer says which one is away. A
 * ping that hangs (a database behind a dead link) counts as away after a deadline instead of
 * holding the probe, and one round of pings answers every probe that arrives while it runs and
 * for a moment after: a load balancer probing every instance often, or anyone on the network
 * asking in a loop, costs one database query and one Redis ping per moment, not per request.
 */
import type { Logger } from 'pino'

export type DependencyState = 'ok' | 'unavailable'

export interface Dependency {
  name: string
  ping(): Promise<void>
}

export interface ReadinessOptions {
  /** A ping not answered by then counts as unavailable. */
  timeoutMs: number
  /** How long a finished round's answer is given again. */
  cacheMs: number
}

export class Readiness {
  private round: Promise<Record<string, DependencyState>> | null = null
  private roundEndedAt = 0

  constructor(
    private readonly dependencies: readonly Dependency[],
    private readonly options: ReadinessOptions,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The state of every dependency, from the round under way or one that ended under `cacheMs` ago. */
  check(): Promise<Record<string, DependencyState>> {
    const fresh =
      this.round && (this.roundEndedAt === 0 || this.now() - this.roundEndedAt < this.options.cacheMs)
    if (fresh && this.round) return this.round
    this.roundEndedAt = 0
    const round = this.runRound().finally(() => {
      if (this.round === round) this.roundEndedAt = this.now()
    })
    this.round = round
    return round
  }

  private async runRound(): Promise<Record<string, DependencyState>> {
    const states = await Promise.all(this.dependencies.map((d) => this.pingOne(d)))
    return Object.fromEntries(this.dependencies.map((d, i) => [d.name, states[i]!]))
  }

  private async pingOne(dependency: Dependency): Promise<DependencyState> {
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      )
    })
    try {
      await Promise.race([dependency.ping(), deadline])
      return 'ok'
    } catch (error) {
      this.log.warn({ err: error, dependency: dependency.name }, 'readiness check failed')
      return 'unavailable'
    } finally {
      clearTimeout(timer)
    }
  }
}
