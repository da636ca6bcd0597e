/** Any path the app does not know, including `/d/` or `/w/` with an id the server would refuse. */
import { SiteHeader } from '../components/site-header.js'
import { followLink } from '../router.js'

export function NotFoundPage() {
  document.title = 'Fant ikke siden – Trepart'
  return (
    <>
      <SiteHeader />
      <main>
        <h1 tabIndex={-1}>Fant ikke siden</h1>
        <p>Adressen finnes ikke, eller lenken er ufullstendig.</p>
        <p>
          <a href="/" onClick={followLink}>
            Til forsiden
          </a>
        </p>
      </main>
    </>
  )
}
