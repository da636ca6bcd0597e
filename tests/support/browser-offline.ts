/**
 * Taking a browser context off the network in tests. `context.setOffline(true)` stops HTTP but does
 * not cut an already open websocket in Chromium, so every collaboration socket goes through a
 * route the test controls: it can cut the sockets, refuse new ones, or hold what the page sends
 * (the page believes it sent it; the server never sees it).
 */
import type { TestServer } from '@trepart/server/test-support'
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core'
import * as Y from 'yjs'

export interface SocketGate {
  /** Sockets opened so far (attempts refused while cut count too). */
  attempts(): number
  /** Closes every open socket and refuses new ones until {@link SocketGate.restore}. */
  cut(): Promise<void>
  /** Lets new sockets through again (the page reconnects by itself). */
  restore(): void
  /** From now on, what the page sends is kept back instead of reaching the server. */
  hold(): void
}

/** Routes every `/collab/` socket of `context` through a gate; call before opening pages. */
export async function gateCollabSockets(context: BrowserContext): Promise<SocketGate> {
  let open = true
  let holding = false
  let attempts = 0
  const live = new Set<{ page: WebSocketRoute; server: WebSocketRoute }>()
  await context.routeWebSocket(/\/collab\//, (ws) => {
    attempts++
    if (!open) {
      void ws.close()
      return
    }
    const server = ws.connectToServer()
    const pair = { page: ws, server }
    live.add(pair)
    ws.onMessage((message) => {
      if (!holding) server.send(message)
    })
    ws.onClose(() => live.delete(pair))
  })
  return {
    attempts: () => attempts,
    async cut() {
      open = false
      for (const pair of [...live]) {
        live.delete(pair)
        await Promise.all([pair.page.close(), pair.server.close()])
      }
    },
    restore() {
      open = true
    },
    hold() {
      holding = true
    },
  }
}

/** Waits until the page is controlled by its service worker (after install, so the shell is cached). */
export async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(async () => {
    await navigator.serviceWorker.ready
    return navigator.serviceWorker.controller !== null
  })
}

/** Names of the IndexedDB databases of the page's origin. */
export function indexedDbNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name ?? ''))
}

/** localStorage keys of the page's origin. */
export function localStorageKeys(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage))
}

/** The editor page as tests read it (shared by the editor suites). */
export const editorPage = {
  status: (page: Page) => page.getByRole('status').first().textContent(),
  editor: (page: Page) => page.getByRole('textbox', { name: 'Dokumenttekst', exact: true }),
  /** The document's text as the reader sees it, without other people's caret labels. */
  text: (page: Page) =>
    page.getByRole('textbox', { name: 'Dokumenttekst', exact: true }).evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
      return copy.textContent ?? ''
    }),
  /** The names listed as present under a party (by key), in order. */
  present: (page: Page, party: string) =>
    page.locator(`.presence-party[data-party="${party}"] .presence-people > li`).allTextContents(),
}

/** How many times `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1
}

/** The server's stored content of a document, rebuilt from its snapshot and update log, as XML. */
export async function storedXml(server: TestServer, documentId: string): Promise<string> {
  const stored = await server.store.load(documentId)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  const xml = doc.getXmlFragment('default').toString()
  doc.destroy()
  return xml
}

/**
 * Chromium logs every 4xx answer as a console error. The app asks the API and handles these on
 * purpose: 401 (not signed in, session ended) and 404 (no access).
 */
export function expectedApiAnswer(text: string, url: string): boolean {
  return (
    /^Failed to load resource: the server responded with a status of (401|404)\b/.test(text) &&
    new URL(url).pathname.startsWith('/api/')
  )
}

/** Collects a page's uncaught errors and console errors (the app should produce none). */
export function collectErrors(
  page: Page,
  list: string[],
  ignore: (text: string) => boolean = () => false,
): void {
  page.on('pageerror', (error) => list.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() !== 'error' || expectedApiAnswer(message.text(), message.location().url)) return
    if (ignore(message.text())) return
    list.push(`console: ${message.text()} (${message.location().url})`)
  })
}
