/**
 * The built web app in a real browser against a real server: two people edit one document at the
 * same time, see each other's text and named carets, and are told "saved" only when the server
 * has stored their edits. Needs the server and the web app built (turbo's test task does both).
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AuthorizeUpgrade } from '@trepart/server'
import { startTestServer, type TestServer } from '@trepart/server/test-support'
import { MessageType } from '@trepart/shared'
import axe from 'axe-core'
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { browserAvailable, launchBrowser } from '../support/browser.js'

const here = path.dirname(fileURLToPath(import.meta.url))
const WEB_DIST = path.resolve(here, '../../packages/web/dist')
const ARTIFACTS = path.resolve(here, '../test-artifacts')

const SAVED = 'Alle endringer er lagret'
// Long enough that Yjs clocks pass 127 (one more varint byte) and with characters of 1–4 UTF-8
// bytes, so the typed updates come in many sizes, as real text does.
const TEXT_A =
  'Arbeidsgiver foreslår fire møter i året – «ett per kvartal» … og et felles budsjett på 12 000 € 🙂. ' +
  'Vi ønsker svar før påske, gjerne skriftlig og med begrunnelse.'
const TEXT_B =
  'Tillitsvalgte ønsker et møte hver måned – «helst første tirsdag» … og referat innen én uke 📝. ' +
  'Verneombudet deltar når arbeidsmiljø står på sakslista.'

/** Waits on a condition in the page or the store, never on a fixed sleep. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 })

/**
 * The server's default admits upgrades by session and document membership; this minimal web app
 * does not sign in yet, so the suite admits every upgrade as an anonymous writer without server
 * presence (the caret label then shows the name typed in "Navn").
 */
const openRooms: AuthorizeUpgrade = async () => ({
  principal: { id: `anonymous-${randomUUID()}` },
  canWrite: true,
})

/** Names a frame the page sent by its message type (see packages/shared/src/protocol.ts). */
function frameKind(message: string | Buffer): string {
  if (typeof message === 'string') return 'text'
  const [type, subtype] = message
  if (type === MessageType.Sync) return ['sync-step-1', 'sync-step-2', 'update'][subtype!] ?? 'sync-?'
  const name = Object.entries(MessageType).find(([, value]) => value === type)?.[0]
  return name ? name.toLowerCase() : `type-${type}`
}

