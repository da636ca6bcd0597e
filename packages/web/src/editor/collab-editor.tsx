/**
 * The collaborative editor: one Y.Doc, its WebsocketProvider and a Tiptap editor bound to the
 * doc's 'default' XmlFragment, created together in onMount and destroyed together in onCleanup.
 * The doc is never seeded from plain content: its only source is the server (seeding on load
 * duplicates text when two clients do it, or when one reconnects to a fresh server).
 */
import { Editor } from '@tiptap/core'
import Collaboration from '@tiptap/extension-collaboration'
import CollaborationCaret from '@tiptap/extension-collaboration-caret'
import StarterKit from '@tiptap/starter-kit'
import { type Accessor, createEffect, createMemo, createSignal, on, onCleanup, onMount } from 'solid-js'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type CollabStatus, initialStatus, trackCollabStatus } from './save-status.js'
import { StatusLine } from './status-line.js'
import type { CaretUser } from './user-identity.js'
import './collab-editor.css'

export interface CollabEditorProps {
  documentId: string
  user: Accessor<CaretUser>
}

function collabUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`
}

export function CollabEditor(props: CollabEditorProps) {
  const [status, setStatus] = createSignal<CollabStatus>(initialStatus)
  let host!: HTMLDivElement

  onMount(() => {
    const doc = new Y.Doc()
    // Not connected yet: the status tracker must see the first "connecting" and install its handlers.
    const provider = new WebsocketProvider(collabUrl(), props.documentId, doc, { connect: false })
    const stopTracking = trackCollabStatus(provider, doc, setStatus)
    const editor = new Editor({
      element: host,
      extensions: [
        StarterKit.configure({ undoRedo: false }),
        Collaboration.configure({ document: doc, field: 'default' }),
        CollaborationCaret.configure({ provider, user: props.user() }),
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

    createEffect(on(props.user, (user) => editor.commands.updateUser(user), { defer: true }))
    const editable = createMemo(() => status().connection !== 'closed' && status().canWrite !== false)
    createEffect(on(editable, (value) => editor.setEditable(value), { defer: true }))

    // Leaving with changes the server has not confirmed asks the browser to warn the user.
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (status().unsaved) event.preventDefault()
    }
    window.addEventListener('beforeunload', beforeUnload)

    onCleanup(() => {
      window.removeEventListener('beforeunload', beforeUnload)
      editor.destroy()
      stopTracking()
      provider.destroy()
      doc.destroy()
    })
  })

  return (
    <>
      <StatusLine status={status} />
      <div class="editor-host" ref={host} />
    </>
  )
}
