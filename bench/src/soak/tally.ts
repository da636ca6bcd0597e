/**
 * Counts for one attack: attempts, outcomes (`http 429`, `close 4503`, `reset`, `timeout`, …) and
 * errors (anything the generator itself did not expect), plus what the attack held open. Also the
 * registry of every socket the attacker opened, so all of them are closed at the end.
 */
import type { Socket } from 'node:net'
import type WebSocket from 'ws'

export interface AttackReport {
  attack: string
  description: string
  attempts: number
  outcomes: Record<string, number>
  errors: Record<string, number>
  /** Other figures the attack adds up (bytes left unread, frames sent, …). */
  figures: Record<string, number>
  /** Most of this attack's resources held open at once for more than a second. */
  heldPeak: number
  heldAtEnd: number
}

export type HeldKind = 'websockets' | 'eventStreams' | 'rawSockets' | 'requests'

export class Tally {
  attempts = 0
  private readonly outcomes = new Map<string, number>()
  private readonly errors = new Map<string, number>()
  private readonly figures = new Map<string, number>()
  held = 0
  heldPeak = 0

  constructor(
    readonly attack: string,
    readonly description: string,
    readonly kind: HeldKind,
  ) {}

  outcome(name: string): void {
    this.outcomes.set(name, (this.outcomes.get(name) ?? 0) + 1)
  }

  add(figure: string, n: number): void {
    this.figures.set(figure, (this.figures.get(figure) ?? 0) + n)
  }

  error(error: unknown): void {
    const code =
      (error as { code?: unknown })?.code ??
      (error instanceof Error ? error.message.slice(0, 80) : String(error).slice(0, 80))
    const key = String(code)
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1)
  }

  /**
   * Counts a resource as held once it has stayed open for a second: a server that admits and
   * then closes at once (a cap enforced after the handshake) is not holding it.
   * Returns the function to call when it closes.
   */
  hold(isOpen: () => boolean): () => void {
    let counted = false
    const timer = setTimeout(() => {
      if (!isOpen()) return
      counted = true
      this.held++
      this.heldPeak = Math.max(this.heldPeak, this.held)
    }, 1000)
    let released = false
    return () => {
      if (released) return
      released = true
      clearTimeout(timer)
      if (counted) this.held--
    }
  }

  report(): AttackReport {
    return {
      attack: this.attack,
      description: this.description,
      attempts: this.attempts,
      outcomes: Object.fromEntries([...this.outcomes].sort((a, b) => b[1] - a[1])),
      errors: Object.fromEntries([...this.errors].sort((a, b) => b[1] - a[1])),
      figures: Object.fromEntries(this.figures),
      heldPeak: this.heldPeak,
      heldAtEnd: this.held,
    }
  }
}

/** Every socket the attacker opened and has not seen close; destroyed at clean-up. */
export class OpenSockets {
  private readonly raw = new Set<Socket>()
  private readonly ws = new Set<WebSocket>()

  addRaw(socket: Socket): void {
    this.raw.add(socket)
    socket.once('close', () => this.raw.delete(socket))
  }

  addWs(ws: WebSocket): void {
    this.ws.add(ws)
    ws.once('close', () => this.ws.delete(ws))
  }

  get size(): number {
    return this.raw.size + this.ws.size
  }

  /** Destroys whatever is still open; returns how many there were. */
  destroyAll(): number {
    const n = this.size
    for (const socket of this.raw) socket.destroy()
    for (const ws of this.ws) ws.terminate()
    this.raw.clear()
    this.ws.clear()
    return n
  }
}
