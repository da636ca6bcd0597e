/**
 * The workspace's documents, kept current: fetched with the filter, then every `document` event of
 * the workspace's server-sent events (`GET /api/workspaces/:wid/events`) folded in, and every
 * `threads` event (a document's open comment threads, as this member may count them). The stream ends
 * when the member is removed or the session revoked; the browser then fails to reconnect, and the
 * API says why (404: no longer a member, 401: signed out), which the page explains.
 *
 * The list is a store reconciled by id: a changed document stays the same object with new fields,
 * so its table row (a `<For>` keys rows by object) is updated, not rebuilt. A rebuilt row would
 * take the focused button out of the page, and focus to <body>, whenever anyone changes that
 * document (a rename, one's own too).
 */
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import { api, type DocumentInfo, isStatus } from '../../lib/api.js'
import {
  type AwaitingParties,
  apiQuery,
  applyAwaiting,
  applyChange,
  applyThreadCount,
  type DocumentFilter,
  type ListedDocument,
  type ThreadCount,
} from './document-filter.js'

export type LiveState = 'connecting' | 'live' | 'reconnecting' | 'removed' | 'signed-out'

/** How long to wait before opening a new stream after the browser gave up on one. */
const REOPEN_AFTER_MS = 5_000

export function createLiveDocuments(workspaceId: string, filter: Accessor<DocumentFilter>) {
  const [store, setStore] = createStore<{ list: ListedDocument[] | null }>({ list: null })
  const documents = () => store.list
  const setDocuments = (list: ListedDocument[]) => setStore('list', reconcile(list, { key: 'id' }))
  const [state, setState] = createSignal<LiveState>('connecting')
  const [error, setError] = createSignal<unknown>(null)
  const ended = () => state() === 'removed' || state() === 'signed-out'

  /** Events that arrive while a fetch is under way, folded into its answer. */
  let buffered: ((list: ListedDocument[]) => ListedDocument[])[] | null = null
  /** Folds one event into the list now, or into the answer of the fetch under way. */
  const fold = (change: (list: ListedDocument[]) => ListedDocument[]) => {
    if (buffered) buffered.push(change)
    else if (store.list) setDocuments(change(store.list))
  }
  let generation = 0
  let disposed = false
  /** Who wants meeting news (issue 16): the meetings tab, on this stream rather than one more. */
  const meetingListeners = new Set<() => void>()
  const meetingNews = () => {
    for (const listener of meetingListeners) listener()
  }
  /** Who wants follow-up news (issue 16): the follow-ups tab, on this stream rather than one more. */
  const followUpListeners = new Set<(documentId: string | null) => void>()
  const followUpNews = (documentId: string | null) => {
    for (const listener of followUpListeners) listener(documentId)
  }

  const end = (why: 'removed' | 'signed-out') => {
    setState(why)
    source?.close()
  }

  const reload = async () => {
    const mine = ++generation
    buffered = []
    try {
      const result = await api.documents(workspaceId, apiQuery(filter()))
      if (mine !== generation || disposed) return
      // The list's items carry `openThreads`; `document` events do not (the row keeps its count).
      let list: ListedDocument[] = result.documents
      for (const change of buffered) list = change(list)
      buffered = null
      setDocuments(list)
      setError(null)
    } catch (e) {
      if (mine !== generation || disposed) return
      buffered = null
      if (isStatus(e, 404)) end('removed')
      else if (isStatus(e, 401)) end('signed-out')
      else setError(e)
    }
  }

  /** After a broken stream: is the member still in, and signed in? */
  const checkAccess = async () => {
    try {
      await api.workspace(workspaceId)
      if (source?.readyState === EventSource.CLOSED && !disposed) {
        reopenTimer = setTimeout(open, REOPEN_AFTER_MS)
      }
    } catch (e) {
      if (disposed) return
      if (isStatus(e, 404)) end('removed')
      else if (isStatus(e, 401)) end('signed-out')
    }
  }

  let source: EventSource | null = null
  let reopenTimer: ReturnType<typeof setTimeout> | undefined
  function open() {
    if (disposed || ended()) return
    source = new EventSource(api.eventsUrl(workspaceId))
    source.addEventListener('document', (event) => {
      const doc = JSON.parse((event as MessageEvent<string>).data) as DocumentInfo
      fold((list) => applyChange(list, doc, filter()))
    })
    // A document's open threads changed (counted by the server for this member: shared ones and
    // their own party's internal ones).
    source.addEventListener('threads', (event) => {
      const count = JSON.parse((event as MessageEvent<string>).data) as ThreadCount
      fold((list) => applyThreadCount(list, count))
    })
    // After every sign-off step: the parties the document's open round still awaits.
    source.addEventListener('signoff', (event) => {
      const awaiting = JSON.parse((event as MessageEvent<string>).data) as AwaitingParties
      fold((list) => applyAwaiting(list, awaiting))
    })
    // My own party or role changed: every document's count of open threads is counted for my
    // new party (another party's internal threads drop out, my new party's come in), so fetch again.
    source.addEventListener('me', () => void reload())
    // A follow-up item changed (`{documentId, followUpId}`): its lists fetch again.
    source.addEventListener('followup', (event) => {
      const { documentId } = JSON.parse((event as MessageEvent<string>).data) as { documentId: string }
      followUpNews(documentId)
    })
    // A meeting was planned, changed, opened or closed (`{meetingId}`): the meetings list fetches again.
    source.addEventListener('meeting', () => meetingNews())
    source.addEventListener('ready', () => {
      // Changes made while the stream was away (or before it first opened) are in a fresh fetch.
      void reload()
      followUpNews(null)
      meetingNews()
      setState('live')
    })
    source.addEventListener('error', () => {
      if (ended() || disposed) return
      setState('reconnecting')
      void checkAccess()
    })
  }

  createEffect(on(filter, () => void reload()))
  open()

  onCleanup(() => {
    disposed = true
    clearTimeout(reopenTimer)
    source?.close()
  })

  return {
    documents,
    state,
    error,
    reload,
    /** Calls `listener` on each follow-up change (`null`: anything may have changed) until the caller is disposed. */
    onFollowUpNews(listener: (documentId: string | null) => void) {
      followUpListeners.add(listener)
      onCleanup(() => followUpListeners.delete(listener))
    },
    /** Calls `listener` on each change to the workspace's meetings until the caller is disposed. */
    onMeetingNews(listener: () => void) {
      meetingListeners.add(listener)
      onCleanup(() => meetingListeners.delete(listener))
    },
  }
}
