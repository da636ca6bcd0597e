/**
 * One meeting, kept current: fetched, then replaced by every `meeting` event of its stream
 * (`GET /api/meetings/:mid/events`, the whole meeting after each change). The meeting is a store
 * reconciled by id, so an agenda item that changed stays the same object and its row stays in the
 * page: the button someone is on keeps focus while others edit, reorder or move the table on.
 *
 * The linked documents' sign-off (which parties a round still awaits, a document becoming final)
 * changes on the documents, not the meeting; it comes from the workspace's stream (`signoff` and
 * `document` events), folded into the items that link the document.
 */
import type { DocumentStatus, PartyKey } from '@trepart/shared/parties'
import { createSignal, onCleanup } from 'solid-js'
import { createStore, produce, reconcile } from 'solid-js/store'
import { api, type DocumentInfo, isStatus } from '../../lib/api.js'
import { type Meeting, meetingApi } from '../../lib/meeting-api.js'

export type MeetingLiveState = 'connecting' | 'live' | 'reconnecting' | 'gone' | 'signed-out'

/** How long to wait before opening a new stream after the browser gave up on one. */
const REOPEN_AFTER_MS = 5_000

export function createLiveMeeting(meetingId: string, initial: Meeting) {
  const [store, setStore] = createStore<{ meeting: Meeting }>({ meeting: initial })
  const [state, setState] = createSignal<MeetingLiveState>('connecting')
  let disposed = false
  let sources: EventSource[] = []
  let reopenTimer: ReturnType<typeof setTimeout> | undefined

  /** A newer meeting in place of the one shown (by id, field by field). */
  const apply = (meeting: Meeting) => {
    if (disposed || meeting.id !== meetingId) return
    setStore('meeting', reconcile(meeting, { key: 'id', merge: true }))
  }

  const end = (why: 'gone' | 'signed-out') => {
    setState(why)
    for (const source of sources) source.close()
  }

  const reload = async () => {
    try {
      apply((await meetingApi.meeting(meetingId)).meeting)
    } catch (e) {
      if (disposed) return
      if (isStatus(e, 404)) end('gone')
      else if (isStatus(e, 401)) end('signed-out')
    }
  }

  /** The linked documents' state from the workspace stream. */
  const patchDocument = (
    documentId: string,
    patch: { awaitingParties?: PartyKey[]; status?: DocumentStatus; title?: string },
  ) =>
    setStore(
      'meeting',
      'items',
      produce((items) => {
        for (const item of items) if (item.document?.id === documentId) Object.assign(item.document, patch)
      }),
    )

  function open() {
    if (disposed || state() === 'gone' || state() === 'signed-out') return
    const meetingSource = new EventSource(meetingApi.eventsUrl(meetingId))
    meetingSource.addEventListener('meeting', (event) =>
      apply(JSON.parse((event as MessageEvent<string>).data) as Meeting),
    )
    // The stream ends for this reader (no longer a member, signed out, the meeting gone): ask why.
    meetingSource.addEventListener('ended', () => {
      meetingSource.close()
      void reload().then(() => {
        if (!disposed && state() !== 'gone' && state() !== 'signed-out') {
          reopenTimer = setTimeout(() => reopen(), REOPEN_AFTER_MS)
        }
      })
    })
    // Opened (again): what changed while away is in a fresh fetch.
    meetingSource.addEventListener('open', () => {
      setState('live')
      void reload()
    })
    meetingSource.addEventListener('error', () => {
      if (disposed || state() === 'gone' || state() === 'signed-out') return
      setState('reconnecting')
      void reload().then(() => {
        if (meetingSource.readyState === EventSource.CLOSED && !disposed) {
          reopenTimer = setTimeout(() => reopen(), REOPEN_AFTER_MS)
        }
      })
    })

    const workspaceSource = new EventSource(api.eventsUrl(store.meeting.workspaceId))
    workspaceSource.addEventListener('signoff', (event) => {
      const { documentId, awaitingParties } = JSON.parse((event as MessageEvent<string>).data) as {
        documentId: string
        awaitingParties: PartyKey[]
      }
      patchDocument(documentId, { awaitingParties })
    })
    workspaceSource.addEventListener('document', (event) => {
      const doc = JSON.parse((event as MessageEvent<string>).data) as DocumentInfo
      patchDocument(doc.id, { status: doc.status, title: doc.title })
    })
    sources = [meetingSource, workspaceSource]
  }

  function reopen() {
    for (const source of sources) source.close()
    open()
  }

  open()
  onCleanup(() => {
    disposed = true
    clearTimeout(reopenTimer)
    for (const source of sources) source.close()
  })

  return { meeting: () => store.meeting, state, reload, apply }
}
