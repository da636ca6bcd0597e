import type { Locale } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import type { ContentJson } from '../content/content-json.js'
import { waitFor } from '../test-support/wait-for.js'
import { DraftContent } from './draft-content.js'

const paragraph = (text: string): ContentJson => ({
  type: 'doc',
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
})

/** Drafts held as committed content, with a count of reads and renders, and reads that can be held back. */
function drafts(maxEntries = 10) {
  const committed = new Map<string, ContentJson>()
  const reads: string[] = []
  const renders: string[] = []
  let held: Array<() => void> | null = null
  const cache = new DraftContent(
    async (id) => {
      reads.push(id)
      // What is committed when the read starts (as readCommitted reads a room's doc at once).
      const content = committed.get(id)
      if (!content) throw new Error(`no document ${id}`)
      if (held) await new Promise<void>((resolve) => held!.push(resolve))
      return content
    },
    (content, locale: Locale) => {
      renders.push(locale)
      return `${locale}:${JSON.stringify(content)}`
    },
    maxEntries,
  )
  return {
    cache,
    reads,
    renders,
    commit(id: string, text: string) {
      committed.set(id, paragraph(text))
      cache.changed(id)
    },
    hold() {
      held = []
    },
    release() {
      for (const resolve of held ?? []) resolve()
      held = null
    },
  }
}

describe('DraftContent', () => {
  it('reads and renders a draft once per committed change, each language once', async () => {
    const d = drafts()
    d.commit('a', 'første')
    const [first, again] = await Promise.all([d.cache.get('a'), d.cache.get('a')])
    expect(first).toBe(again)
    expect((await d.cache.get('a')).html('nb')).toContain('første')
    expect((await d.cache.get('a')).html('nb')).toBe(first.html('nb'))
    first.html('en')
    expect(d.reads).toEqual(['a'])
    expect(d.renders).toEqual(['nb', 'en'])
    d.commit('a', 'andre')
    expect((await d.cache.get('a')).html('nb')).toContain('andre')
    expect(d.reads).toEqual(['a', 'a'])
  })

  it('drops a read that was under way when a write committed: the next request reads anew', async () => {
    const d = drafts()
    d.commit('a', 'før')
    d.hold()
    const during = d.cache.get('a')
    d.commit('a', 'etter')
    d.release()
    // Asked before the write: what was committed then.
    expect((await during).html('nb')).toContain('før')
    // Asked after it: never the older text, though that read finished after the write.
    expect((await d.cache.get('a')).html('nb')).toContain('etter')
  })

  it('does not remember a failed read', async () => {
    const d = drafts()
    await expect(d.cache.get('missing')).rejects.toThrow('no document missing')
    // Forgotten when its rejection is handled, a turn after the caller's.
    await waitFor(() => d.cache.size === 0)
    d.commit('missing', 'nå finnes den')
    expect((await d.cache.get('missing')).html('nn')).toContain('nå finnes den')
  })

  it('holds at most its bound, the least recently used first out', async () => {
    const d = drafts(2)
    for (const id of ['a', 'b', 'c']) d.commit(id, id)
    await d.cache.get('a')
    await d.cache.get('b')
    await d.cache.get('a')
    await d.cache.get('c')
    expect(d.cache.size).toBe(2)
    await d.cache.get('a')
    expect(d.reads).toEqual(['a', 'b', 'c'])
    await d.cache.get('b')
    expect(d.reads).toEqual(['a', 'b', 'c', 'b'])
  })
})
