import { Schema } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import { characterStep, wordStep } from './reader-caret-moves.js'

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*' },
    bulletList: { group: 'block', content: 'listItem+' },
    listItem: { content: 'paragraph+' },
    hardBreak: { group: 'inline', inline: true },
    text: { group: 'inline' },
  },
})
const p = (...content: (string | 'br')[]) =>
  schema.node(
    'paragraph',
    null,
    content.map((c) => (c === 'br' ? schema.node('hardBreak') : schema.text(c))),
  )

// <doc><p>Tre uker, sa hun.</p><ul><li><p>Neste</p></li></ul></doc>
const doc = schema.node('doc', null, [
  p('Tre uker, sa hun.'),
  schema.node('bulletList', null, [schema.node('listItem', null, [p('Neste')])]),
])
/** Where `text` starts in the document (first occurrence), plus `offset`. */
const at = (text: string, offset = 0) => {
  let found = -1
  doc.descendants((node, pos) => {
    if (found < 0 && node.isText && node.text!.includes(text)) found = pos + node.text!.indexOf(text)
  })
  return found + offset
}

describe('a reader’s caret moves', () => {
  it('by character, and across a paragraph’s edge to the next text that way', () => {
    expect(characterStep(doc, at('uker'), 1)).toBe(at('uker', 1))
    expect(characterStep(doc, at('uker'), -1)).toBe(at('uker', -1))
    const end = at('hun.', 4)
    // Out of the paragraph, over the list's and item's openings, into "Neste" — and back.
    expect(characterStep(doc, end, 1)).toBe(at('Neste'))
    expect(characterStep(doc, at('Neste'), -1)).toBe(end)
    // The document's edges stay put.
    expect(characterStep(doc, 1, -1)).toBe(1)
    expect(characterStep(doc, at('Neste', 5), 1)).toBe(at('Neste', 5))
  })

  it('by word: to a word’s end going on, its start going back, over spaces and punctuation', () => {
    expect(wordStep(doc, at('Tre'), 1)).toBe(at('Tre', 3))
    expect(wordStep(doc, at('Tre', 3), 1)).toBe(at('uker', 4))
    expect(wordStep(doc, at('uker', 4), 1)).toBe(at('sa', 2))
    expect(wordStep(doc, at('sa', 2), -1)).toBe(at('sa'))
    expect(wordStep(doc, at('sa'), -1)).toBe(at('uker'))
    // At the paragraph's end, on into the next one.
    expect(wordStep(doc, at('hun', 3), 1)).toBe(at('hun.', 4))
    expect(wordStep(doc, at('hun.', 4), 1)).toBe(at('Neste'))
  })

  it('by word past a line break as past a space', () => {
    const broken = schema.node('doc', null, [p('før', 'br', 'etter')])
    // 1 = the paragraph's start; "før" 1–4, the break 4–5, "etter" 5–10.
    expect(wordStep(broken, 4, 1)).toBe(10)
    expect(wordStep(broken, 10, -1)).toBe(5)
    expect(wordStep(broken, 5, -1)).toBe(1)
  })
})
