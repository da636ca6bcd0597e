import { Schema } from '@tiptap/pm/model'
import { EditorState, TextSelection } from '@tiptap/pm/state'
import {
  absolutePositionToRelativePosition,
  initProseMirrorDoc,
  prosemirrorToYXmlFragment,
  relativePositionToAbsolutePosition,
} from '@tiptap/y-tiptap'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  caretInFilledEmptyBlock,
  runAfterOwnChange,
  runAfterRemoteChange,
  runEndAnchor,
} from './caret-at-remote-text.js'

const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*' },
    text: { group: 'inline' },
  },
  marks: { bold: {} },
})

/** A state of paragraphs; `|` in one of them is the caret. */
function state(...paragraphs: string[]): EditorState {
  let caret = 0
  let position = 0
  const nodes = paragraphs.map((written) => {
    const at = written.indexOf('|')
    const text = written.replace('|', '')
    if (at >= 0) caret = position + 1 + at
    position += text.length + 2
    return schema.node('paragraph', null, text ? [schema.text(text)] : [])
  })
  const doc = schema.node('doc', null, nodes)
  return EditorState.create({ doc, selection: TextSelection.create(doc, caret) })
}

/** The caret's paragraph with the caret as `|`. */
function shown(state: EditorState): string {
  const { $head } = state.selection
  const text = $head.parent.textContent
  return `${text.slice(0, $head.parentOffset)}|${text.slice($head.parentOffset)}`
}

/**
 * This editor's state and Yjs document as the binding keeps them, and another person's copy of the
 * document: `remote` makes their change to the text of a paragraph there, syncs it here, restores the caret the way the
 * binding does and follows the run the way the extension does. Returns the run and the paragraph.
 */
function withAnotherPerson(start: EditorState) {
  const doc = new Y.Doc()
  const type = doc.getXmlFragment('default')
  prosemirrorToYXmlFragment(start.doc, type)
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  const y = { doc, type, mapping: initProseMirrorDoc(type, schema).mapping }
  let state = start
  let length = 0
  return {
    remote(edit: (text: Y.XmlText) => void, paragraph = 0): { run: number; text: string } {
      const caret = absolutePositionToRelativePosition(state.selection.head, type, y.mapping)
      const end = runEndAnchor(y, state, length)
      edit((other.getXmlFragment('default').get(paragraph) as Y.XmlElement).get(0) as Y.XmlText)
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
      const after = initProseMirrorDoc(type, schema)
      y.mapping = after.mapping
      const head = relativePositionToAbsolutePosition(doc, type, caret, y.mapping) ?? 0
      state = EditorState.create({ doc: after.doc, selection: TextSelection.create(after.doc, head) })
      length = runAfterRemoteChange(y, state, end)
      return { run: length, text: shown(state) }
    },
  }
}

