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
    expect(textBlocks(content).map(({ type, text }) => ({ type, text }))).toEqual([
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

  it('shows a change the hash covers even where the words are the same: marks, links, attributes, lists', () => {
    const para = (text: string, marks?: object[]) => ({
      type: 'paragraph',
      content: [{ type: 'text', text, ...(marks ? { marks } : {}) }],
    })
    const list = (type: string, text: string) => ({
      type,
      content: [{ type: 'listItem', content: [para(text)] }],
    })
    const from: ContentJson = {
      type: 'doc',
      content: [
        para('lenke', [{ type: 'link', attrs: { href: 'https://a.no' } }]),
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Tittel' }] },
        list('bulletList', 'punkt'),
        para('fet'),
      ],
    }
    const to: ContentJson = {
      type: 'doc',
      content: [
        para('lenke', [{ type: 'link', attrs: { href: 'https://b.no' } }]),
        { type: 'heading', attrs: { level: 3 }, content: [{ type: 'text', text: 'Tittel' }] },
        list('orderedList', 'punkt'),
        para('fet', [{ type: 'bold' }]),
      ],
    }
    const blocks = diffContent(from, to)
    expect(blocks.map((b) => [b.kind, b.formatting])).toEqual([
      ['changed', true],
      ['changed', true],
      ['changed', true],
      ['changed', true],
    ])
  })

  it('stays bounded on a huge rewrite: whole blocks and words shown replaced, in a fraction of a second', () => {
    const words = (seed: string) =>
      Array.from({ length: 6000 }, (_, i) => `${seed}${(i * 7919) % 6007}`).join(' ')
    const many = (seed: string) => ({
      type: 'doc',
      content: Array.from({ length: 4000 }, (_, i) => ({
        type: 'paragraph',
        content: [{ type: 'text', text: `${seed} ${i}` }],
      })),
    })
    const started = performance.now()
    const one = diffContent(
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: words('a') }] }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: words('b') }] }] },
    )
    expect(one[0]!.parts.map((p) => p.change)).toEqual(['removed', 'added'])
    const blocks = diffContent(many('x'), many('y'))
    expect(blocks).toHaveLength(4000)
    expect(blocks.every((b) => b.kind === 'changed')).toBe(true)
    expect(performance.now() - started).toBeLessThan(5000)
  })
})
