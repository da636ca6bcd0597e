import { CONTENT_FRAGMENT } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { cleanText, documentText } from './plain-text.js'

function paragraph(text: string, attributes?: Record<string, unknown>): Y.XmlElement {
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText()
  t.insert(0, text, attributes)
  p.insert(0, [t])
  return p
}

describe('documentText', () => {
  it('reads the words of the editor’s fragment, blocks apart, marks dropped', () => {
    const doc = new Y.Doc()
    const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
    const heading = new Y.XmlElement('heading')
    heading.setAttribute('level', '1')
    const headingText = new Y.XmlText()
    headingText.insert(0, 'Økonomi')
    heading.insert(0, [headingText])
    const list = new Y.XmlElement('bulletList')
    const item = new Y.XmlElement('listItem')
    item.insert(0, [paragraph('første punkt')])
    list.insert(0, [item])
    fragment.insert(0, [heading, paragraph('på Ås', { bold: true }), list])
    expect(documentText(doc, 1000)).toBe('Økonomi på Ås første punkt')
  })

  it('is empty for a document without content, or with another type under the name', () => {
    expect(documentText(new Y.Doc(), 1000)).toBe('')
    const other = new Y.Doc()
    other.getText(CONTENT_FRAGMENT).insert(0, 'ikke tiptap')
    expect(documentText(other, 1000)).toBe('')
  })

  it('reads a doc whose fragment came in an update (untyped, as in a server room)', () => {
    const source = new Y.Doc()
    source.getXmlFragment(CONTENT_FRAGMENT).insert(0, [paragraph('fra klienten')])
    const room = new Y.Doc()
    Y.applyUpdate(room, Y.encodeStateAsUpdate(source))
    expect(documentText(room, 1000)).toBe('fra klienten')
  })
})

describe('cleanText', () => {
  it('removes control and format characters, collapses whitespace, composes letters', () => {
    expect(cleanText('a\u0000b\u0002c \n\t d bære\u00ADkraft A\u030As', 100)).toBe('a b c d bærekraft Ås')
  })

  it('stops at the bound without splitting a surrogate pair', () => {
    expect(cleanText('ab😀', 3)).toBe('ab')
    expect(cleanText('abcdef', 4)).toBe('abcd')
  })

  it('replaces lone surrogates', () => {
    expect(cleanText('a\uD800b', 10)).toBe('a\uFFFDb')
  })
})
