/**
 * Taking a browser context off the network in tests. `context.setOffline(true)` stops HTTP but does
 * not cut an already open websocket in Chromium, so every collaboration socket goes through a
 * route the test controls: it can cut the sockets, refuse new ones, or hold what the page sends
 * (the page believes it sent it; the server never sees it).
 */
import type { BrowserContext, Page, WebSocketRoute } from 'playwright-core'

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
