/**
 * What changed between two versions of a document, block by block, for the diff view: the blocks
 * (paragraphs, headings, list items, table cells, in document order) are matched by their text
 * with `diff`'s array diff, and a removed block followed by an added one is shown as one changed
 * block with its words marked (`diffWordsWithSpace`), the way a person reads a revision.
 */
import { diffArrays, diffWordsWithSpace } from 'diff'
import type { ContentJson } from './content-json.js'

export interface DiffPart {
  text: string
  change: 'same' | 'added' | 'removed'
}

export interface DiffBlock {
  kind: 'same' | 'changed' | 'added' | 'removed'
  type: string
  parts: DiffPart[]
}

interface Block {
  type: string
  text: string
}

type JsonNode = { type?: string; text?: string; content?: JsonNode[] }

/** The text blocks of a ProseMirror JSON document, in order (a block holds text, not other blocks). */
export function textBlocks(content: ContentJson): Block[] {
  const blocks: Block[] = []
  const visit = (node: JsonNode) => {
    const children = node.content ?? []
    if (children.length > 0 && children.every((c) => c.type === 'text' || c.type === 'hardBreak')) {
      blocks.push({
        type: node.type ?? 'paragraph',
        text: children.map((c) => (c.type === 'hardBreak' ? '\n' : (c.text ?? ''))).join(''),
      })
      return
    }
    if (children.length === 0 && node.type !== 'doc' && node.type !== 'text') {
      // An empty paragraph or heading is a block too: adding or removing one is a change.
      if (node.type === 'paragraph' || node.type === 'heading') blocks.push({ type: node.type, text: '' })
      return
    }
    for (const child of children) visit(child)
  }
  visit(content as JsonNode)
  return blocks
}

/** The blocks of `to` against those of `from`. */
export function diffContent(from: ContentJson, to: ContentJson): DiffBlock[] {
  const a = textBlocks(from)
  const b = textBlocks(to)
  const changes = diffArrays(a, b, { comparator: (x, y) => x.type === y.type && x.text === y.text })
  const out: DiffBlock[] = []
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!
    const next = changes[i + 1]
    if (change.removed && next?.added) {
      // Pair the removed blocks with the added ones that replace them; the rest stand alone.
      const pairs = Math.min(change.value.length, next.value.length)
      for (let k = 0; k < pairs; k++) out.push(changedBlock(change.value[k]!, next.value[k]!))
      for (const block of change.value.slice(pairs)) out.push(whole('removed', block))
      for (const block of next.value.slice(pairs)) out.push(whole('added', block))
      i++
      continue
    }
    const kind = change.added ? 'added' : change.removed ? 'removed' : 'same'
    for (const block of change.value) out.push(whole(kind, block))
  }
  return out
}

function whole(kind: 'same' | 'added' | 'removed', block: Block): DiffBlock {
  return { kind, type: block.type, parts: [{ text: block.text, change: kind }] }
}

function changedBlock(from: Block, to: Block): DiffBlock {
  const parts = diffWordsWithSpace(from.text, to.text).map(
    (p): DiffPart => ({ text: p.value, change: p.added ? 'added' : p.removed ? 'removed' : 'same' }),
  )
  return { kind: 'changed', type: to.type, parts }
}
