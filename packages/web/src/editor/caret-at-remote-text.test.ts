import { Schema } from '@tiptap/pm/model'
import { EditorState, TextSelection } from '@tiptap/pm/state'
import { describe, expect, it } from 'vitest'
import { caretInFilledEmptyBlock, remoteRun, runAfterOwnChange } from './caret-at-remote-text.js'

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

describe('remoteRun: the text others typed in front of a still caret', () => {
  it('grows as another person types at the caret and at the end of what they typed', () => {
    const start = state('til forslaget.|')
    const first = state('til forslaget.| A')
    expect(remoteRun(start, first, 0)).toBe(2)
    expect(remoteRun(first, state('til forslaget.| Adm'), 2)).toBe(4)
  })

  it('keeps the text after the run out of it, and follows edits inside the run', () => {
    expect(remoteRun(state('Saken |gjelder'), state('Saken |Ny gjelder'), 0)).toBe(3)
    expect(remoteRun(state('Saken |Ny gjelder'), state('Saken |N gjelder'), 3)).toBe(2)
  })

  it('is unchanged by changes in other paragraphs', () => {
    expect(remoteRun(state('a|bc', 'x'), state('a|bc', 'xyz'), 1)).toBe(1)
  })

  it('is forgotten when the paragraph changed before the caret or after the run', () => {
    expect(remoteRun(state('ab|c'), state('xab|c'), 1)).toBe(0)
    expect(remoteRun(state('ab|cd'), state('ab|cdx'), 1)).toBe(0)
  })

  it('is nothing for a selection', () => {
    const before = state('abc|')
    const selected = before.apply(before.tr.setSelection(TextSelection.create(before.doc, 1, 3)))
    expect(remoteRun(selected, selected, 0)).toBe(0)
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
