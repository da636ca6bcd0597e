/**
 * The collaborative editor: one Y.Doc, its WebsocketProvider, the local copy in IndexedDB (for
 * people who may write) and a Tiptap editor bound to the doc's XmlFragment (CONTENT_FRAGMENT), created
 * together in onMount and destroyed together in onCleanup. The doc is never seeded from plain
 * content: its only sources are the server and this user's own local copy of it (seeding on load
 * duplicates text when two clients do it, or when one reconnects to a fresh server).
 *
 * The socket carries the session cookie; the server decides who may write (its welcome says
 * `canWrite`) and stamps each connection's name, party, role and colour for the others. When the
 * socket is refused or closed for good, the API is asked why (see connection-verdict.ts), and
 * reconnecting stops when it cannot help.
 */

import { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import { CloseCode, CONTENT_FRAGMENT, type Role, type ServerEvent } from '@trepart/shared'
import MessageSquareText from 'lucide-solid/icons/message-square-text'
import { createEffect, createMemo, createSignal, For, on, onCleanup, onMount, Show } from 'solid-js'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { ApiError, api } from '../lib/api.js'
import { locale, t } from '../lib/i18n/i18n.js'
import { PARTIES, partyLabel as partyName } from '../lib/labels.js'
import { type LocalDoc, openLocalDoc } from '../offline/local-doc.js'
import { type CaretActivity, trackCaretActivity } from './caret-activity.js'
import { relabelCarets, renderCaret, renderSelection } from './caret-render.js'
import { anchorOf } from './comments/anchors.js'
import { CommentHighlights, type HighlightSource, refreshHighlights } from './comments/comment-highlights.js'
import { commentSocket } from './comments/comment-socket.js'
import './comments/comment-messages.js'
import { CommentTrigger, selectedRange } from './comments/comment-trigger.js'
import { CommentsPanel } from './comments/comments-panel.js'
import { createCommentsState } from './comments/comments-state.js'
import { inShownLayer, layerOf } from './comments/layers.js'
import type { HeldThread } from './comments/thread-store.js'
import './comments/comments.css'
import { ConcurrentText } from './concurrent-text.js'
import { type ConnectionVerdict, connectionVerdict, needsVerdict } from './connection-verdict.js'
import { contentExtensions } from './extensions.js'
import { followPerson } from './follow-person.js'
import { FollowingIndicator } from './following-indicator.js'
import './messages.js'
import { othersPresent, type PresentUser, partyLabel, presenceChanges, samePeople } from './presence.js'
import { PresenceBar } from './presence-bar.js'
import { READ_ONLY_NOTICE_ID, ReadOnlyAttributes } from './read-only-attributes.js'
import { ReaderCaret } from './reader-caret.js'
import { type CollabStatus, initialStatus, trackCollabStatus } from './save-status.js'
import { StatusLine } from './status-line.js'
import { ToolbarShortcuts } from './toolbar/toolbar-shortcuts.js'
import { Toolbar } from './toolbar.js'
import { UnsentText } from './unsent-text.js'
import './prosemirror.css'
import './collab-editor.css'

export interface CollabUser {
  id: string
  name: string
  party: string
  role: Role
  color: string
}

export interface CollabEditorProps {
  documentId: string
  user: CollabUser
  /** Whether the user may write, until the server's welcome says so itself. */
  initialCanWrite: boolean
  /**
   * Why the user may only read (their role, the document's status, or access that changed), shown
   * in the read-only notice; given the role as the server last said it.
   */
  readOnlyReason: (role: Role) => string
  /** The document's title changed (renamed by someone while it is open). */
  onTitle?: (title: string) => void
  /** Every server event of the room, for the page (sign-off: `document.updated` with a status, `signoff.changed`). */
  onServerEvent?: (event: ServerEvent) => void
}

const EDITOR_ID = 'editor-text'

/** The sticky row's height and a little air: a caret scrolled into view stops below it. */
const STICKY_ROW_CLEARANCE_PX = 72

/** From this width the comments panel has its room beside the text (75 rem, as the CSS says). */
const WIDE_QUERY = '(min-width: 75rem)'

/** The hidden description a highlight of `party`'s thread points to, for screen readers. */
const highlightDescription = (party: string, internal: boolean) =>
  `comment-highlight-${internal ? 'internal' : 'shared'}-${party}`

function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`
}

export function CollabEditor(props: CollabEditorProps) {
  const [status, setStatus] = createSignal<CollabStatus>(initialStatus)
  const [verdict, setVerdict] = createSignal<ConnectionVerdict | null>(null)
  const [online, setOnline] = createSignal(typeof navigator === 'undefined' ? true : navigator.onLine)
  const [editor, setEditor] = createSignal<Editor | null>(null)
  const [others, setOthers] = createSignal<ReadonlyMap<string, PresentUser>>(new Map())
  const [announcement, setAnnouncement] = createSignal('')
  /** The text as it was when saving became impossible with changes unsent. */
  const [unsentText, setUnsentText] = createSignal<string | null>(null)
  /** Once the API said reconnecting cannot help, the connection is closed for good. */
  const shown = createMemo(() => (verdict() ? { ...status(), connection: 'closed' as const } : status()))
  const readOnly = createMemo(() => !(status().canWrite ?? props.initialCanWrite))
  const editable = createMemo(() => shown().connection !== 'closed' && !readOnly())
  let host!: HTMLDivElement
  let column!: HTMLDivElement
  let panelToggle: HTMLButtonElement | undefined
  let panel: HTMLElement | undefined

  // Following another person's caret (issue 16, follow-person.ts): whom, and how to stop.
  const [following, setFollowing] = createSignal<PresentUser | null>(null)
  const [followNotice, setFollowNotice] = createSignal('')
  let mounted = false
  let stopFollowing: (() => void) | null = null
  const endFollowing = (notice: 'following.stopped' | 'following.left') => {
    const person = following()
    stopFollowing?.()
    stopFollowing = null
    setFollowing(null)
    if (person) setFollowNotice(t(notice, { name: person.name }))
  }
  const follow = (person: PresentUser) => {
    if (!mounted) return
    stopFollowing?.()
    setFollowing(person)
    setFollowNotice(t('following.started', { name: person.name, party: partyLabel(person.party, locale()) }))
    stopFollowing = followPerson({
      host,
      userId: person.id,
      topClearancePx: STICKY_ROW_CLEARANCE_PX,
      onStop: () => endFollowing('following.stopped'),
    })
  }

  const comments = createCommentsState({
    documentId: props.documentId,
    viewer: { id: props.user.id, party: props.user.party, role: props.user.role },
    status,
  })
  const wideQuery = typeof window === 'undefined' ? null : window.matchMedia(WIDE_QUERY)
  const [wide, setWide] = createSignal(wideQuery?.matches ?? true)
  const onWide = (event: MediaQueryListEvent) => setWide(event.matches)
  wideQuery?.addEventListener('change', onWide)
  onCleanup(() => wideQuery?.removeEventListener('change', onWide))
  /** The side sheet on narrow screens; on wide ones the panel is always there. */
  const [drawerOpen, setDrawerOpen] = createSignal(false)
  const [commentNotice, setCommentNotice] = createSignal('')
  // The right to comment changed while the page is open (a new role): the panel says so, and a
  // focus that went with a control taken away goes to the panel's heading, where that is said.
  createEffect(
    on(
      comments.canComment,
      (can) => {
        setCommentNotice(t(can ? 'comments.access.gained' : 'comments.access.lost'))
        // After this update has removed what it removes (the new thread's form goes in a later step).
        queueMicrotask(() => {
          if (document.activeElement === document.body || document.activeElement === null)
            panel?.querySelector<HTMLElement>('#comments-title')?.focus()
        })
      },
      { defer: true },
    ),
  )
  const openThreadCount = createMemo(
    () => comments.threads().filter((th) => th.status === 'open' && comments.inLayers(th)).length,
  )

  /** What the highlights draw: open threads of shown layers, and the text of a thread being written. */
  const highlightSources = createMemo((): HighlightSource[] => {
    locale()
    const active = comments.active()
    const sources: HighlightSource[] = comments.threads().map((th) => {
      const internal = th.visibility === 'party'
      return {
        id: th.id,
        anchor: th.anchor,
        party: th.party,
        internal,
        shown: th.status === 'open' && inShownLayer(th, comments.hidden()),
        active: th.id === active,
        label: t(internal ? 'comments.highlight.internal' : 'comments.highlight.label', {
          party: partyName(th.party),
        }),
        describedBy: highlightDescription(th.party, internal),
      }
    })
    const draft = comments.draft()
    if (draft) {
      sources.push({
        id: 'draft',
        anchor: draft.anchor,
        party: props.user.party,
        internal: false,
        shown: true,
        active: true,
        label: t('comments.highlight.draft'),
        describedBy: 'comment-highlight-draft',
      })
    }
    return sources
  })

  const openPanel = (focusHeading: boolean) => {
    if (wide()) return
    setDrawerOpen(true)
    if (focusHeading) queueMicrotask(() => panel?.querySelector<HTMLElement>('#comments-title')?.focus())
  }
  const closePanel = () => {
    setDrawerOpen(false)
    panelToggle?.focus()
  }

  /** The thread whose highlight the caret is in (the innermost), if any. */
  let caretThread: string | null = null
  const focusCard = (id: string) =>
    panel?.querySelector<HTMLElement>(`.thread-card[data-thread="${CSS.escape(id)}"]`)?.focus()

  /**
   * Ctrl+Alt+M (or the button beside a selection): a new thread on the selected text; with nothing
   * selected but the caret in a highlight, the way from the text to that thread.
   */
  const startComment = () => {
    const instance = editor()
    if (!instance) return
    const range = selectedRange(instance)
    if (!range && caretThread) {
      const id = caretThread
      openPanel(false)
      requestAnimationFrame(() => focusCard(id))
      return
    }
    if (!comments.canComment()) return
    const anchor = range && anchorOf(instance.state, range.from, range.to)
    if (!range || !anchor) {
      setCommentNotice(t('comments.panel.noSelection'))
      openPanel(false)
      return
    }
    setCommentNotice('')
    comments.setDraft({ anchor, quote: instance.state.doc.textBetween(range.from, range.to, '\n', ' ') })
    openPanel(false)
  }

  /** Back to the text: its thread's text selected, or the text as it was before writing. */
  const showText = (thread: HeldThread | null) => {
    const instance = editor()
    if (!instance) return
    const range = thread ? comments.ranges().get(thread.id) : null
    if (!wide()) setDrawerOpen(false)
    // ProseMirror focuses only an editable view; a reader's (a commenter's) text is focused here,
    // before the selection is set, so the selection is drawn into the focused text.
    if (instance.isEditable) instance.commands.focus()
    else instance.view.dom.focus({ preventScroll: true })
    if (range) instance.chain().setTextSelection(range).scrollIntoView().run()
  }

  /** After posting, the focus goes to the new thread's card (to reply, resolve, or go back). */
  const composeDone = (thread: HeldThread | null) => {
    if (!thread) return showText(null)
    // One's own new thread shows, whatever was hidden or filtered before.
    const layer = layerOf(thread)
    if (layer && comments.hidden().has(layer)) comments.toggleLayer(layer)
    comments.setStatusFilter('open')
    comments.setPartyFilter('all')
    comments.setPlaceFilter('all')
    requestAnimationFrame(() => focusCard(thread.id))
  }

  onMount(() => {
    const doc = new Y.Doc()
    // Not connected yet: the status tracker must see the first "connecting" and install its handlers.
    const provider = new WebsocketProvider(collabUrl(), props.documentId, doc, { connect: false })
    let local: LocalDoc | null = null
    let carets: CaretActivity | null = null

    let disposed = false
    let asking = false
    let askedAt: number | null = null
    const askWhy = async () => {
      asking = true
      askedAt = Date.now()
      let answer: number | null = 200
      try {
        await api.document(props.documentId)
      } catch (error) {
        answer = error instanceof ApiError && error.status > 0 ? error.status : null
      }
      asking = false
      if (disposed) return
      const found = connectionVerdict(answer)
      if (!found) return
      setVerdict(found)
      provider.disconnect()
    }
    const onStatus = (next: CollabStatus) => {
      setStatus(next)
      if (!asking && !verdict() && needsVerdict(next, askedAt, Date.now())) void askWhy()
    }
    const tracker = trackCollabStatus(
      provider,
      doc,
      onStatus,
      (event) => {
        props.onServerEvent?.(event)
        if (event.type === 'document.updated' && event.title) props.onTitle?.(event.title)
        else comments.onEvent(event)
      },
      () => local,
    )
    const commentRequests = commentSocket(provider, () => tracker.trepartSocket())
    comments.useSocket(commentRequests)

    const instance = new Editor({
      element: host,
      editable: editable(),
      // Its CSS comes from prosemirror.css: the CSP refuses the <style> element Tiptap would inject.
      injectCSS: false,
      // A read-only editor stays reachable by keyboard, to read and select its text (ReaderCaret).
      coreExtensionOptions: { tabindex: { value: '0' } },
      extensions: [
        ...contentExtensions(),
        Collaboration.configure({ document: doc, field: CONTENT_FRAGMENT }),
        ConcurrentText,
        CollaborationCaret.configure({
          provider,
          user: { name: props.user.name, color: props.user.color },
          render: (user) => renderCaret(user, carets, locale()),
          selectionRender: renderSelection,
        }),
        ReadOnlyAttributes.configure({ editable, readOnly }),
        ReaderCaret,
        ToolbarShortcuts,
        CommentHighlights.configure({
          sources: highlightSources,
          onResolved: comments.setRanges,
          onCaret: (ids) => {
            const id = ids.filter((i) => i !== 'draft').at(-1)
            caretThread = id ?? null
            if (id) comments.setActive(id)
          },
        }),
      ],
      editorProps: {
        // Keep the caret clear of the sticky row (toolbar, status) when the editor scrolls to it.
        scrollMargin: { top: STICKY_ROW_CLEARANCE_PX, bottom: 16, left: 0, right: 0 },
        scrollThreshold: { top: STICKY_ROW_CLEARANCE_PX, bottom: 16, left: 0, right: 0 },
        attributes: {
          id: EDITOR_ID,
          'aria-label': t('editor.textbox'),
          role: 'textbox',
          'aria-multiline': 'true',
          spellcheck: 'true',
        },
      },
    })
    setEditor(instance)
    carets = trackCaretActivity(provider.awareness, host)

    // Writers keep a local copy (edits survive a reload without network); readers never do. Started
    // before connecting, so a copy with offline edits is part of what the first sync sends.
    const startLocal = () => {
      if (local || disposed) return
      local = openLocalDoc(props.user.id, props.documentId, doc)
      tracker.localStoreChanged()
    }
    const dropLocal = () => {
      if (!local) return
      void local.clear()
      local = null
      tracker.localStoreChanged()
    }
    if (!readOnly()) startLocal()
    provider.connect()

    createEffect(on(editable, (value) => instance.setEditable(value), { defer: true }))
    createEffect(on(highlightSources, () => refreshHighlights(instance.view), { defer: true }))
    createEffect(on(locale, (next) => relabelCarets(host, next), { defer: true }))
    createEffect(
      on(
        shown,
        (s, previous) => {
          const lostWrite = s.canWrite === false && (previous?.canWrite ?? props.initialCanWrite)
          if (!s.canWrite && s.canWrite !== null) {
            // Changes that can never be delivered: show them once, and keep nothing locally.
            if (lostWrite && s.unsaved && unsentText() === null)
              setUnsentText(instance.getText({ blockSeparator: '\n\n' }))
            dropLocal()
          } else if (s.canWrite) {
            startLocal()
          }
          if (s.connection === 'closed' && s.unsaved && unsentText() === null) {
            setUnsentText(instance.getText({ blockSeparator: '\n\n' }))
          }
          if (s.connection === 'closed' && s.closeCode === CloseCode.Removed) dropLocal()
        },
        { defer: true },
      ),
    )

    // Presence: others' stamped users; arrivals and departures announced only while live (a lost
    // connection empties the list without anyone having left; the first sync is the baseline).
    const onAwareness = () => {
      const next = othersPresent(provider.awareness.getStates(), doc.clientID, props.user.id)
      const before = others()
      if (samePeople(before, next)) return
      setOthers(next)
      const followed = following()
      if (followed && !next.has(followed.id)) endFollowing('following.left')
      if (!provider.wsconnected || status().connection !== 'connected') return
      const { joined, left } = presenceChanges(before, next)
      const lines = [
        ...joined.map((u) =>
          t('editor.presence.joined', { name: u.name, party: partyLabel(u.party, locale()) }),
        ),
        ...left.map((u) => t('editor.presence.left', { name: u.name, party: partyLabel(u.party, locale()) })),
      ]
      if (lines.length) setAnnouncement(lines.join('. '))
    }
    provider.awareness.on('change', onAwareness)
    mounted = true

    // Leaving with changes the server has not confirmed asks the browser to warn the user.
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (status().unsaved) event.preventDefault()
    }
    const onOnline = () => setOnline(true)
    const onOffline = () => setOnline(false)
    window.addEventListener('beforeunload', beforeUnload)
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)

    onCleanup(() => {
      disposed = true
      window.removeEventListener('beforeunload', beforeUnload)
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
      provider.awareness.off('change', onAwareness)
      stopFollowing?.()
      mounted = false
      carets?.stop()
      setEditor(null)
      instance.destroy()
      comments.useSocket(null)
      commentRequests.stop()
      tracker.stop()
      local?.close()
      provider.destroy()
      doc.destroy()
    })
  })

  const self = (): PresentUser => ({ ...props.user })

  return (
    <>
      <Show when={readOnly()}>
        <p id={READ_ONLY_NOTICE_ID} class="notice">
          <strong>{t('editor.readOnly.title')}</strong> {t('editor.readOnly.body')}{' '}
          {props.readOnlyReason(status().role ?? props.user.role)}
        </p>
      </Show>
      <Show when={unsentText()}>{(text) => <UnsentText text={text()} />}</Show>
      {/* One sticky row: the toolbar, and beside it (never over it) the status and who is here. */}
      <div class="editor-chrome">
        <Show when={editable()}>
          <Toolbar editor={editor} />
        </Show>
        <div class="live-line">
          <StatusLine status={shown} verdict={verdict} online={online} />
          <PresenceBar
            self={self()}
            others={others}
            announcement={announcement}
            onFollow={follow}
            following={() => following()?.id ?? null}
          />
          <Show when={!wide()}>
            <button
              type="button"
              class="small comments-toggle"
              ref={panelToggle}
              aria-expanded={drawerOpen()}
              aria-controls="comments-panel"
              onClick={() => (drawerOpen() ? closePanel() : openPanel(true))}
            >
              <MessageSquareText size="1.1em" aria-hidden="true" />
              {t('comments.panel.toggle', { count: openThreadCount() })}
            </button>
          </Show>
        </div>
        <Show when={following()}>
          {(person) => (
            <FollowingIndicator
              person={person()}
              onStop={() => {
                endFollowing('following.stopped')
                editor()?.view.dom.focus({ preventScroll: true })
              }}
            />
          )}
        </Show>
        <p class="visually-hidden" aria-live="polite" data-testid="following-announcement">
          {followNotice()}
        </p>
      </div>
      <div class="document-body">
        <div class="document-column" ref={column}>
          <div class="editor-host" ref={host} />
          <CommentTrigger
            editor={editor}
            host={() => column}
            onComment={startComment}
            canComment={comments.canComment()}
          />
        </div>
        {/* Beside the text on wide screens; a side sheet from the sticky row on narrow ones. */}
        <div class="document-aside">
          <CommentsPanel
            ref={(el) => {
              panel = el
            }}
            state={comments}
            editor={editor}
            wide={wide}
            open={drawerOpen}
            onClose={closePanel}
            notice={commentNotice}
            onShowText={showText}
            onComposeDone={composeDone}
          />
        </div>
      </div>
      {/* What a highlight is, for screen readers (each highlight points here: no text in the doc). */}
      <div hidden>
        <For each={PARTIES}>
          {(party) => (
            <>
              <span id={highlightDescription(party.key, false)}>
                {t('comments.highlight.label', { party: party.label })}
              </span>
              <span id={highlightDescription(party.key, true)}>
                {t('comments.highlight.internal', { party: party.label })}
              </span>
            </>
          )}
        </For>
        <span id="comment-highlight-draft">{t('comments.highlight.draft')}</span>
      </div>
    </>
  )
}