/** A fresh document id of the shape the web app makes. */
const documentId = `e2e-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

describe.skipIf(!browserAvailable())('the editor in a browser', () => {
  let server: TestServer
  let browser: Browser
  const contexts: BrowserContext[] = []
  /** Page errors and console errors per page label; the app should produce none. */
  const errors = new Map<string, string[]>()
  const pages = new Map<string, Page>()

  async function openPage(
    label: string,
    urlPath: string,
    setup?: (context: BrowserContext) => Promise<void>,
    baseUrl = server.url,
  ): Promise<Page> {
    const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1000, height: 800 } })
    contexts.push(context)
    await setup?.(context)
    const page = await context.newPage()
    const list: string[] = []
    errors.set(label, list)
    page.on('pageerror', (error) => list.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      if (message.type() === 'error') list.push(`console: ${message.text()}`)
    })
    pages.set(label, page)
    await page.goto(`${baseUrl}${urlPath}`)
    return page
  }

  const statusText = (page: Page) => page.getByRole('status').textContent()
  const editor = (page: Page) => page.getByRole('textbox', { name: 'Dokumenttekst' })
  /** The document's text as the reader sees it, without the other people's caret labels. */
  const documentText = (page: Page) =>
    editor(page).evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
      return copy.textContent ?? ''
    })
  /** The server's stored content of a document, rebuilt: snapshot, then each logged update. */
  const storedXml = async (id: string) => {
    const stored = await server.store.load(id)
    const doc = new Y.Doc()
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
    for (const update of stored.updates) Y.applyUpdate(doc, update)
    const xml = doc.getXmlFragment('default').toString()
    doc.destroy()
    return xml
  }
  const caretLabels = (page: Page) => page.locator('.collaboration-carets__label').allTextContents()

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(
        `The web app is not built (${WEB_DIST}): run \`npx turbo run build --filter=@trepart/web\``,
      )
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    // The server's default web dist (packages/web/dist), as `npm start` uses it.
    server = await startTestServer({}, { authorizeUpgrade: openRooms })
    browser = await launchBrowser()
  })

  /** axe-core's serious and critical violations on the page as it is now, one line each. */
  const seriousAxeViolations = async (page: Page): Promise<string[]> => {
    await page.addScriptTag({ content: axe.source })
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: typeof axe }).axe.run(document)
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => String(n.target)),
      }))
    })
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `[${v.impact}] ${v.id} – ${v.help} (${v.targets.join(', ')})`)
  }

  const screenshot = (page: Page, file: string) =>
    page.isClosed()
      ? Promise.resolve()
      : page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true }).then(
          () => {},
          () => {},
        )

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return
    const name = context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
    for (const [label, page] of pages) await screenshot(page, `editor-failed-${name}-${label}.png`)
  })

  afterAll(async () => {
    // One picture of each page as the suite left it, pass or fail.
    for (const [label, page] of pages) await screenshot(page, `editor-${label}.png`)
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
  })

  it('two people type at once and see each other’s text, named carets and "saved"', async () => {
    const [alice, bob] = await Promise.all([
      openPage('alice', `/d/${documentId}`),
      openPage('bob', `/d/${documentId}`),
    ])
    for (const page of [alice, bob]) {
      await poll(() => statusText(page)).toContain('Tilkoblet')
      await editor(page).waitFor()
    }
    await alice.getByLabel('Navn').fill('Alice')
    await bob.getByLabel('Navn').fill('Bob')

    // Alice makes a second paragraph so each can type in their own; typing at the very same spot
    // would interleave the two texts letter by letter, which is correct but hard to assert.
    await editor(alice).click()
    await alice.keyboard.press('Enter')
    await poll(() => bob.locator('.tiptap p').count()).toBe(2)
    await alice.locator('.tiptap p').nth(0).click()
    await bob.locator('.tiptap p').nth(1).click()

    await Promise.all([alice.keyboard.type(TEXT_A, { delay: 15 }), bob.keyboard.type(TEXT_B, { delay: 15 })])

    await poll(() => documentText(alice)).toBe(TEXT_A + TEXT_B)
    await poll(() => documentText(bob)).toBe(TEXT_A + TEXT_B)

    await poll(() => caretLabels(alice)).toContain('Bob')
    await poll(() => caretLabels(bob)).toContain('Alice')

    await poll(() => statusText(alice)).toContain(SAVED)
    await poll(() => statusText(bob)).toContain(SAVED)
  })

  it('has stored both texts by the time both pages say "saved"', async () => {
    // No polling here: "saved" must already mean stored.
    const xml = await storedXml(documentId)
    expect(xml).toContain(TEXT_A)
    expect(xml).toContain(TEXT_B)
    // Nobody seeded the document: two paragraphs, the ones Alice made.
    expect(xml.match(/<paragraph>/g)).toHaveLength(2)
  })

  it('keeps edits made while disconnected and says "saved" only once they are stored', async () => {
    let online = true
    /** Each collab socket: both ends, and the kinds of frame the page sent on it, in order. */
    const sockets: Array<{ page: WebSocketRoute; server: WebSocketRoute; sent: string[] }> = []
    const id = `${documentId}-offline`
    const page = await openPage('offline', `/d/${id}`, (context) =>
      // Every collab socket goes through the test, which can cut it (context.setOffline does not
      // close an open websocket in Chromium) and sees what the page sends.
      context.routeWebSocket(/\/collab\//, (ws) => {
        if (!online) {
          ws.close()
          return
        }
        const server = ws.connectToServer()
        const sent: string[] = []
        ws.onMessage((message) => {
          sent.push(frameKind(message))
          server.send(message)
        })
        sockets.push({ page: ws, server, sent })
      }),
    )
    await poll(() => statusText(page)).toContain('Tilkoblet')
    await editor(page).click()
    await page.keyboard.type('Skrevet tilkoblet. ')
    await poll(() => statusText(page)).toContain(SAVED)

    online = false
    for (const socket of sockets) await Promise.all([socket.page.close(), socket.server.close()])
    await poll(() => statusText(page)).toContain('Frakoblet – prøver igjen')
    await page.keyboard.type('Skrevet frakoblet.')
    await poll(() => statusText(page)).toContain('Endringer venter på å bli lagret')
    expect(await storedXml(id)).not.toContain('Skrevet frakoblet.')

    online = true
    await poll(() => statusText(page)).toContain(SAVED)
    // No polling: "saved" came from a Committed for a Flush sent after the offline edits.
    expect(await storedXml(id)).toContain('Skrevet tilkoblet. Skrevet frakoblet.')
    // The offline edits travel in the page's sync step 2 (its reply to the server's step 1); a
    // Flush sent before that reply would be answered before they are stored.
    const reconnect = sockets.at(-1)!.sent
    expect(sockets.length).toBeGreaterThan(1)
    expect(reconnect[0]).toBe('hello')
    expect(reconnect.indexOf('sync-step-2')).toBeGreaterThan(0)
    expect(reconnect.indexOf('flush')).toBeGreaterThan(reconnect.indexOf('sync-step-2'))
  })

  it('says why when the server closes for good, and stops editing', async () => {
    // A second real server whose documents may not grow past 1 KiB.
    const small = await startTestServer({ MAX_DOCUMENT_BYTES: '1024' }, { authorizeUpgrade: openRooms })
    const page = await openPage('too-large', `/d/${documentId}-large`, undefined, small.url)
    try {
      await poll(() => statusText(page)).toContain('Tilkoblet')
      await editor(page).click()
      await page.keyboard.insertText('Langt forslag. '.repeat(80))
      await poll(() => statusText(page)).toContain('Tilkoblingen er stengt: Dokumentet er for stort')
      expect(await statusText(page)).toContain('Endringene dine kan ikke lagres')
      await poll(() => editor(page).getAttribute('contenteditable')).toBe('false')
      expect(await seriousAxeViolations(page)).toEqual([])
    } finally {
      await screenshot(page, 'editor-too-large.png')
      // Closed before its server stops, so it does not log refused reconnects.
      await page.close()
      pages.delete('too-large')
      await small.stop()
    }
  })

  it('loads the editor only for documents, and "Nytt dokument" opens a new one', async () => {
    const requested: string[] = []
    const home = await openPage('home', '/')
    home.on('request', (request) => requested.push(new URL(request.url()).pathname))
    await home.reload()
    await home.getByRole('button', { name: 'Nytt dokument' }).waitFor()
    expect(requested.some((p) => p.includes('document-page'))).toBe(false)

    await home.getByRole('button', { name: 'Nytt dokument' }).click()
    await poll(() => new URL(home.url()).pathname).toMatch(/^\/d\/[A-Za-z0-9_-]{16}$/)
    await poll(() => statusText(home)).toContain('Tilkoblet')
    expect(requested.some((p) => p.includes('document-page'))).toBe(true)

    // Back to the home page, then open Alice and Bob's document by id.
    await home.goBack()
    await home.getByLabel('Dokument-ID').fill(documentId)
    await home.getByRole('button', { name: 'Åpne' }).click()
    await poll(() => documentText(home)).toBe(TEXT_A + TEXT_B)
    // Leave the document (the editor is destroyed) so the axe check below also sees the home page.
    await home.goBack()
    await home.getByRole('button', { name: 'Nytt dokument' }).waitFor()
  })

  it('has no serious or critical accessibility violations (axe)', async () => {
    const report: string[] = []
    for (const [label, page] of pages) {
      for (const v of await seriousAxeViolations(page)) report.push(`${label}: ${v}`)
    }
    expect(report).toEqual([])
  })

  it('logged no errors in any page', () => {
    expect(Object.fromEntries(errors)).toEqual(Object.fromEntries([...errors.keys()].map((k) => [k, []])))
  })
})
