/**
 * One meeting, kept current: fetched, then replaced by every `meeting` event of its stream
 * (`GET /api/meetings/:mid/events`: the whole meeting on opening and after each change, including
 * sign-off steps on the documents its agenda links). The meeting is a store reconciled by id, so
 * an agenda item that changed stays the same object and its row stays in the page: the button
 * someone is on keeps focus while others edit, reorder or move the table on.
 *
 * Holding the stream while the meeting is open is what records the reader present (the server
 * does it), so the page keeps one open as long as it is shown.
 */
import { createSignal, onCleanup } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import { isStatus } from '../../lib/api.js'
import { type Meeting, meetingApi } from '../../lib/meeting-api.js'

export type MeetingLiveState = 'connecting' | 'live' | 'reconnecting' | 'gone' | 'signed-out'

/** How long to wait before opening a new stream after the browser gave up on one. */
const REOPEN_AFTER_MS = 5_000

export function createLiveMeeting(meetingId: string, initial: Meeting) {
  const [store, setStore] = createStore<{ meeting: Meeting }>({ meeting: initial })
  const [state, setState] = createSignal<MeetingLiveState>('connecting')
  let disposed = false
  let source: EventSource | null = null
  let reopenTimer: ReturnType<typeof setTimeout> | undefined
  const ended = () => state() === 'gone' || state() === 'signed-out'

  /** A newer meeting in place of the one shown (by id, field by field). */
  const apply = (meeting: Meeting) => {
    if (disposed || meeting.id !== meetingId) return
    setStore('meeting', reconcile(meeting, { key: 'id', merge: true }))
  }

  /** After the stream broke or ended: the meeting again, or why it cannot be had (404, 401). */
  const recheck = async () => {
    try {
      apply((await meetingApi.meeting(meetingId)).meeting)
      if (!disposed && source?.readyState === EventSource.CLOSED) {
        clearTimeout(reopenTimer)
        reopenTimer = setTimeout(open, REOPEN_AFTER_MS)
      }
    } catch (e) {
      if (disposed) return
      if (isStatus(e, 404)) setState('gone')
      else if (isStatus(e, 401)) setState('signed-out')
      if (ended()) source?.close()
    }
  }

  function open() {
    if (disposed || ended()) return
    source?.close()
    const mine = new EventSource(meetingApi.eventsUrl(meetingId))
    source = mine
    mine.addEventListener('meeting', (event) => {
      setState('live')
      apply(JSON.parse((event as MessageEvent<string>).data) as Meeting)
    })
    // The server ended the stream for this reader (removed, signed out, the meeting gone): ask why.
    mine.addEventListener('ended', () => {
      mine.close()
      void recheck()
    })
    mine.addEventListener('error', () => {
      if (disposed || ended() || mine !== source) return
      setState('reconnecting')
      void recheck()
    })
  }

  open()
  onCleanup(() => {
    disposed = true
    clearTimeout(reopenTimer)
    source?.close()
  })

  return { meeting: () => store.meeting, state }
}
