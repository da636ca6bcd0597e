/**
 * What changed between two versions of a document, block by block, for the diff view: the blocks
 * (paragraphs, headings, list items, table cells, in document order) are matched with `diff`'s
 * array diff, and a removed block followed by an added one is shown as one changed block with its
 * words marked (`diffWordsWithSpace`), the way a person reads a revision.
 *
 * A block is the same only when everything the content hash covers is: its text, its marks and
 * links, its attributes and where it sits (a bullet turned numbered, a task checked, a heading's
 * level). A block whose words are the same but not the rest is `changed` with `formatting` set,
 * so "changes since the last round" never says "same" where the signed hash differs.
 *
 * Bounded, since any member may ask for it: blocks the two sides share at the start and the end are
 * taken out first (most of a revision), the array diff and each word diff stop past an edit budget
 * and a time limit (`diff`'s `maxEditLength` and `timeout`), and past them the blocks or words are
 * shown as wholly replaced instead of computed.
 */
import { diffArrays, diffWordsWithSpace } from 'diff'
import { type ContentJson, canonicalJson } from './content-json.js'

export interface DiffPart {
  text: string
  change: 'same' | 'added' | 'removed'
}

export interface DiffBlock {
  kind: 'same' | 'changed' | 'added' | 'removed'
  type: string
  parts: DiffPart[]
  /** The words are the same, but not the marks, links, attributes or the block's place. */
  formatting?: boolean
}

interface Block {
  type: string
  text: string
  /** Everything the hash covers of this block: its node and the chain of nodes it sits in. */
  identity: string
}

type JsonNode = { type?: string; text?: string; content?: JsonNode[]; attrs?: unknown; marks?: unknown }

/** Blocks compared at most: past this many changed ones, the rest are shown whole. */
const MAX_BLOCK_EDITS = 2_000
/** Words compared at most in one block, and characters of a block worth comparing by word. */
const MAX_WORD_EDITS = 1_000
const MAX_WORD_DIFF_CHARS = 20_000
/** Milliseconds one comparison may take before it gives up. */
const DIFF_TIMEOUT_MS = 200

/** The text blocks of a ProseMirror JSON document, in order (a block holds text, not other blocks). */
export function textBlocks(content: ContentJson): Block[] {
  const blocks: Block[] = []
  const visit = (node: JsonNode, context: string) => {
    const children = node.content ?? []
    const here = `${context}/${canonicalJson({ type: node.type, attrs: node.attrs ?? null })}`
    const isText = children.length > 0 && children.every((c) => c.type === 'text' || c.type === 'hardBreak')
    if (isText || (children.length === 0 && node.type !== 'doc' && node.type !== 'text')) {
      blocks.push({
        type: node.type ?? 'paragraph',
        text: children.map((c) => (c.type === 'hardBreak' ? '\n' : (c.text ?? ''))).join(''),
        identity: `${here}|${canonicalJson(children)}`,
      })
      return
    }
    for (const child of children) visit(child, here)
  }
  visit(content as JsonNode, '')
  return blocks
}

/** The blocks of `to` against those of `from`. */
export function diffContent(from: ContentJson, to: ContentJson): DiffBlock[] {
  const a = textBlocks(from)
  const b = textBlocks(to)
  // The shared start and end: cheap, and most of any revision.
  let head = 0
  while (head < a.length && head < b.length && a[head]!.identity === b[head]!.identity) head++
  let tail = 0
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail]!.identity === b[b.length - 1 - tail]!.identity
  )
    tail++
  const middleA = a.slice(head, a.length - tail)
  const middleB = b.slice(head, b.length - tail)
  const out: DiffBlock[] = a.slice(0, head).map((block) => whole('same', block))
  const changes = diffArrays(middleA, middleB, {
    comparator: (x, y) => x.identity === y.identity,
    maxEditLength: MAX_BLOCK_EDITS,
    timeout: DIFF_TIMEOUT_MS,
  }) ?? [
    // Past the budget: everything in between shown as replaced, not computed.
    { value: middleA, removed: true, added: false, count: middleA.length },
    { value: middleB, added: true, removed: false, count: middleB.length },
  ]
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
  for (const block of a.slice(a.length - tail)) out.push(whole('same', block))
  return out
}

function whole(kind: 'same' | 'added' | 'removed', block: Block): DiffBlock {
  return { kind, type: block.type, parts: [{ text: block.text, change: kind }] }
}

function changedBlock(from: Block, to: Block): DiffBlock {
  if (from.text === to.text) {
    return { kind: 'changed', type: to.type, parts: [{ text: to.text, change: 'same' }], formatting: true }
  }
  const words =
    from.text.length + to.text.length <= MAX_WORD_DIFF_CHARS
      ? diffWordsWithSpace(from.text, to.text, { maxEditLength: MAX_WORD_EDITS, timeout: DIFF_TIMEOUT_MS })
      : undefined
  const parts: DiffPart[] = words
    ? words.map((p) => ({ text: p.value, change: p.added ? 'added' : p.removed ? 'removed' : 'same' }))
    : [
        { text: from.text, change: 'removed' },
        { text: to.text, change: 'added' },
      ]
  return { kind: 'changed', type: to.type, parts }
}
