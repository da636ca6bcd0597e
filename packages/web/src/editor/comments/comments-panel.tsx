/**
 * The comments panel: in the space right of the text on wide screens, each thread's card level
 * with its text where there is room (card-alignment.ts); a side sheet opened from the sticky row
 * on narrow ones. Above the cards: how to start a thread, the participation balance, the layers
 * and filters (folded), and the form for a new thread when one is being written.
 */
import type { Editor } from '@tiptap/core'
import X from 'lucide-solid/icons/x'
import {
  type Accessor,
  createEffect,
  createMemo,
  createSignal,
  For,
  on,
  onCleanup,
  onMount,
  Show,
} from 'solid-js'
import { errorMessage } from '../../lib/error-messages.js'
import { t } from '../../lib/i18n/i18n.js'
import { alignCards } from './card-alignment.js'
import type { CommentsState } from './comments-state.js'
import { ComposeForm } from './compose-form.js'
import './comment-messages.js'
import { LayerToggles } from './layer-toggles.js'
import { ParticipationBar } from './participation-bar.js'
import { ThreadCard } from './thread-card.js'
import { ThreadFilters } from './thread-filters.js'
import type { HeldThread } from './thread-store.js'

/** Space between two cards pushed together (px). */
const CARD_GAP_PX = 8

export interface CommentsPanelProps {
  state: CommentsState
  editor: Accessor<Editor | null>
  /** Wide enough for the panel beside the text (else it is a side sheet). */
  wide: Accessor<boolean>
  open: Accessor<boolean>
  onClose: () => void
  /** A notice for the user about starting a thread (no text selected). */
  notice: Accessor<string>
  /** Selects the thread's text and moves the focus to it. */
  onShowText: (thread: HeldThread) => void
  /** The new-thread form was left: back to the text. */
  onComposeDone: (thread: HeldThread | null) => void
  ref?: (element: HTMLElement) => void
}

