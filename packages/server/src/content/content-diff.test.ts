import { describe, expect, it } from 'vitest'
import { diffContent, textBlocks } from './content-diff.js'
import type { ContentJson } from './content-json.js'

const doc = (...blocks: Array<[string, string]>): ContentJson => ({
  type: 'doc',
  content: blocks.map(([type, text]) => ({ type, ...(text ? { content: [{ type: 'text', text }] } : {}) })),
})

describe('content diff', () => {
  it('reads blocks in document order, list items and table cells included', () => {
    const content: ContentJson = {
      type: 'doc',
      content: [
        { type: 'heading', attrs: { level: 1 }, content: [{ type: 'text', text: 'Vedtak' }] },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Punkt' }] }],
            },
          ],
        },
      ],
    }
    expect(textBlocks(content)).toEqual([
      { type: 'heading', text: 'Vedtak' },
      { type: 'paragraph', text: 'Punkt' },
    ])
  })

  it('marks the words that changed in a block, and whole blocks added or removed', () => {
    const from = doc(
      ['heading', 'Turnus'],
      ['paragraph', 'Turnusen endres fra mars.'],
      ['paragraph', 'Slettes.'],
    )
    const to = doc(
      ['heading', 'Turnus'],
      ['paragraph', 'Turnusen endres fra april.'],
      ['paragraph', 'Ny setning.'],
      ['paragraph', 'Til slutt.'],
    )
    const blocks = diffContent(from, to)
    expect(blocks.map((b) => b.kind)).toEqual(['same', 'changed', 'changed', 'added'])
    expect(blocks[1]!.parts).toEqual([
      { text: 'Turnusen endres fra ', change: 'same' },
      { text: 'mars', change: 'removed' },
      { text: 'april', change: 'added' },
      { text: '.', change: 'same' },
    ])
    expect(blocks[3]).toEqual({
      kind: 'added',
      type: 'paragraph',
      parts: [{ text: 'Til slutt.', change: 'added' }],
    })
    expect(diffContent(to, to).every((b) => b.kind === 'same')).toBe(true)
  })
})
