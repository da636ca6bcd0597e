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
import { CloseCode, CONTENT_FRAGMENT, type Role } from '@trepart/shared'
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show } from 'solid-js'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { ApiError, api } from '../lib/api.js'
import { locale, t } from '../lib/i18n/i18n.js'
import { type LocalDoc, openLocalDoc } from '../offline/local-doc.js'
import { type CaretActivity, trackCaretActivity } from './caret-activity.js'
import { relabelCarets, renderCaret, renderSelection } from './caret-render.js'
import { ConcurrentText } from './concurrent-text.js'
import { type ConnectionVerdict, connectionVerdict, needsVerdict } from './connection-verdict.js'
import { contentExtensions } from './extensions.js'
import './messages.js'
import { othersPresent, type PresentUser, partyLabel, presenceChanges, samePeople } from './presence.js'
import { PresenceBar } from './presence-bar.js'
import { READ_ONLY_NOTICE_ID, ReadOnlyAttributes } from './read-only-attributes.js'
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
  /** Why the user may only read (their role), shown in the read-only notice unless access changed since. */
  readOnlyReason: () => string
  /** The document's title changed (renamed by someone while it is open). */
  onTitle?: (title: string) => void
}

const EDITOR_ID = 'editor-text'

/** The sticky row's height and a little air: a caret scrolled into view stops below it. */
const STICKY_ROW_CLEARANCE_PX = 72

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
        if (event.type === 'document.updated' && event.title) props.onTitle?.(event.title)
      },
      () => local,
    )

    const instance = new Editor({
      element: host,
      editable: editable(),
      // Its CSS comes from prosemirror.css: the CSP refuses the <style> element Tiptap would inject.
      injectCSS: false,
      // A read-only editor stays reachable by keyboard, to read and select its text.
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
        ToolbarShortcuts,
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
      carets?.stop()
      setEditor(null)
      instance.destroy()
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
          {props.initialCanWrite ? t('editor.readOnly.changed') : props.readOnlyReason()}
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
          <PresenceBar self={self()} others={others} announcement={announcement} />
        </div>
      </div>
      <div class="document-body">
        <div class="document-column">
          <div class="editor-host" ref={host} />
        </div>
        {/* Kept free beside the text for the comments panel (issue 12) on wide screens. */}
        <div class="document-aside" />
      </div>
    </>
  )
}
