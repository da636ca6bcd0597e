/**
 * A large Tiptap-shaped document for the join scenario: XmlFragment 'default' of paragraphs, each
 * XmlText with plain and bold runs (so the update holds formatting items, as real documents do).
 */
import * as Y from 'yjs'

const words =
  'kommunen partene tillitsvalgte administrasjonen budsjett forslag vedtak arbeidsmiljø drøfting ' +
  'samarbeid medbestemmelse omstilling bemanning turnus lønn rådmann utvalg høring protokoll enighet'
const vocabulary = words.split(' ')

function sentence(seed: number, length: number): string {
  const out: string[] = []
  for (let i = 0; i < length; i++) out.push(vocabulary[(seed * 7 + i * 13) % vocabulary.length]!)
  return `${out.join(' ')}. `
}

function addParagraphs(doc: Y.Doc, from: number, count: number): void {
  const fragment = doc.getXmlFragment('default')
  doc.transact(() => {
    for (let i = from; i < from + count; i++) {
      const element = new Y.XmlElement('paragraph')
      const text = new Y.XmlText()
      element.insert(0, [text])
      fragment.insert(fragment.length, [element])
      text.insert(0, sentence(i, 18))
      text.insert(text.length, vocabulary[i % vocabulary.length]!, { bold: {} })
      text.insert(text.length, ` ${sentence(i + 1, 12)}`)
    }
  })
}

/** The whole state of a document of about `targetBytes`, as one update. */
export function largeDocument(targetBytes: number): Uint8Array {
  const doc = new Y.Doc()
  const probe = 200
  addParagraphs(doc, 0, probe)
  const perParagraph = Y.encodeStateAsUpdate(doc).byteLength / probe
  const total = Math.max(probe, Math.round(targetBytes / perParagraph))
  addParagraphs(doc, probe, total - probe)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
