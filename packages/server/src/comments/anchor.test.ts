import { CONTENT_FRAGMENT } from '@trepart/shared'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { ContentAnchors, canonicalPosition, decodePosition } from './anchor.js'

/** A doc whose content is `paragraphs`, as the editor writes it. */
function docOf(paragraphs: string[]): { doc: Y.Doc; texts: Y.XmlText[] } {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(CONTENT_FRAGMENT)
  const texts = paragraphs.map((p) => new Y.XmlText(p))
  fragment.insert(
    0,
    texts.map((t) => {
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [t])
      return paragraph
    }),
  )
  return { doc, texts }
}

/** As `@tiptap/y-tiptap` encodes a position inside text: left-associated. */
const at = (type: Y.XmlText, index: number) =>
  Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(type, index, -1))

describe('ContentAnchors', () => {
  it('quotes the anchored text, one line break between blocks', () => {
    const { doc, texts } = docOf(['Vi vil bygge en skole.', 'Tomten ligger på Årvoll.'])
    const anchors = new ContentAnchors(doc)
    expect(anchors.resolve(at(texts[0]!, 13), at(texts[0]!, 21))).toEqual({
      quote: 'en skole',
      orphaned: false,
    })
    expect(anchors.resolve(at(texts[0]!, 13), at(texts[1]!, 6))).toEqual({
      quote: 'en skole.\nTomten',
      orphaned: false,
    })
  })

  it('covers no text when both ends are one point', () => {
    const { doc, texts } = docOf(['abc def'])
    expect(new ContentAnchors(doc).resolve(at(texts[0]!, 3), at(texts[0]!, 3))).toEqual({
      quote: '',
      orphaned: true,
    })
  })

  it('follows edits: text inserted before moves the anchor, text inserted inside joins it', () => {
    const { doc, texts } = docOf(['abc def ghi'])
    const start = at(texts[0]!, 4)
    const end = at(texts[0]!, 7)
    texts[0]!.insert(0, 'xx ')
    texts[0]!.insert(8, 'ee')
    expect(new ContentAnchors(doc).resolve(start, end)).toEqual({ quote: 'deeef', orphaned: false })
  })

  it('is orphaned once all of the anchored text is deleted, also with its paragraph', () => {
    const { doc, texts } = docOf(['først', 'midten her', 'sist'])
    const start = at(texts[1]!, 0)
    const end = at(texts[1]!, 6)
    texts[1]!.delete(0, 7)
    expect(new ContentAnchors(doc).resolve(start, end)).toEqual({ quote: '', orphaned: true })
    doc.getXmlFragment(CONTENT_FRAGMENT).delete(1, 1)
    expect(new ContentAnchors(doc).resolve(start, end)).toBeNull()
  })

  it('refuses what is no position in the content, without changing the doc', () => {
    const { doc, texts } = docOf(['tekst'])
    const anchors = new ContentAnchors(doc)
    const other = new Y.Doc()
    const unknownItem = Y.encodeRelativePosition(
      new Y.RelativePosition(null, null, Y.createID(424242, 5), -1),
    )
    const otherRoot = Y.encodeRelativePosition(
      Y.createRelativePositionFromTypeIndex(other.getText('notes'), 0),
    )
    const roots = [...doc.share.keys()]
    const state = Y.encodeStateAsUpdate(doc)
    expect(anchors.resolve(unknownItem, at(texts[0]!, 2))).toBeNull()
    expect(anchors.resolve(otherRoot, at(texts[0]!, 2))).toBeNull()
    expect(anchors.resolve(at(texts[0]!, 3), at(texts[0]!, 1))).toBeNull()
    // Resolving made no root type (doc.get('notes') would have) and no update.
    expect([...doc.share.keys()]).toEqual(roots)
    expect(Y.encodeStateAsUpdate(doc)).toEqual(state)
  })

  it('decodes no garbage as a position', () => {
    expect(decodePosition(new Uint8Array([]))).toBeNull()
    expect(decodePosition(new Uint8Array([255, 255, 255, 255, 255]))).toBeNull()
  })
})

describe('canonicalPosition', () => {
  it('keeps an encoded position as it is and refuses bytes around or short of one', () => {
    const { texts } = docOf(['Tekst.'])
    const bytes = at(texts[0]!, 2)
    expect(canonicalPosition(bytes)).toEqual(bytes)
    // The decoder reads a prefix: trailing junk would otherwise be stored and handed to every reader.
    expect(canonicalPosition(new Uint8Array([...bytes, 0, 7]))).toBeNull()
    // Without its association: decodes (to 0), but is not what Yjs encodes.
    expect(canonicalPosition(bytes.subarray(0, -1))).toBeNull()
    expect(canonicalPosition(new Uint8Array([255, 255, 255]))).toBeNull()
  })
})
