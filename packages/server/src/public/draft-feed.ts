/**
 * Keeps public readers of a draft current without letting them near the room: a committed write
 * marks its document (one map lookup on the write's path, and nothing at all for a document no
 * public reader watches); at most once per `intervalMs` per document the article is rendered once
 * from the committed content and handed to every watcher of that document, however many. A
 * status change (a round started, final) tells watchers to load the page again, since what they
 * may read changed. Scaled out, another instance's writes mark the document from the room here
 * (FanoutSync) or, without one, from DraftHeads.
 */
import type { Locale } from '@trepart/shared'
import type { Logger } from 'pino'
import { memo } from './memo.js'

/**
 * What a watcher is handed: the article and the document's title as an encoded `article` event in
 * its reader's language (rendered and encoded once per language, whoever asks first, and the same
 * bytes written to every reader), or that the page must be loaded anew. The title travels with
 * every article: a rename is a metadata change that renders anew like an edit, and a page shows
 * the title in its `<h1>` and `<title>`.
 */
export type DraftNews = { type: 'article'; frame: (locale: Locale) => Uint8Array } | { type: 'reload' }

/** The document's title, content and status as a page would show them now; null when it is gone. */
export type ReadDraft = (
  documentId: string,
) => Promise<{ status: string; title: string; html: (locale: Locale) => string } | null>

export class DraftFeed {
  private readonly watchers = new Map<string, Set<(news: DraftNews) => void>>()
  /** Documents with a render due, and when it is due. */
  private readonly due = new Map<string, NodeJS.Timeout>()
  private readonly lastStatus = new Map<string, string>()
  /** The last article handed out per document: a new watcher gets it at once. */
  private readonly latest = new Map<string, DraftNews>()

  constructor(
    private readonly read: ReadDraft,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** The documents someone watches. */
  documents(): string[] {
    return [...this.watchers.keys()]
  }

  /** Watchers across documents (leak checks). */
  get size(): number {
    let n = 0
    for (const set of this.watchers.values()) n += set.size
    return n
  }

  watch(documentId: string, status: string, listener: (news: DraftNews) => void): () => void {
    const set = this.watchers.get(documentId) ?? new Set()
    set.add(listener)
    this.watchers.set(documentId, set)
    this.lastStatus.set(documentId, status)
    // Whatever was written between loading the page and opening the stream: the article as it is.
    const latest = this.latest.get(documentId)
    if (latest) queueMicrotask(() => set.has(listener) && listener(latest))
    else this.schedule(documentId, 0)
    return () => {
      set.delete(listener)
      if (set.size > 0) return
      this.watchers.delete(documentId)
      this.lastStatus.delete(documentId)
      this.latest.delete(documentId)
      clearTimeout(this.due.get(documentId))
      this.due.delete(documentId)
    }
  }

  /** On every committed write: free unless someone watches the document. */
  contentChanged(documentId: string): void {
    if (this.watchers.has(documentId)) this.schedule(documentId, this.intervalMs)
  }

  private schedule(documentId: string, delayMs: number): void {
    if (this.due.has(documentId)) return
    const timer = setTimeout(() => {
      this.due.delete(documentId)
      void this.send(documentId)
    }, delayMs)
    timer.unref()
    this.due.set(documentId, timer)
  }

  /** A metadata change: a new status sends every watcher back to the page; otherwise a new render (a new title with it). */
  metadataChanged(documentId: string): void {
    if (this.watchers.has(documentId)) this.contentChanged(documentId)
  }

  private async send(documentId: string): Promise<void> {
    try {
      const rendered = await this.read(documentId)
      const set = this.watchers.get(documentId)
      if (!set) return
      const before = this.lastStatus.get(documentId)
      const news: DraftNews =
        !rendered || rendered.status !== before
          ? { type: 'reload' }
          : {
              type: 'article',
              frame: memo((locale) => encodeArticle(rendered.title, rendered.html(locale))),
            }
      if (news.type === 'article') this.latest.set(documentId, news)
      for (const listener of [...set]) listener(news)
    } catch (err) {
      this.log.warn({ err, documentId }, 'draft not rendered for its public readers')
    }
  }

  close(): void {
    for (const timer of this.due.values()) clearTimeout(timer)
    this.due.clear()
  }
}

/** The `article` event of the stream, encoded once. */
function encodeArticle(title: string, html: string): Uint8Array {
  return new TextEncoder().encode(`event: article\ndata: ${JSON.stringify({ title, html })}\n\n`)
}
