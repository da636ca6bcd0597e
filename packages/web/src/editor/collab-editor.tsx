/**
 * The collaborative editor: one Y.Doc, its WebsocketProvider and a Tiptap editor bound to the
 * doc's 'default' XmlFragment, created together in onMount and destroyed together in onCleanup.
 * The doc is never seeded from plain content: its only source is the server (seeding on load
 * duplicates text when two clients do it, or when one reconnects to a fresh server).
 *
 * The socket carries the session cookie; the server decides who may write (its welcome says
 * `canWrite`) and stamps each connection's name, party and colour for the others. When the socket
 * is refused or closed for good, the API is asked why (see connection-verdict.ts), and reconnecting
 * stops when it cannot help.
 */
import { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import StarterKit from '@tiptap/starter-kit'
import { createEffect, createMemo, createSignal, on, onCleanup, onMount, Show } from 'solid-js'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { ApiError, api } from '../lib/api.js'
import { type ConnectionVerdict, connectionVerdict, needsVerdict } from './connection-verdict.js'
import { READ_ONLY_NOTICE_ID, ReadOnlyAttributes } from './read-only-attributes.js'
import { type CollabStatus, initialStatus, trackCollabStatus } from './save-status.js'
import { StatusLine } from './status-line.js'
import './collab-editor.css'

/** The local user's caret as this client draws it; the server stamps the same for the others. */
export interface CaretUser {
  name: string
  color: string
}

export interface CollabEditorProps {
  documentId: string
  user: CaretUser
  /** Whether the user's role may write, until the server's welcome says so itself. */
  initialCanWrite: boolean
  /** Why the user may only read (their role), shown in the read-only notice unless access changed since. */
  readOnlyReason: string
  /** The document's title changed (renamed by someone while it is open). */
  onTitle?: (title: string) => void
}

function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`
}

export function CollabEditor(props: CollabEditorProps) {
  const [status, setStatus] = createSignal<CollabStatus>(initialStatus)
  const [verdict, setVerdict] = createSignal<ConnectionVerdict | null>(null)
  /** Once the API said reconnecting cannot help, the connection is closed for good. */
  const shown = createMemo(() => (verdict() ? { ...status(), connection: 'closed' as const } : status()))
  const readOnly = createMemo(() => !(status().canWrite ?? props.initialCanWrite))
  const editable = createMemo(() => shown().connection !== 'closed' && !readOnly())
  let host!: HTMLDivElement

  onMount(() => {
    const doc = new Y.Doc()
    // Not connected yet: the status tracker must see the first "connecting" and install its handlers.
    const provider = new WebsocketProvider(collabUrl(), props.documentId, doc, { connect: false })

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
    const stopTracking = trackCollabStatus(provider, doc, onStatus, (event) => {
      if (event.type === 'document.updated' && event.title) props.onTitle?.(event.title)
    })

    const editor = new Editor({
      element: host,
      editable: editable(),
      // A read-only editor stays reachable by keyboard, to read and select its text.
      coreExtensionOptions: { tabindex: { value: '0' } },
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: doc, field: 'default' }),
        CollaborationCaret.configure({ provider, user: props.user }),
        ReadOnlyAttributes.configure({ editable, readOnly }),
      ],
      editorProps: {
        attributes: {
          'aria-label': 'Dokumenttekst',
          role: 'textbox',
          'aria-multiline': 'true',
          spellcheck: 'true',
        },
      },
    })
    provider.connect()

    createEffect(on(editable, (value) => editor.setEditable(value), { defer: true }))

    // Leaving with changes the server has not confirmed asks the browser to warn the user.
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (status().unsaved) event.preventDefault()
    }
    window.addEventListener('beforeunload', beforeUnload)

    onCleanup(() => {
      disposed = true
      window.removeEventListener('beforeunload', beforeUnload)
      editor.destroy()
      stopTracking()
      provider.destroy()
      doc.destroy()
    })
  })

  return (
    <>
      <StatusLine status={shown} verdict={verdict} />
      <Show when={readOnly()}>
        <p id={READ_ONLY_NOTICE_ID} class="notice">
          <strong>Du har bare lesetilgang.</strong> Du kan lese dokumentet og følge med mens andre skriver,
          men ikke endre teksten. {props.initialCanWrite ? 'Tilgangen din er endret.' : props.readOnlyReason}
        </p>
      </Show>
      <div class="editor-host" ref={host} />
    </>
  )
}
