/**
 * The public pages' one script, served as a file (`/p/assets/live.js`; the policy allows no inline
 * script): on a draft's page it follows `…/live`, a server-sent event stream, and puts each article
 * the server rendered in place (the server escaped every text in it, as on the page itself); told
 * to reload (the status changed), it loads the page anew. Without script the page is simply the
 * text as it was when loaded; a stream that is refused (the link revoked) is not retried.
 */
export const PUBLIC_LIVE_SCRIPT = `(() => {
  const article = document.querySelector('main article')
  if (!article || typeof EventSource === 'undefined') return
  const source = new EventSource(location.pathname.replace(/\\/$/, '') + '/live' + location.search)
  source.addEventListener('article', (event) => {
    article.innerHTML = JSON.parse(event.data).html
  })
  source.addEventListener('reload', () => {
    source.close()
    location.reload()
  })
})()
`
