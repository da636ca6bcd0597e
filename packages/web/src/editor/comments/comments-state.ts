/**
 * The comments of one open document, live: the threads the member may see (fetched, then every
 * thread event of the collaboration socket folded in by id, and fetched again after a reconnect,
 * since events may have been missed meanwhile), where each thread's text is now (from the
 * highlights), which layers are hidden and the filters (both remembered per user and document),
 * the active thread, the participation figures (fetched again, throttled, after thread news), and
 * the writes.
 * Created with the editor and disposed with it.
 */
import type { ServerEvent, ThreadComment } from '@trepart/shared'
import { type Role, roleAtLeast } from '@trepart/shared/parties'
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup } from 'solid-js'
import { ApiError, api, type PartyParticipation } from '../../lib/api.js'
import { t } from '../../lib/i18n/i18n.js'
import { partyLabel } from '../../lib/labels.js'
import './comment-messages.js'
import type { CollabStatus } from '../save-status.js'
import type { Anchor } from './anchors.js'
import type { CommentSocket } from './comment-socket.js'
import { loadFilters, type PlaceFilter, type StatusFilter, saveFilters } from './filters.js'
import { inShownLayer, type LayerKey, loadHiddenLayers, saveHiddenLayers } from './layers.js'
import { browserStore } from './panel-memory.js'
import {
  documentOrder,
  foldEvent,
  type HeldThread,
  isThreadEvent,
  type TextRange,
  upsertComment,
  upsertThread,
} from './thread-store.js'

/** At most one participation fetch per this long while news keeps coming. */
const PARTICIPATION_EVERY_MS = 2_000

export interface CommentsViewer {
  id: string
  party: string
  /** The role as the page knew it on opening; the server's word (`status().role`) replaces it. */
  role: Role
}

export interface Draft {
  anchor: Anchor
  quote: string
}

