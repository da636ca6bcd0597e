/**
 * Other people's caret labels fade a few seconds after their caret last moved, and show again when
 * it moves (they type or select) or on hover, as in Google Docs: a label that stays covers the line
 * above it. Activity comes from awareness: a client whose `cursor` state changed is active for
 * CARET_LABEL_VISIBLE_MS. Carets are rendered by the caret extension, whose render callback gets
 * only the user, so carets are found by the user id the server stamps (`data-user`); two tabs of one
 * person share their label's state, which is what a reader sees as one person anyway.
 */
import type { Awareness } from 'y-protocols/awareness'
import { readPresentUser } from './presence.js'

/** How long a caret label stays after its caret last moved. */
export const CARET_LABEL_VISIBLE_MS = 3000

const CARET = 'collaboration-carets__caret'

interface AwarenessChange {
  added: number[]
  updated: number[]
  removed: number[]
}

export interface CaretActivity {
  /** Whether `userId`'s label is showing now (for a caret rendered after the change that showed it). */
  isActive(userId: string): boolean
  stop(): void
}

export function trackCaretActivity(
  awareness: Awareness,
  root: HTMLElement,
  visibleMs = CARET_LABEL_VISIBLE_MS,
): CaretActivity {
  const lastCursor = new Map<number, string>()
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  const mark = (userId: string, active: boolean) => {
    for (const caret of root.querySelectorAll<HTMLElement>(`.${CARET}[data-user="${CSS.escape(userId)}"]`))
      caret.toggleAttribute('data-active', active)
  }
  const show = (userId: string) => {
    clearTimeout(timers.get(userId))
    timers.set(
      userId,
      setTimeout(() => {
        timers.delete(userId)
        mark(userId, false)
      }, visibleMs),
    )
    mark(userId, true)
  }

  const onChange = ({ added, updated, removed }: AwarenessChange) => {
    const states = awareness.getStates()
    for (const clientId of [...added, ...updated]) {
      if (clientId === awareness.clientID) continue
      const state = states.get(clientId) as { cursor?: unknown } | undefined
      // Cheap: a cursor is two small relative positions.
      const cursor = JSON.stringify(state?.cursor ?? null)
      if (lastCursor.get(clientId) === cursor) continue
      lastCursor.set(clientId, cursor)
      const user = readPresentUser(state)
      if (user && state?.cursor) show(user.id)
    }
    for (const clientId of removed) lastCursor.delete(clientId)
  }
  awareness.on('change', onChange)

  return {
    isActive: (userId) => timers.has(userId),
    stop() {
      awareness.off('change', onChange)
      for (const timer of timers.values()) clearTimeout(timer)
      timers.clear()
    },
  }
}
