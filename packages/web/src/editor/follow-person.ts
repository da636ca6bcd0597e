/**
 * Following another person inside a document (issue 16), the way presenters are followed in Google
 * Slides or Figma: the follower's view scrolls with that person's caret and selection. What is
 * followed is the caret the collaboration-caret extension already draws from the synced awareness
 * state (its element carries the server-stamped user id, caret-render.ts), so nothing new is
 * trusted from clients and nothing new is sent.
 *
 * Following stops as soon as the follower acts for themselves: Escape, a wheel or touch scroll, a
 * key that types or moves (Tab and modifier keys do not: they move the focus, e.g. to "Stop
 * following"), or a press in the text. The caller stops it too when the person leaves.
 */
/** Keys that never count as the follower acting: moving the focus, or a modifier on its own. */
const PASSIVE_KEYS = new Set(['Tab', 'Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock'])

export interface FollowOptions {
  /** Where the carets are drawn (the editor's host). */
  host: HTMLElement
  /** The followed person's user id (as stamped by the server). */
  userId: string
  /** The sticky row's height: a caret under it is not in view. */
  topClearancePx: number
  /** The follower did something themselves; `escape` when it was Escape. */
  onStop: (why: 'escape' | 'self') => void
}

/** The followed person's caret as drawn in `host` (the first, when they have two tabs). */
function followedCaret(host: HTMLElement, userId: string): HTMLElement | null {
  return host.querySelector<HTMLElement>(`.collaboration-carets__caret[data-user="${CSS.escape(userId)}"]`)
}

/** Whether `rect` lies within the window below `top`. */
function inView(rect: DOMRect, top: number): boolean {
  return rect.top >= top && rect.bottom <= window.innerHeight
}

/** Starts following; returns the function that stops it (idempotent). */
export function followPerson(options: FollowOptions): () => void {
  const { host, userId, topClearancePx } = options
  let frame = 0
  let stopped = false

  // Watched where it is drawn, not in awareness: y-tiptap redraws carets a tick after an awareness
  // change (it batches them), and a caret also moves when text is written above it. Whatever
  // changed the text's DOM, the caret is looked at once in the next frame.
  const reveal = () => {
    cancelAnimationFrame(frame)
    frame = requestAnimationFrame(() => {
      const caret = followedCaret(host, userId)
      if (!caret || inView(caret.getBoundingClientRect(), topClearancePx)) return
      caret.scrollIntoView({ block: 'center', inline: 'nearest' })
    })
  }

  const stop = () => {
    if (stopped) return
    stopped = true
    cancelAnimationFrame(frame)
    observer.disconnect()
    window.removeEventListener('keydown', onKey, true)
    window.removeEventListener('wheel', onOwnScroll)
    window.removeEventListener('touchmove', onOwnScroll)
    host.removeEventListener('pointerdown', onOwnScroll)
  }
  const onOwnScroll = () => {
    stop()
    options.onStop('self')
  }
  const onKey = (event: KeyboardEvent) => {
    if (PASSIVE_KEYS.has(event.key)) return
    stop()
    options.onStop(event.key === 'Escape' ? 'escape' : 'self')
  }

  const observer = new MutationObserver(reveal)
  observer.observe(host, { childList: true, subtree: true, characterData: true })
  window.addEventListener('keydown', onKey, true)
  window.addEventListener('wheel', onOwnScroll, { passive: true })
  window.addEventListener('touchmove', onOwnScroll, { passive: true })
  host.addEventListener('pointerdown', onOwnScroll)
  reveal()
  return stop
}