export function createCommentsState(options: {
  documentId: string
  viewer: CommentsViewer
  status: Accessor<CollabStatus>
}) {
  const { documentId } = options
  // The party follows the server's `threads.reset` (a party change while the page is open): the
  // internal layer, the compose form and who may edit what go with it.
  const [party, setParty] = createSignal(options.viewer.party)
  const viewer: CommentsViewer = {
    id: options.viewer.id,
    role: options.viewer.role,
    get party() {
      return party()
    },
  }
  const [threads, setThreads] = createSignal<HeldThread[]>([])
  const [loaded, setLoaded] = createSignal(false)
  const [loadError, setLoadError] = createSignal<unknown>(null)
  const [ranges, setRanges] = createSignal<ReadonlyMap<string, TextRange>>(new Map())
  const [hidden, setHidden] = createSignal<ReadonlySet<LayerKey>>(
    loadHiddenLayers(browserStore(), viewer.id, documentId),
  )
  const savedFilters = loadFilters(browserStore(), viewer.id, documentId)
  const [partyFilter, setPartyFilter] = createSignal<string>(savedFilters.party)
  const [statusFilter, setStatusFilter] = createSignal<StatusFilter>(savedFilters.status)
  const [placeFilter, setPlaceFilter] = createSignal<PlaceFilter>(savedFilters.place)
  // Remembered like the layers: a reload shows the threads as the reader last filtered them.
  createEffect(
    on(
      [partyFilter, statusFilter, placeFilter],
      ([party, status, place]) =>
        saveFilters(browserStore(), viewer.id, documentId, { party, status, place }),
      { defer: true },
    ),
  )
  const [active, setActive] = createSignal<string | null>(null)
  const [draft, setDraft] = createSignal<Draft | null>(null)
  const [participation, setParticipation] = createSignal<PartyParticipation[] | null>(null)
  /** Others' new threads and replies, as screen readers hear them (a polite live region). */
  const [news, setNews] = createSignal('')

  // The role follows the server (welcome, `access.changed`): a commenter made a viewer loses the
  // controls at once (the server would refuse their writes), a viewer made a commenter gains them.
  const role = createMemo(() => options.status().role ?? viewer.role)
  const canComment = createMemo(() => roleAtLeast(role(), 'commenter'))
  const isAdmin = () => role() === 'admin'
  let disposed = false

  // --- the list: fetched, with events that arrive meanwhile folded into the answer --------------
  let generation = 0
  let buffered: ServerEvent[] | null = null
  const reload = async () => {
    const mine = ++generation
    buffered = []
    try {
      const answer = await api.threads(documentId)
      if (mine !== generation || disposed) return
      let list: HeldThread[] = answer.threads
      for (const event of buffered) list = foldEvent(list, event).threads
      buffered = null
      setThreads(list)
      setLoaded(true)
      setLoadError(null)
    } catch (error) {
      if (mine !== generation || disposed) return
      buffered = null
      setLoadError(error)
    }
  }

  let participationTimer: ReturnType<typeof setTimeout> | undefined
  let participationAt = 0
  const fetchParticipation = async () => {
    participationAt = Date.now()
    try {
      const answer = await api.participation(documentId)
      if (!disposed) setParticipation(answer.parties)
    } catch {
      // The figures stay as they were; the next news fetches them again.
    }
  }
  /** Fetches the figures now, or once the throttle's time is up (one fetch for a burst of news). */
  const refreshParticipation = () => {
    if (participationTimer !== undefined) return
    const wait = Math.max(0, participationAt + PARTICIPATION_EVERY_MS - Date.now())
    participationTimer = setTimeout(() => {
      participationTimer = undefined
      void fetchParticipation()
    }, wait)
  }

  void reload()
  void fetchParticipation()

  /** Says who wrote what is new, unless it is the viewer's own or in a hidden layer (or known). */
  const announce = (event: ServerEvent) => {
    if (event.type === 'thread.created') {
      const { thread } = event
      if (thread.createdBy.id === viewer.id || threads().some((th) => th.id === thread.id)) return
      if (!inShownLayer(thread, hidden())) return
      const by = thread.createdBy
      setNews(t('comments.news.thread', { name: by.name, party: partyLabel(by.party) }))
    } else if (event.type === 'comment.added') {
      const { comment } = event
      const thread = threads().find((th) => th.id === comment.threadId)
      if (comment.author.id === viewer.id || !thread || !inShownLayer(thread, hidden())) return
      if (thread.comments.some((c) => c.id === comment.id)) return
      setNews(
        t('comments.news.reply', { name: comment.author.name, party: partyLabel(comment.author.party) }),
      )
    }
  }

  /** A server event from the collaboration socket. */
  const onEvent = (event: ServerEvent) => {
    if (!isThreadEvent(event)) return
    if (event.type === 'threads.reset') setParty(event.party)
    announce(event)
    if (buffered) buffered.push(event)
    const folded = foldEvent(threads(), event)
    setThreads(folded.threads)
    if (folded.refetch) void reload()
    refreshParticipation()
  }

  // After a reconnect the list is fetched again: events sent while away were lost with the socket.
  createEffect(
    on(
      () => options.status().connection,
      (connection, previous) => {
        if (connection === 'connected' && previous !== undefined && previous !== 'connected' && loaded()) {
          void reload()
          refreshParticipation()
        }
      },
    ),
  )

  // --- saving before anchoring -------------------------------------------------------------------
  /** Checks of those waiting for the text to be saved; each says whether it is done. */
  let savedWaiters: (() => boolean)[] = []
  /** Resolves once the server has every local change (it refuses anchors over text it lacks). */
  const saved = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        const s = options.status()
        return !s.unsaved && s.connection === 'connected'
      }
      if (done()) return resolve()
      savedWaiters.push(() => {
        if (!done()) return false
        resolve()
        return true
      })
    })
  createEffect(
    on(options.status, () => {
      savedWaiters = savedWaiters.filter((check) => !check())
    }),
  )

  // --- what the panel shows -----------------------------------------------------------------------
  const rangeOf = (thread: HeldThread): TextRange => ranges().get(thread.id) ?? null
  /** Detached: none of its text left, by the editor's resolution once it has one, else the server's. */
  const isDetached = (thread: HeldThread) => {
    const known = ranges()
    return known.has(thread.id) ? known.get(thread.id) === null : thread.orphaned
  }
  const inLayers = (thread: HeldThread) => inShownLayer(thread, hidden())
  const visible = createMemo(() => {
    const party = partyFilter()
    const status = statusFilter()
    const place = placeFilter()
    const shown = threads().filter(
      (t) =>
        inLayers(t) &&
        (party === 'all' || t.party === party) &&
        (status === 'all' || t.status === status) &&
        (place === 'all' || (place === 'detached') === isDetached(t)),
    )
    return documentOrder(shown, rangeOf)
  })

  const toggleLayer = (layer: LayerKey) => {
    const next = new Set(hidden())
    if (next.has(layer)) next.delete(layer)
    else next.add(layer)
    setHidden(next)
    saveHiddenLayers(browserStore(), viewer.id, documentId, next)
  }

  // --- writes --------------------------------------------------------------------------------------
  const noted = (thread: HeldThread) => {
    setThreads(upsertThread(threads(), thread))
    refreshParticipation()
  }

  /** The collaboration socket's comment requests, once the editor has a connection (else HTTP). */
  let socket: CommentSocket | null = null

  /** Starts a thread on the draft's text once that text is saved; retried once after the next save. */
  const createThread = async (body: string, visibility: 'shared' | 'party'): Promise<HeldThread> => {
    const current = draft()
    if (!current) throw new Error('No text selected')
    const input = { anchor: current.anchor, visibility, body }
    const post = () =>
      socket?.send<{ thread: HeldThread }>({ op: 'thread.create', ...input }) ??
      api.createThread(documentId, input)
    await saved()
    let answer: Awaited<ReturnType<typeof post>>
    try {
      answer = await post()
    } catch (error) {
      // 400: the server had not committed the text yet (a save that crossed ours); once more.
      if (!(error instanceof ApiError && error.status === 400)) throw error
      await saved()
      answer = await post()
    }
    noted(answer.thread)
    setDraft(null)
    setActive(answer.thread.id)
    return answer.thread
  }

  const reply = async (threadId: string, body: string) => {
    const { comment } =
      (await socket?.send<{ comment: ThreadComment }>({ op: 'comment.add', threadId, body })) ??
      (await api.reply(threadId, { body }))
    const next = upsertComment(threads(), comment)
    if (next) setThreads(next)
    refreshParticipation()
  }

  const editComment = async (commentId: string, body: string) => {
    const { comment } = await api.editComment(commentId, { body })
    const next = upsertComment(threads(), comment)
    if (next) setThreads(next)
  }

  const deleteComment = async (threadId: string, commentId: string) => {
    await api.deleteComment(commentId)
    const thread = threads().find((t) => t.id === threadId)
    const comment = thread?.comments.find((c) => c.id === commentId)
    if (comment) {
      const next = upsertComment(threads(), { ...comment, body: '', deleted: true })
      if (next) setThreads(next)
    }
    refreshParticipation()
  }

  const setThreadStatus = async (threadId: string, status: 'open' | 'resolved') => {
    const { thread } =
      status === 'resolved' ? await api.resolveThread(threadId) : await api.reopenThread(threadId)
    noted({ ...thread, orphaned: threads().find((t) => t.id === threadId)?.orphaned ?? false })
  }

  // A thread being started when the right to comment went is dropped with its form: it cannot be posted.
  createEffect(
    on(canComment, (can) => {
      if (!can) setDraft(null)
    }),
  )

  onCleanup(() => {
    disposed = true
    clearTimeout(participationTimer)
    savedWaiters = []
  })

  return {
    /** Sends starts and replies over `next` from now on (null: over HTTP). */
    useSocket(next: CommentSocket | null) {
      socket = next
    },
    viewer,
    /** Whether the viewer may start threads, reply, resolve and reopen (commenter and up), now. */
    canComment,
    /** Whether the viewer may delete this comment (its author, or a workspace admin), now. */
    canDelete: (authorId: string) => canComment() && (authorId === viewer.id || isAdmin()),
    /** Whether the viewer may edit it: its author, still in the party it was written for. */
    canEdit: (author: { id: string; party: string }) =>
      canComment() && author.id === viewer.id && author.party === viewer.party,
    threads,
    visible,
    loaded,
    loadError,
    reload,
    ranges,
    setRanges,
    isDetached,
    hidden,
    toggleLayer,
    inLayers,
    partyFilter,
    setPartyFilter,
    statusFilter,
    setStatusFilter,
    placeFilter,
    setPlaceFilter,
    active,
    setActive,
    draft,
    setDraft,
    participation,
    news,
    onEvent,
    createThread,
    reply,
    editComment,
    deleteComment,
    setThreadStatus,
  }
}

export type CommentsState = ReturnType<typeof createCommentsState>
