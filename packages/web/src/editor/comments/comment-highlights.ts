/**
 * Highlights of commented text as ProseMirror decorations, never marks: a mark would be a write to
 * the document (commenters may not write) and would tell every party where another party's
 * internal thread sits. The decorations are recomputed from the threads' Yjs anchors whenever the
 * document changes (after the Yjs binding has caught up, so local and remote edits both count) and
 * when the panel asks (threads, layers or the active thread changed); between the two they are
 * mapped through each transaction, so they never lag a keystroke behind.
 */
import { Extension } from '@tiptap/core'
import { type EditorState, Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet, type EditorView } from '@tiptap/pm/view'
import { type Anchor, anchorResolver } from './anchors.js'
import type { TextRange } from './thread-store.js'

/** One stretch to highlight, as the comments panel describes it. */
export interface HighlightSource {
  id: string
  anchor: Anchor
  party: string
  internal: boolean
  /** False for hidden layers and resolved threads: resolved, but not drawn. */
  shown: boolean
  active: boolean
  /** Names the highlight for a pointer's tooltip ("Kommentar fra Folkevalgte"). */
  label: string
  /** The id of an element saying the same to screen readers. */
  describedBy: string
}

export interface CommentHighlightsOptions {
  sources: () => readonly HighlightSource[]
  /** Where each source's text is now (null: none of it is left), after every recompute. */
  onResolved: (ranges: ReadonlyMap<string, TextRange>) => void
  /** The caret or a click is in these sources' text (innermost last), or in none. */
  onCaret: (ids: string[]) => void
}

const key = new PluginKey<DecorationSet>('commentHighlights')

function decorations(state: EditorState, sources: readonly HighlightSource[]) {
  const resolve = anchorResolver(state)
  const ranges = new Map<string, TextRange>()
  const found: Decoration[] = []
  for (const source of sources) {
    const range = resolve(source.anchor)
    ranges.set(source.id, range)
    if (!range || !source.shown) continue
    found.push(
      Decoration.inline(
        range.from,
        range.to,
        {
          nodeName: 'mark',
          class: source.active ? 'comment-highlight is-active' : 'comment-highlight',
          'data-party': source.party,
          'data-thread': source.id,
          ...(source.internal ? { 'data-internal': 'true' } : {}),
          title: source.label,
          'aria-describedby': source.describedBy,
        },
        { id: source.id },
      ),
    )
  }
  return { set: DecorationSet.create(state.doc, found), ranges }
}

const queued = new WeakSet<EditorView>()

/**
 * Recomputes the highlights of `view` in a microtask (call when the sources changed): never inside
 * a dispatch, which a refresh asked for from a selection change or a resolved range would be.
 */
export function refreshHighlights(view: EditorView): void {
  if (queued.has(view)) return
  queued.add(view)
  queueMicrotask(() => {
    queued.delete(view)
    if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(key, 'refresh'))
  })
}

function idsAt(state: EditorState, pos: number): string[] {
  const set = key.getState(state)
  if (!set) return []
  return set
    .find(pos, pos, (spec) => typeof spec.id === 'string')
    .filter((d) => d.from <= pos && pos <= d.to)
    .sort((a, b) => b.to - b.from - (a.to - a.from))
    .map((d) => d.spec.id as string)
}

export const CommentHighlights = Extension.create<CommentHighlightsOptions>({
  name: 'commentHighlights',

  addOptions() {
    return { sources: () => [], onResolved: () => {}, onCaret: () => {} }
  },

  addProseMirrorPlugins() {
    const options = this.options
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: () => DecorationSet.empty,
          apply(tr, set, _before, after) {
            const meta = tr.getMeta(key) as 'refresh' | undefined
            if (meta === 'refresh') {
              const next = decorations(after, options.sources())
              options.onResolved(next.ranges)
              return next.set
            }
            return tr.docChanged ? set.map(tr.mapping, tr.doc) : set
          },
        },
        props: {
          decorations: (state) => key.getState(state),
          handleClick(view, pos) {
            options.onCaret(idsAt(view.state, pos))
            return false
          },
        },
        view(view) {
          let lastCaret = ''
          // Queued: by then the binding has written a local edit to Yjs (its view update runs
          // after this plugin's state is applied) and has its mapping for a remote one.
          refreshHighlights(view)
          return {
            update(view, before) {
              if (view.state.doc !== before.doc) refreshHighlights(view)
              const ids = idsAt(view.state, view.state.selection.head)
              const caret = ids.join(' ')
              if (caret === lastCaret) return
              lastCaret = caret
              options.onCaret(ids)
            },
          }
        },
      }),
    ]
  },
})
