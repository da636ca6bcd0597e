/**
 * Drafts' committed content as their public pages, live readers and exports show it: the
 * ProseMirror JSON and its article per language, read and rendered once per change instead of once
 * per request (a read copies the Y.Doc and converts it; a render walks the whole text). Exact, not
 * timed: every committed write of a document calls `changed` (the hook the draft feed uses), which
 * drops its entry, a read still under way included, so the next request reads anew; a request
 * never gets content older than the last write committed before it arrived. Bounded by
 * PUBLIC_DRAFT_CACHE_ENTRIES, least recently used first out. Scaled out, another instance's writes
 * reach `changed` from the room here (FanoutSync) or, without one, from DraftHeads within
 * PUBLIC_LIVE_INTERVAL_MS.
 */
import type { Locale } from '@trepart/shared'
import type { ContentJson } from '../content/content-json.js'
import { memo } from './memo.js'
import { RenderCache } from './render-cache.js'

/** A draft's content as committed, and its article in a language (rendered at most once each). */
export interface DraftArticle {
  readonly content: ContentJson
  html(locale: Locale): string
}

/** Reads the document's committed content (never a room's write: readCommitted). */
type ReadContent = (documentId: string) => Promise<ContentJson>
/** Renders the article of `content` in a language. */
type RenderArticle = (content: ContentJson, locale: Locale) => string

/** One state for every entry: an entry holds until `changed` drops it. */
const CURRENT = ''

export class DraftContent {
  private readonly cache: RenderCache<Promise<DraftArticle>>

  constructor(
    private readonly read: ReadContent,
    private readonly render: RenderArticle,
    maxEntries: number,
  ) {
    this.cache = new RenderCache(maxEntries)
  }

  /** The documents with an entry (shared mode checks them against the database, DraftHeads). */
  documents(): string[] {
    return [...this.cache.keys()]
  }

  /** Entries held (tests, metrics). */
  get size(): number {
    return this.cache.size
  }

  /** The draft's content and article now: the entry's, or read anew (and shared by whoever asks meanwhile). */
  get(documentId: string): Promise<DraftArticle> {
    // The entry is in place before the read starts: a write committed during the read drops it.
    return this.cache.get(documentId, CURRENT, () => {
      const entry = this.load(documentId)
      // A failed read is not remembered; the next request tries again.
      entry.catch(() => this.cache.forget(documentId, entry))
      return entry
    })
  }

  /** On every committed write of the document (and a seeded one): its entry no longer holds. */
  changed(documentId: string): void {
    this.cache.forget(documentId)
  }

  private async load(documentId: string): Promise<DraftArticle> {
    const content = await this.read(documentId)
    return { content, html: memo((locale) => this.render(content, locale)) }
  }
}
