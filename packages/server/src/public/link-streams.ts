/**
 * The live streams opened through each share link, so that revoking a link ends them at once (a
 * revoked link answers 404 from then on, and its open streams must not go on carrying new text),
 * and so that the route can count them against the cap per link.
 */
export class LinkStreams {
  private readonly byLink = new Map<string, Set<() => void>>()

  /** Registers a stream's ending under its link; returns the removal, run when the stream ends. */
  add(linkId: string, end: () => void): () => void {
    const set = this.byLink.get(linkId) ?? new Set()
    set.add(end)
    this.byLink.set(linkId, set)
    return () => {
      set.delete(end)
      if (set.size === 0) this.byLink.delete(linkId)
    }
  }

  /** Streams open through the link now (its cap, MAX_PUBLIC_STREAMS_PER_LINK). */
  count(linkId: string): number {
    return this.byLink.get(linkId)?.size ?? 0
  }

  /** Ends every stream of the link (it was revoked). */
  end(linkId: string): void {
    for (const end of [...(this.byLink.get(linkId) ?? [])]) end()
  }

  get size(): number {
    return this.byLink.size
  }
}
