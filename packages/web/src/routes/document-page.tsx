/**
 * Route `/d/:documentId` (loaded on demand): the user's name, the status line and the editor.
 */
import { createMemo, createSignal } from 'solid-js'
import { CollabEditor } from '../editor/collab-editor.js'
import { caretUser, loadName, MAX_NAME_LENGTH, saveName } from '../editor/user-identity.js'
import { followLink } from '../router.js'

export default function DocumentPage(props: { documentId: string }) {
  const [name, setName] = createSignal(loadName())
  const user = createMemo(() => caretUser(name()), undefined, {
    equals: (a, b) => a.name === b.name && a.color === b.color,
  })
  document.title = `Dokument ${props.documentId} – Trepart`

  return (
    <main class="document-page">
      <nav aria-label="Hovedmeny">
        <a href="/" onClick={followLink}>
          Trepart
        </a>
      </nav>
      <h1 tabIndex={-1}>
        Dokument <code>{props.documentId}</code>
      </h1>
      <div class="field">
        <label for="display-name">Navn</label>
        <input
          id="display-name"
          value={name()}
          maxLength={MAX_NAME_LENGTH}
          autocomplete="nickname"
          aria-describedby="display-name-hint"
          onInput={(event) => {
            setName(event.currentTarget.value)
            saveName(event.currentTarget.value.trim())
          }}
        />
        <span id="display-name-hint" class="hint">
          Vises for de andre ved markøren din.
        </span>
      </div>
      <CollabEditor documentId={props.documentId} user={user} />
    </main>
  )
}