export function CommentsPanel(props: CommentsPanelProps) {
  const s = props.state
  const cards = new Map<string, HTMLElement>()
  let list: HTMLOListElement | undefined
  let frame = 0
  // Cards are keyed by thread id, not by object: news about a thread (a new object) updates its
  // card in place, so a reply being written there keeps its text and its focus.
  const ids = createMemo(() => s.visible().map((th) => th.id), [], {
    equals: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
  })
  const byId = createMemo(() => new Map(s.threads().map((th) => [th.id, th])))
  /** What the panel tells screen readers about the viewer's own last action. */
  const [said, setSaid] = createSignal('')
  let heading: HTMLHeadingElement | undefined

  /** A thread resolved out of the filtered list takes the focus with it: it goes to the heading. */
  const statusChanged = (threadId: string, status: 'open' | 'resolved') => {
    if (s.visible().some((th) => th.id === threadId)) return
    setSaid(t(status === 'resolved' ? 'comments.thread.resolvedHidden' : 'comments.thread.reopenedHidden'))
    heading?.focus()
  }

  /** Sets each card's top margin so it sits level with its text, or clears them (side sheet). */
  const align = () => {
    frame = 0
    const editor = props.editor()
    if (!list) return
    const threads = s.visible()
    const elements = threads.map((th) => cards.get(th.id)).filter((el): el is HTMLElement => !!el)
    if (!props.wide() || !editor || editor.isDestroyed || elements.length !== threads.length) {
      for (const el of elements) el.style.marginTop = ''
      return
    }
    const listTop = list.getBoundingClientRect().top
    const ranges = s.ranges()
    const places = threads.map((th, i) => {
      const range = ranges.get(th.id)
      let desired: number | null = null
      if (range) {
        try {
          desired = editor.view.coordsAtPos(range.from).top - listTop
        } catch {
          desired = null
        }
      }
      return { desired, height: elements[i]!.offsetHeight }
    })
    const margins = alignCards(places, CARD_GAP_PX)
    elements.forEach((el, i) => {
      el.style.marginTop = `${margins[i]}px`
    })
  }
  const scheduleAlign = () => {
    if (frame) return
    frame = requestAnimationFrame(align)
  }

  createEffect(on([s.visible, s.ranges, props.wide, s.draft, s.participation], scheduleAlign))
  onMount(() => {
    const observer = new ResizeObserver(scheduleAlign)
    if (list) observer.observe(list)
    window.addEventListener('resize', scheduleAlign)
    onCleanup(() => {
      observer.disconnect()
      window.removeEventListener('resize', scheduleAlign)
      cancelAnimationFrame(frame)
    })
  })

  /** Escape: the side sheet closes; beside the text, from a thread, back to the thread's text. */
  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented) return
    if (!props.wide()) {
      event.preventDefault()
      props.onClose()
      return
    }
    // A form's text field keeps its Escape (a reply being written is not left by accident).
    if ((event.target as HTMLElement).tagName === 'TEXTAREA') return
    const card = (event.target as HTMLElement).closest<HTMLElement>('.thread-card')
    const thread = card?.dataset.thread ? byId().get(card.dataset.thread) : undefined
    if (thread && !s.isDetached(thread)) {
      event.preventDefault()
      props.onShowText(thread)
    }
  }

  // In the side sheet (its own scroll), the thread whose text the caret is in comes into view.
  createEffect(
    on(s.active, (id) => {
      if (!id || props.wide() || !props.open()) return
      cards.get(id)?.scrollIntoView({ block: 'nearest' })
    }),
  )

  return (
    <section
      id="comments-panel"
      ref={props.ref}
      class="comments-panel"
      data-open={props.open() ? 'true' : undefined}
      aria-labelledby="comments-title"
      onKeyDown={closeOnEscape}
    >
      <div class="comments-panel-head">
        <h2 id="comments-title" class="comments-title" tabIndex={-1} ref={heading}>
          {t('comments.panel.title')}
        </h2>
        <Show when={!props.wide()}>
          <button
            type="button"
            class="icon-button"
            onClick={() => props.onClose()}
            aria-label={t('comments.panel.close')}
          >
            <X size="1.1em" aria-hidden="true" />
          </button>
        </Show>
      </div>
      <p class="comments-notice" role="status">
        {props.notice() || said()}
      </p>
      <p class="visually-hidden" role="status">
        {s.news()}
      </p>
      <ParticipationBar parties={s.participation()} />
      <details class="comments-controls">
        <summary>{t('comments.filters.toggle')}</summary>
        <LayerToggles state={s} />
        <ThreadFilters state={s} />
      </details>
      <Show when={s.draft()}>
        {(draft) => (
          <ComposeForm
            draft={draft()}
            state={s}
            onPosted={(thread) => props.onComposeDone(thread)}
            onCancel={() => {
              s.setDraft(null)
              props.onComposeDone(null)
            }}
          />
        )}
      </Show>
      <Show when={s.loadError()}>
        {(error) => (
          <div class="form-error" role="alert">
            <p>
              {t('comments.panel.loadFailed')} {errorMessage(error())}{' '}
              <button type="button" class="link-button" onClick={() => void s.reload()}>
                {t('comments.panel.retry')}
              </button>
            </p>
          </div>
        )}
      </Show>
      <Show when={s.loaded() && s.visible().length === 0}>
        <p class="comments-empty">{t('comments.panel.empty')}</p>
        {/* How to start one, where there is nothing yet (the button beside a selection says it too). */}
        <Show when={s.canComment()}>
          <p class="comments-hint">{t('comments.panel.hint')}</p>
        </Show>
      </Show>
      <ol class="thread-list" ref={list} aria-label={t('comments.panel.listLabel')}>
        <For each={ids()}>
          {(id) => (
            <Show when={byId().get(id)}>
              {(thread) => (
                <li class="thread-item">
                  <ThreadCard
                    thread={thread()}
                    state={s}
                    onShowText={props.onShowText}
                    onStatusChanged={statusChanged}
                    ref={(el) => {
                      cards.set(id, el)
                      onCleanup(() => {
                        if (cards.get(id) === el) cards.delete(id)
                      })
                    }}
                  />
                </li>
              )}
            </Show>
          )}
        </For>
      </ol>
    </section>
  )
}
