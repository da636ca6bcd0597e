/**
 * Working without network in a real browser: a writer loses the connection, keeps typing (kept in
 * IndexedDB, and the status line says so), reloads without network (the service worker serves the
 * app, the page opens the document from what this browser kept), comes back, and the others get the
 * text exactly once; "saved" appears only once the server has committed it. Logging out then leaves
 * no document data in the browser. Needs the server and the web app built.
 */
import { describe, expect, it } from 'vitest'
import { browserAvailable } from '../support/browser.js'
import { editorPage, expectedApiAnswer, occurrences, SAVED, storedXml } from '../support/browser-editor.js'
import {
  gateCollabSockets,
  indexedDbNames,
  localStorageKeys,
  type SocketGate,
  waitForServiceWorker,
} from '../support/browser-offline.js'
import { logOut } from '../support/browser-shell.js'
import { pathOf, useBrowserSuite } from '../support/browser-suite.js'

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
  const suite = useBrowserSuite({
    name: 'offline',
    // The service worker serves the app without network.
    needs: 'sw.js',
    expectedConsoleError: (text, url) => expectedApiAnswer(text, url) || offlineNoise(text),
  })

  it('keeps offline edits through a reload without network and delivers them once when back', async () => {
    const { server, world } = suite
    const [writer, id] = await Promise.all([
      world.member('editor', 'employees', { name: 'Ola Offline' }),
      world.document('Uten nett'),
    ])
    let gate!: SocketGate
    const page = await suite.open('writer', `/d/${id}`, {
      cookie: writer.cookie,
      setup: async (context) => {
        gate = await gateCollabSockets(context)
      },
    })
    const other = await suite.open('other', `/d/${id}`, { cookie: world.admin.cookie })
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
    await logOut(page)
    await poll(() => pathOf(page)).toBe('/login')
    await poll(async () =>
      (await indexedDbNames(page)).filter((name) => name.startsWith('trepart:')),
    ).toEqual([])
    expect((await localStorageKeys(page)).filter((key) => key.startsWith('trepart:'))).toEqual([])
  })

  it('logged no unexpected errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
