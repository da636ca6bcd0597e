/**
 * Writes that may wait a moment: server events (a comment, a sign-off, a rename) that no keystroke
 * waits on. A socket that is sent one is held (corked) until the next frame sent to it at once (an
 * edit's broadcast, an answer) or until `delayMs` have passed, whichever comes first; then
 * everything it holds goes out in one write. On a document being edited, a comment's event to each
 * of its connections thus costs no system call and no wakeup of the client of its own, which is
 * what made a comment's fan-out as dear as an edit's (docs/performance.md). Frames keep their
 * order: they are all in the socket's one queue.
 *
 * Bounded: a socket is held at most `delayMs` (one timer for all of them, not one each), and what
 * it holds counts in the socket's buffered bytes, which the adapter caps as for any other send.
 */
import type { Duplex } from 'node:stream'

export class SoonWrites {
  private readonly held = new Set<Duplex>()
  private timer: NodeJS.Timeout | null = null

  /** `delayMs` 0 holds nothing: every frame is written at once. */
  constructor(private readonly delayMs: number) {}

  /** Sockets held now (tests). */
  get size(): number {
    return this.held.size
  }

  /** Holds what is written to `socket` from now on, until {@link release} or the timer. */
  hold(socket: Duplex): void {
    if (this.delayMs <= 0 || socket.destroyed || this.held.has(socket)) return
    socket.cork()
    this.held.add(socket)
    if (this.timer === null) {
      this.timer = setTimeout(() => this.releaseAll(), this.delayMs)
      this.timer.unref()
    }
  }

  /** Writes out what `socket` holds now, and forgets it (also for a socket that closed). */
  release(socket: Duplex): void {
    if (this.held.delete(socket)) socket.uncork()
  }

  releaseAll(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer)
      this.timer = null
    }
    for (const socket of this.held) {
      try {
        socket.uncork()
      } catch {
        // A socket torn down meanwhile: its close listeners clean up; the others still go out.
      }
    }
    this.held.clear()
  }
}