describe('runEndAnchor and runAfterRemoteChange: the text others typed in front of a still caret', () => {
  it('grows as another person types at the caret and at the end of what they typed', () => {
    const other = withAnotherPerson(state('til forslaget.|'))
    expect(other.remote((p) => p.insert(14, ' A'))).toEqual({ run: 2, text: 'til forslaget.| A' })
    expect(other.remote((p) => p.insert(16, 'dm'))).toEqual({ run: 4, text: 'til forslaget.| Adm' })
  })

  it('tells a letter typed at the caret from the same letter typed after it', () => {
    const atCaret = withAnotherPerson(state('ab|s.'))
    expect(atCaret.remote((p) => p.insert(2, 's'))).toEqual({ run: 1, text: 'ab|ss.' })
    const afterIt = withAnotherPerson(state('ab|s.'))
    expect(afterIt.remote((p) => p.insert(3, 's'))).toEqual({ run: 0, text: 'ab|ss.' })
    // And at the end of a run that ends in the letter after it.
    const run = withAnotherPerson(state('ab|s.'))
    expect(run.remote((p) => p.insert(2, 's'))).toEqual({ run: 1, text: 'ab|ss.' })
    expect(run.remote((p) => p.insert(3, 's'))).toEqual({ run: 2, text: 'ab|sss.' })
    expect(run.remote((p) => p.insert(5, 's'))).toEqual({ run: 2, text: 'ab|ssss.' })
  })

  it('does not count text typed elsewhere in the paragraph, and keeps the run through it', () => {
    const other = withAnotherPerson(state('Saken |gjelder'))
    expect(other.remote((p) => p.insert(0, 'Ny '))).toEqual({ run: 0, text: 'Ny Saken |gjelder' })
    expect(other.remote((p) => p.insert(16, ' våren'))).toEqual({ run: 0, text: 'Ny Saken |gjelder våren' })
    expect(other.remote((p) => p.insert(9, 'nå '))).toEqual({ run: 3, text: 'Ny Saken |nå gjelder våren' })
    expect(other.remote((p) => p.insert(0, 'Sak 4. '))).toEqual({
      run: 3,
      text: 'Sak 4. Ny Saken |nå gjelder våren',
    })
    expect(other.remote((p) => p.insert(20, 'x'))).toEqual({
      run: 3,
      text: 'Sak 4. Ny Saken |nå gxjelder våren',
    })
  })

  it('follows deletions inside the run and ends when the run is gone', () => {
    const other = withAnotherPerson(state('Saken |gjelder'))
    expect(other.remote((p) => p.insert(6, 'Ny '))).toEqual({ run: 3, text: 'Saken |Ny gjelder' })
    expect(other.remote((p) => p.delete(7, 1))).toEqual({ run: 2, text: 'Saken |N gjelder' })
    expect(other.remote((p) => p.delete(6, 2))).toEqual({ run: 0, text: 'Saken |gjelder' })
  })

  it('is unchanged by changes in other paragraphs', () => {
    const other = withAnotherPerson(state('a|bc', 'x'))
    expect(other.remote((p) => p.insert(1, 'y'))).toEqual({ run: 1, text: 'a|ybc' })
    expect(other.remote((q) => q.insert(1, 'yz'), 1)).toEqual({ run: 1, text: 'a|ybc' })
  })

  it('is nothing for a selection', () => {
    const before = state('abc|')
    const selected = before.apply(before.tr.setSelection(TextSelection.create(before.doc, 1, 3)))
    const doc = new Y.Doc()
    const type = prosemirrorToYXmlFragment(before.doc, doc.getXmlFragment('default'))
    const y = { doc, type, mapping: initProseMirrorDoc(type, schema).mapping }
    expect(runEndAnchor(y, selected, 0)).toBeNull()
    expect(runAfterRemoteChange(y, selected, runEndAnchor(y, before, 0))).toBe(0)
  })
})

describe('runAfterOwnChange: this person typing, deleting, moving', () => {
  it('stays in front of the caret while the person types or deletes at it', () => {
    const before = state('ab| Adm')
    const typed = before.tr.insertText('x')
    expect(runAfterOwnChange(typed, before, 4)).toBe(4)
    const deleted = before.tr.delete(2, 3)
    expect(runAfterOwnChange(deleted, before, 4)).toBe(4)
  })

  it('is forgotten when the person moves the caret or selects', () => {
    const before = state('ab| Adm')
    expect(runAfterOwnChange(before.tr.setSelection(TextSelection.create(before.doc, 1)), before, 4)).toBe(0)
    expect(runAfterOwnChange(before.tr.setSelection(TextSelection.create(before.doc, 3, 5)), before, 4)).toBe(
      0,
    )
    expect(runAfterOwnChange(before.tr.setMeta('other', true), before, 4)).toBe(4)
  })

  it('shrinks when the person deletes into it and ends when it is gone', () => {
    const before = state('ab| Adm')
    expect(runAfterOwnChange(before.tr.delete(3, 5), before, 4)).toBe(2)
    expect(runAfterOwnChange(before.tr.delete(3, 7), before, 4)).toBe(0)
  })
})

describe('caretInFilledEmptyBlock', () => {
  it('is the start of the empty paragraph the caret stood in once another person wrote in it', () => {
    expect(caretInFilledEmptyBlock(state('Saken', '|'), state('Saken', 'A|'))).toBe(8)
  })

  it('is null when the caret is not at the end of the filled paragraph, or was not in an empty one', () => {
    expect(caretInFilledEmptyBlock(state('Saken', '|'), state('Saken', '|A'))).toBeNull()
    expect(caretInFilledEmptyBlock(state('Saken', 'x|'), state('Saken', 'xA|'))).toBeNull()
    expect(caretInFilledEmptyBlock(state('Saken', '|'), state('Saken', '|'))).toBeNull()
    expect(caretInFilledEmptyBlock(state('S', '|'), state('Saken', 'A|'))).toBeNull()
  })
})
