import { CONTENT_FRAGMENT } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { canonicalJson, contentHash, contentJsonOf } from './content-json.js'

function paragraph(doc: Y.Doc, text: string, at = doc.getXmlFragment(CONTENT_FRAGMENT).length): Y.XmlText {
  const p = new Y.XmlElement('paragraph')
  const t = new Y.XmlText(text)
  p.insert(0, [t])
  doc.getXmlFragment(CONTENT_FRAGMENT).insert(at, [p])
  return t
}

describe('content JSON and hash', () => {
  it('sorts keys at every level and drops no value', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: null, y: 'x' }], c: true } })).toBe(
      '{"a":{"c":true,"d":[1,{"y":"x","z":null}]},"b":1}',
    )
  })

  it('hashes the same content alike whatever history made it, and different content differently', () => {
    const typed = new Y.Doc()
    paragraph(typed, 'Vedtak: turnusen endres fra mars.')
    const edited = new Y.Doc()
    const t = paragraph(edited, 'Vedtak: endres fra april.')
    t.delete(19, 'april'.length)
    t.insert(19, 'mars')
    t.insert(8, 'turnusen ')
    expect(edited.getXmlFragment(CONTENT_FRAGMENT).toString()).toBe(
      typed.getXmlFragment(CONTENT_FRAGMENT).toString(),
    )
    expect(Y.encodeStateAsUpdate(edited)).not.toEqual(Y.encodeStateAsUpdate(typed))
    expect(contentHash(contentJsonOf(edited))).toBe(contentHash(contentJsonOf(typed)))
    t.format(0, 7, { bold: {} })
    expect(contentHash(contentJsonOf(edited))).not.toBe(contentHash(contentJsonOf(typed)))
  })

  it('never writes to the doc it reads, even where the schema would drop an element', () => {
    const doc = new Y.Doc()
    paragraph(doc, 'Gyldig')
    doc.getXmlFragment(CONTENT_FRAGMENT).insert(1, [new Y.XmlElement('ukjent')])
    const before = Y.encodeStateAsUpdate(doc)
    const json = contentJsonOf(doc)
    expect(json).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Gyldig' }] }],
    })
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before)
  })
})
