/**
 * Which positions of a document's log a room holds (shared mode): everything up to `contiguous`,
 * plus some above it that arrived early. Positions have no holes in the database, so one here is an
 * update the bus dropped or has yet to deliver.
 */
export class LogPositions {
  private readonly above = new Set<number>()

  constructor(private through: number) {}

  /** Every position up to this one is held. */
  get contiguous(): number {
    return this.through
  }

  /** Whether some position below the highest held is missing. */
  get hasHole(): boolean {
    return this.above.size > 0
  }

  /** The highest position held. */
  get highest(): number {
    let max = this.through
    for (const seq of this.above) if (seq > max) max = seq
    return max
  }

  /** Records `seq`; false when it was held already (nothing to apply). */
  add(seq: number): boolean {
    if (seq <= this.through || this.above.has(seq)) return false
    this.above.add(seq)
    this.advance()
    return true
  }

  /** Everything up to `head` is held now (read from the database). */
  fillTo(head: number): void {
    if (head <= this.through) return
    this.through = head
    for (const seq of this.above) if (seq <= head) this.above.delete(seq)
    this.advance()
  }

  private advance(): void {
    while (this.above.delete(this.through + 1)) this.through++
  }
}
