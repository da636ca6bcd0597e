#!/usr/bin/env node
/**
 * Time from navigation to an editable document, on localhost in headless Chromium: a real server
 * (built dist, temporary data, port 0), an account made through the API, a document, then for each
 * run a fresh browser context (cold: no HTTP cache, no service worker) that opens `/d/:id` and waits
 * until the editor is `contenteditable="true"` and the status line says it is live (synced with the
 * server). The time is the page's own `performance.now()` at that moment: milliseconds since the
 * navigation started. A second load in the same context (warm: cached assets, service worker) is
 * measured too. Prints each run and the medians.
 *
 *   npx turbo run build --filter=@trepart/server --filter=@trepart/web
 *   node bench/web/time-to-editable.mjs [runs=5]
 */
import {
  apiClient,
  LIVE,
  launchBrowser,
  signedInContext,
  startServer,
} from '../../packages/web/scripts/harness.mjs'

const runs = Number(process.argv[2] ?? 5)

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Milliseconds since navigation start when the editor became editable and live. */
async function timeToEditable(page, url) {
  await page.goto(url, { waitUntil: 'commit' })
  const handle = await page.waitForFunction(
    (live) => {
      const editor = document.querySelector('.tiptap[contenteditable="true"]')
      const status = document.querySelector('.status-line')
      return editor && status?.textContent?.includes(live) ? performance.now() : null
    },
    LIVE,
    { polling: 'raf', timeout: 30_000 },
  )
  return Math.round(await handle.jsonValue())
}

const server = await startServer()
const browser = await launchBrowser()
try {
  const api = apiClient(server.url)
  const admin = await api.signup('Tina Tidtaker', 'tina@kommune.test')
  const workspaceId = await api.workspace(admin, 'Målinger', 'administration')
  const documentId = await api.document(admin, workspaceId, 'Måling')
  const url = `${server.url}/d/${documentId}`
  const cold = []
  const warm = []
  for (let i = 0; i < runs; i++) {
    const context = await signedInContext(browser, admin, server.url)
    const page = await context.newPage()
    cold.push(await timeToEditable(page, url))
    // Second load in the same context, once the service worker controls the page.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 })
    warm.push(await timeToEditable(page, url))
    await context.close()
    console.log(`run ${i + 1}: cold ${cold.at(-1)} ms, warm ${warm.at(-1)} ms`)
  }
  console.log(`median time to editable over ${runs} runs: cold ${median(cold)} ms, warm ${median(warm)} ms`)
} finally {
  await browser.close()
  await server.stop()
}
