/**
 * The public pages' one script, served as a file (`/p/assets/live.js`; the policy allows no inline
 * script): on a draft's page it follows `…/live`, a server-sent event stream, and puts each article
 * the server rendered in place (the server escaped every text in it, as on the page itself) and
 * the document's title in the page's `<h1>` and `<title>` (as text, never as markup); told to
 * reload (the status changed), it loads the page anew. Without script the page is simply the text
 * as it was when loaded; a stream that is refused (the link revoked) is not retried.
 */
export const PUBLIC_LIVE_SCRIPT = `(() => {
  const article = document.querySelector('main article')
  const heading = document.querySelector('main h1')
  if (!article || typeof EventSource === 'undefined') return
  const source = new EventSource(location.pathname.replace(/\\/$/, '') + '/live' + location.search)
  source.addEventListener('article', (event) => {
    const news = JSON.parse(event.data)
    article.innerHTML = news.html
    if (typeof news.title === 'string' && heading && heading.textContent !== news.title) {
      heading.textContent = news.title
      document.title = news.title
    }
  })
  source.addEventListener('reload', () => {
    source.close()
    location.reload()
  })
})()
`
