/** Any path the app does not know, including `/d/` with an id the server would refuse. */
import { followLink } from '../router.js'

export function NotFoundPage() {
  document.title = 'Fant ikke siden – Trepart'
  return (
    <main>
      <h1 tabIndex={-1}>Fant ikke siden</h1>
      <p>Adressen finnes ikke, eller dokument-ID-en er ugyldig.</p>
      <p>
        <a href="/" onClick={followLink}>
          Til forsiden
        </a>
      </p>
    </main>
  )
}
