/**
 * Working without network in a real browser: a writer loses the connection, keeps typing (kept in
 * IndexedDB, and the status line says so), reloads without network (the service worker serves the
 * app, the page opens the document from what this browser kept), comes back, and the others get the
 * text exactly once; "saved" appears only once the server has committed it. Logging out then leaves
 * no document data in the browser. Needs the server and the web app built.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createWorld, startTestServer, type TestServer, type World } from '@trepart/server/test-support'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { browserAvailable, launchBrowser, signInContext } from '../support/browser.js'
import {
  collectErrors,
  editorPage,
  gateCollabSockets,
  indexedDbNames,
  localStorageKeys,
  occurrences,
  type SocketGate,
  storedXml,
  waitForServiceWorker,
} from '../support/browser-offline.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const WEB_DIST = path.resolve(here, '../../packages/web/dist')
const ARTIFACTS = path.resolve(here, '../test-artifacts')
const SAVED = 'Alle endringer er lagret'
const KEPT = 'Endringene er tatt vare på i denne nettleseren og sendes når du er tilkoblet igjen'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 })
const { status, editor, text } = editorPage

/**
 * What Chromium logs by itself while the network is off: failed requests, refused sockets, and a
 * send on a socket that is being cut (the client resends that update after reconnecting).
 */
const offlineNoise = (line: string) =>
  /ERR_INTERNET_DISCONNECTED|WebSocket connection to '.+\/collab\/.+' failed|WebSocket is already in CLOSING or CLOSED state/.test(
    line,
  )

describe.skipIf(!browserAvailable())('working without network', () => {
  let server: TestServer
  let world: World
  let browser: Browser
  const contexts: BrowserContext[] = []
  const errors = new Map<string, string[]>()
  const pages = new Map<string, Page>()

  async function openPage(
    label: string,
    urlPath: string,
    cookie: string,
    setup?: (c: BrowserContext) => Promise<void>,
  ) {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1000, height: 800 } })
    contexts.push(context)
    await signInContext(context, cookie, server.url)
    await setup?.(context)
    const page = await context.newPage()
    const list: string[] = []
    errors.set(label, list)
    collectErrors(page, list, offlineNoise)
    pages.set(label, page)
    await page.goto(`${server.url}${urlPath}`)
    return page
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'sw.js'))) {
      throw new Error(
        `The web app is not built (${WEB_DIST}): run \`npx turbo run build --filter=@trepart/web\``,
      )
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
    world = await createWorld(server.url)
  })

  afterAll(async () => {
    for (const [label, page] of pages) {
      if (!page.isClosed()) {
        await page
          .screenshot({ path: path.join(ARTIFACTS, `offline-${label}.png`), fullPage: true })
          .catch(() => {})
      }
    }
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
  })

  it('keeps offline edits through a reload without network and delivers them once when back', async () => {
    const [writer, id] = await Promise.all([
      world.member('editor', 'employees', { name: 'Ola Offline' }),
      world.document('Uten nett'),
    ])
    let gate!: SocketGate
    const page = await openPage('writer', `/d/${id}`, writer.cookie, async (context) => {
      gate = await gateCollabSockets(context)
    })
    const other = await openPage('other', `/d/${id}`, world.admin.cookie)
    await poll(() => status(page)).toContain('Tilkoblet')
    await waitForServiceWorker(page)

    await editor(page).click()
    await page.keyboard.type('Skrevet tilkoblet. ')
    await poll(() => status(page)).toContain(SAVED)
    await poll(() => text(other)).toBe('Skrevet tilkoblet. ')

    // Off the network: HTTP (setOffline) and the open socket (the gate).
    await page.context().setOffline(true)
    await gate.cut()
    await poll(() => status(page)).toContain('Uten nett')
    await page.keyboard.type('Skrevet uten nett.')
    await poll(() => status(page)).toContain(KEPT)
    expect(await status(page)).not.toContain(SAVED)

    // Reloading with unsent changes asks first; without network the service worker serves the app
    // and the page opens the document from this browser's copy.
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.type())
      void dialog.accept()
    })
    await page.reload()
    expect(dialogs).toEqual(['beforeunload'])
    await page
      .getByText('Du er uten nett. Dokumentet vises slik det sist ble lagret på denne enheten.')
      .waitFor()
    await page.getByRole('heading', { name: 'Uten nett', level: 1 }).waitFor()
    await poll(() => text(page)).toBe('Skrevet tilkoblet. Skrevet uten nett.')
    await poll(() => status(page)).toContain(KEPT)
    expect(await editor(page).getAttribute('contenteditable')).toBe('true')
    await editor(page).click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type(' Etter omlasting.')
    await poll(() => status(page)).toContain(KEPT)
    // Nothing of it has reached the server or the others.
    expect(await storedXml(server, id)).not.toContain('uten nett')
    expect(await text(other)).toBe('Skrevet tilkoblet. ')

    // Back online: the page reconnects by itself, and "saved" means stored.
    await page.context().setOffline(false)
    gate.restore()
    await poll(() => status(page)).toContain(SAVED)
    const xml = await storedXml(server, id)
    const full = 'Skrevet tilkoblet. Skrevet uten nett. Etter omlasting.'
    expect(occurrences(xml, full)).toBe(1)
    await poll(() => text(other)).toBe(full)
    expect(occurrences(await text(page), 'Skrevet')).toBe(2)

    // Logging out deletes what this browser kept: no document database, no cached document.
    expect((await indexedDbNames(page)).filter((name) => name.startsWith('trepart:'))).toEqual([
      `trepart:${writer.userId}:${id}`,
    ])
    await page.getByRole('button', { name: 'Logg ut' }).click()
    await poll(() => new URL(page.url()).pathname).toBe('/login')
    await poll(async () =>
      (await indexedDbNames(page)).filter((name) => name.startsWith('trepart:')),
    ).toEqual([])
    expect((await localStorageKeys(page)).filter((key) => key.startsWith('trepart:'))).toEqual([])
  })

  it('logged no unexpected errors in any page', () => {
    expect(Object.fromEntries(errors)).toEqual(Object.fromEntries([...errors.keys()].map((k) => [k, []])))
  })
})
