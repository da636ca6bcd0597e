/** Route `/`: what Trepart is, a button for a new document, and a form to open one by id. */
import { isDocumentId } from '@trepart/shared'
import { createSignal, Show } from 'solid-js'
import { newDocumentId } from '../document-id.js'
import { navigate } from '../router.js'

export function HomePage() {
  const [error, setError] = createSignal('')
  document.title = 'Trepart'

  const open = (event: SubmitEvent) => {
    event.preventDefault()
    const form = event.currentTarget as HTMLFormElement
    const id = String(new FormData(form).get('documentId') ?? '').trim()
    if (!isDocumentId(id)) {
      setError('Dokument-ID kan bare inneholde bokstavene A–Z og a–z, sifre, - og _ (høyst 64 tegn).')
      return
    }
    navigate(`/d/${id}`)
  }

  return (
    <main>
      <h1 tabIndex={-1}>Trepart</h1>
      <p class="lead">
        Et levende arbeidsområde for trepartssamarbeid i kommunen: skriv sammen i samme dokument, samtidig.
      </p>
      <button type="button" class="primary" onClick={() => navigate(`/d/${newDocumentId()}`)}>
        Nytt dokument
      </button>
      <form class="open-form" onSubmit={open} noValidate>
        <h2>Åpne et dokument</h2>
        <label for="document-id">Dokument-ID</label>
        <div class="row">
          <input
            id="document-id"
            name="documentId"
            autocomplete="off"
            spellcheck={false}
            aria-invalid={error() ? 'true' : undefined}
            aria-describedby={error() ? 'document-id-error' : undefined}
            onInput={() => setError('')}
          />
          <button type="submit">Åpne</button>
        </div>
        <Show when={error()}>
          <p id="document-id-error" class="error">
            {error()}
          </p>
        </Show>
      </form>
    </main>
  )
}
