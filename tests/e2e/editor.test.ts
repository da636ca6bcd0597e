/**
 * The built web app in a real browser against a real server with real accounts: people of different
 * parties edit one document at the same time, see each other's text and carets (named and coloured
 * by the server), and are told "saved" only when the server has stored their edits; a viewer only
 * reads; a first user signs up, creates a workspace and a document through the UI. Needs the server
 * and the web app built (turbo's test task does both).
 */
import { createWorld } from '@trepart/server/test-support'
import { MessageType, partyColor } from '@trepart/shared'
import type { WebSocketRoute } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { editorPage, expectedApiAnswer, rgb, SAVED, storedXml } from '../support/browser-editor.js'
import { logOut } from '../support/browser-shell.js'
import { pathOf, useBrowserSuite } from '../support/browser-suite.js'

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
const { status: statusText, editor, text: documentText, caretLabels, caretColor } = editorPage

/** Names a frame the page sent by its message type (see packages/shared/src/protocol.ts). */
function frameKind(message: string | Buffer): string {
  if (typeof message === 'string') return 'text'
  const [type, subtype] = message
  if (type === MessageType.Sync) return ['sync-step-1', 'sync-step-2', 'update'][subtype!] ?? 'sync-?'
  const name = Object.entries(MessageType).find(([, value]) => value === type)?.[0]
  return name ? name.toLowerCase() : `type-${type}`
}

describe.skipIf(!browserAvailable())('the app in a browser', () => {
  const suite = useBrowserSuite({
    name: 'editor',
    expectedConsoleError: (text, url) =>
      expectedApiAnswer(text, url) ||
      // Chromium's own line when a socket the test cut is still sent to (y-websocket sends until the
      // close event; the update is resent after reconnecting).
      text.startsWith('WebSocket is already in CLOSING or CLOSED state'),
  })

  it('two people of two parties type at once and see each other’s text, carets and "saved"', async () => {
    const { server, world } = suite
    const [alice, bob] = await Promise.all([
      world.member('editor', 'administration', { name: 'Alice Arbeidsgiver' }),
      world.member('editor', 'employees', { name: 'Bob Tillitsvalgt' }),
    ])
    const id = await world.document('Møteplan for samarbeidet')
    const [alicePage, bobPage] = await Promise.all([
      suite.open('alice', `/d/${id}`, { cookie: alice.cookie }),
      suite.open('bob', `/d/${id}`, { cookie: bob.cookie }),
    ])
    for (const page of [alicePage, bobPage]) {
      await poll(() => statusText(page)).toContain('Tilkoblet')
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Møteplan for samarbeidet')
      // The name comes from the session: there is nothing to type it into.
      expect(await page.getByLabel('Navn').count()).toBe(0)
    }

    // Alice makes a second paragraph so each can type in their own; typing at the very same spot
    // would interleave the two texts letter by letter, which is correct but hard to assert.
    await editor(alicePage).click()
    await alicePage.keyboard.press('Enter')
    await poll(() => bobPage.locator('.tiptap p').count()).toBe(2)
    await alicePage.locator('.tiptap p').nth(0).click()
    await bobPage.locator('.tiptap p').nth(1).click()

    await Promise.all([
      alicePage.keyboard.type(TEXT_A, { delay: 10 }),
      bobPage.keyboard.type(TEXT_B, { delay: 10 }),
    ])

    await poll(() => documentText(alicePage)).toBe(TEXT_A + TEXT_B)
    await poll(() => documentText(bobPage)).toBe(TEXT_A + TEXT_B)

    // Each sees the other's caret with the name and party colour the server stamped from the session.
    await poll(() => caretLabels(alicePage)).toContain('Bob Tillitsvalgt · Ansatte og tillitsvalgte')
    await poll(() => caretLabels(bobPage)).toContain('Alice Arbeidsgiver · Administrasjonen')
    expect(await caretColor(alicePage, 'Bob Tillitsvalgt')).toBe(rgb(partyColor('employees')))
    expect(await caretColor(bobPage, 'Alice Arbeidsgiver')).toBe(rgb(partyColor('administration')))

    await poll(() => statusText(alicePage)).toContain(SAVED)
    await poll(() => statusText(bobPage)).toContain(SAVED)

    // No polling: "saved" must already mean stored. Nobody seeded the document: two paragraphs,
    // the ones Alice made.
    const xml = await storedXml(server, id)
    expect(xml).toContain(TEXT_A)
    expect(xml).toContain(TEXT_B)
    expect(xml.match(/<paragraph>/g)).toHaveLength(2)
  })

  it('shows a viewer the text live and the read-only notice, refuses their typing until promoted', async () => {
    const { server, world } = suite
    const [writer, viewer] = await Promise.all([
      world.member('editor', 'administration', { name: 'Siri Skriver' }),
      world.member('viewer', 'politicians', { name: 'Vera Folkevalgt' }),
    ])
    const id = await world.document('Vedtak om møteplan', 'decision')
    const [writerPage, viewerPage] = await Promise.all([
      suite.open('writer', `/d/${id}`, { cookie: writer.cookie }),
      suite.open('viewer', `/d/${id}`, { cookie: viewer.cookie }),
    ])
    await poll(() => statusText(viewerPage)).toContain('Tilkoblet')
    await viewerPage.getByText('Du har bare lesetilgang.').waitFor()
    expect(await statusText(viewerPage)).toContain('Bare lesetilgang')
    expect(await editor(viewerPage).getAttribute('contenteditable')).toBe('false')
    expect(await editor(viewerPage).getAttribute('aria-readonly')).toBe('true')

    await editor(writerPage).click()
    await writerPage.keyboard.type('Kommunestyret vedtar møteplanen.')
    await poll(() => statusText(writerPage)).toContain(SAVED)
    await poll(() => documentText(viewerPage)).toBe('Kommunestyret vedtar møteplanen.')

    // The editor takes focus (to read and select) but no text.
    await editor(viewerPage).click()
    await viewerPage.keyboard.type('Vera skriver.')
    await viewerPage.keyboard.press('Enter')
    expect(await documentText(viewerPage)).toBe('Kommunestyret vedtar møteplanen.')
    expect(await statusText(viewerPage)).not.toContain('lagres')
    expect(await storedXml(server, id)).not.toContain('Vera')

    // Promoted by an admin, the open page may write at once (the server says so on the socket).
    const promoted = await world.api(
      world.admin,
      'PATCH',
      `/api/workspaces/${world.workspaceId}/members/${viewer.userId}`,
      {
        role: 'editor',
      },
    )
    expect(promoted.status).toBe(200)
    await poll(() => editor(viewerPage).getAttribute('contenteditable')).toBe('true')
    expect(await viewerPage.getByText('Du har bare lesetilgang.').count()).toBe(0)
    await editor(viewerPage).click()
    await viewerPage.keyboard.press('End')
    await viewerPage.keyboard.type(' Vera er enig.')
    await poll(() => statusText(viewerPage)).toContain(SAVED)
    expect(await storedXml(server, id)).toContain('Kommunestyret vedtar møteplanen. Vera er enig.')
  })

  it('keeps edits made while disconnected and says "saved" only once they are stored', async () => {
    const { server, world } = suite
    let online = true
    /** Each collab socket: both ends, and the kinds of frame the page sent on it, in order. */
    const sockets: Array<{ page: WebSocketRoute; server: WebSocketRoute; sent: string[] }> = []
    const [member, id] = await Promise.all([world.member('editor', 'employees'), world.document('Frakoblet')])
    const page = await suite.open('offline', `/d/${id}`, {
      cookie: member.cookie,
      // Every collab socket goes through the test, which can cut it (context.setOffline does not
      // close an open websocket in Chromium) and sees what the page sends.
      setup: (context) =>
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
    })
    await poll(() => statusText(page)).toContain('Tilkoblet')
    await editor(page).click()
    await page.keyboard.type('Skrevet tilkoblet. ')
    await poll(() => statusText(page)).toContain(SAVED)

    online = false
    for (const socket of sockets) await Promise.all([socket.page.close(), socket.server.close()])
    await poll(() => statusText(page)).toContain('Frakoblet – prøver igjen')
    await page.keyboard.type('Skrevet frakoblet.')
    // Kept in this browser's IndexedDB until the server has it (see offline.test.ts for a reload).
    await poll(() => statusText(page)).toContain('Endringene er tatt vare på i denne nettleseren')
    expect(await storedXml(server, id)).not.toContain('Skrevet frakoblet.')

    online = true
    await poll(() => statusText(page)).toContain(SAVED)
    // No polling: "saved" came from a Committed for a Flush sent after the offline edits.
    expect(await storedXml(server, id)).toContain('Skrevet tilkoblet. Skrevet frakoblet.')
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
    const small = await suite.startServer({ MAX_DOCUMENT_BYTES: '1024' })
    const smallWorld = await createWorld(small.url)
    const id = await smallWorld.document('Langt forslag')
    const page = await suite.open('too-large', `/d/${id}`, {
      cookie: smallWorld.admin.cookie,
      baseUrl: small.url,
    })
    try {
      await poll(() => statusText(page)).toContain('Tilkoblet')
      await editor(page).click()
      await page.keyboard.insertText('Langt forslag. '.repeat(80))
      await poll(() => statusText(page)).toContain('Tilkoblingen er stengt: Dokumentet er for stort')
      expect(await statusText(page)).toContain('Endringene dine kan ikke lagres')
      await poll(() => editor(page).getAttribute('contenteditable')).toBe('false')
      expect(await seriousViolations(page)).toEqual([])
    } finally {
      // Closed before its server stops, so it does not log refused reconnects.
      await suite.close('too-large')
    }
  })

  it('says the session has ended, with a way to sign in, when the user is logged out elsewhere', async () => {
    const { world } = suite
    const [member, id] = await Promise.all([world.member('editor', 'politicians'), world.document('Økt')])
    const page = await suite.open('logged-out', `/d/${id}`, { cookie: member.cookie })
    await poll(() => statusText(page)).toContain('Tilkoblet')

    // The server ends the session and closes its sockets; the page asks the API why (401).
    const logout = await world.api(member, 'POST', '/api/auth/logout')
    expect(logout.status).toBe(204)
    await poll(() => statusText(page)).toContain('Tilkoblingen er stengt: Økten er utløpt – logg inn igjen')
    await poll(() => editor(page).getAttribute('contenteditable')).toBe('false')
    const signIn = page.locator('.status-line').getByRole('link', { name: 'Logg inn' })
    expect(await signIn.getAttribute('href')).toBe(`/login?next=${encodeURIComponent(`/d/${id}`)}`)
  })

  it('asks the API why when the socket is refused, and says signing in again is the answer', async () => {
    const { world } = suite
    let online = true
    const cuts: Array<() => Promise<void>> = []
    const [member, id] = await Promise.all([world.member('editor', 'employees'), world.document('Nektet')])
    const page = await suite.open('refused', `/d/${id}`, {
      cookie: member.cookie,
      setup: (context) =>
        context.routeWebSocket(/\/collab\//, (ws) => {
          if (!online) return ws.close()
          const server = ws.connectToServer()
          ws.onMessage((message) => server.send(message))
          cuts.push(async () => void (await Promise.all([ws.close(), server.close()])))
        }),
    })
    await poll(() => statusText(page)).toContain('Tilkoblet')
    online = false
    for (const cut of cuts) await cut()
    await poll(() => statusText(page)).toContain('Frakoblet – prøver igjen')
    // The session ends while the page is away; its next upgrade is refused (HTTP 401 → close 1006).
    expect((await world.api(member, 'POST', '/api/auth/logout')).status).toBe(204)
    online = true
    // The socket never opened, so only the API's 401 can tell the page this (with a way to sign in).
    await poll(() => statusText(page)).toContain('Tilkoblingen er stengt: Økten er utløpt – logg inn igjen')
    await page.locator('.status-line').getByRole('link', { name: 'Logg inn' }).waitFor()
    expect(await editor(page).getAttribute('contenteditable')).toBe('false')
    // Chromium logs the refused upgrade itself: expected here, and the proof that it was refused.
    const logged = suite.errors('refused')
    await poll(() => logged.length).toBeGreaterThan(0)
    for (const line of logged) expect(line).toMatch(/WebSocket connection to '.+\/collab\/.+' failed/)
    logged.length = 0
  })

  it('walks a first user from sign-up to a workspace, a document and "saved" in the UI', async () => {
    // A fresh server: the first account needs no invitation.
    const fresh = await suite.startServer()
    const requested: string[] = []
    const page = await suite.open('first-user', '/', {
      baseUrl: fresh.url,
      setup: async (context) => {
        // The page's own requests: the service worker precaches every chunk in the background, for
        // offline use, which does not make the page wait for the editor.
        context.on('request', (request) => {
          if (!request.serviceWorker()) requested.push(new URL(request.url()).pathname)
        })
      },
    })
    const editorChunkLoaded = () => requested.some((p) => p.includes('document-page'))

    // Not signed in: the home page sends to the sign-in page.
    await poll(() => pathOf(page)).toBe('/login')
    await page.getByRole('heading', { name: 'Logg inn', level: 1 }).waitFor()
    expect(await seriousViolations(page)).toEqual([])

    await page.getByRole('link', { name: 'Opprett konto' }).click()
    await poll(() => pathOf(page)).toBe('/signup')
    await page.getByLabel('E-postadresse').fill('kari@kommune.test')
    await page.getByLabel('Navn').fill('Kari Kommunalsjef')
    await page.getByLabel('Passord').fill('riktig hest batteri stift')
    await page.getByRole('button', { name: 'Opprett konto' }).click()

    await page.getByRole('heading', { name: 'Arbeidsrommene dine' }).waitFor()
    await poll(() => page.getByRole('banner').textContent()).toContain('Kari Kommunalsjef')
    await page.getByLabel('Navn på arbeidsrommet').fill('Trepartsutvalget i Nordby')
    await page.getByRole('radio', { name: 'Administrasjonen' }).check()
    await page.getByRole('button', { name: 'Opprett arbeidsrom' }).click()

    await page.getByRole('heading', { name: 'Trepartsutvalget i Nordby', level: 1 }).waitFor()
    expect(pathOf(page)).toMatch(/^\/w\/[A-Za-z0-9_-]+$/)
    expect(await page.locator('main .lead').textContent()).toBe(
      'Du er med som Administrasjonen · Administrator',
    )
    await page.getByText('Ingen dokumenter ennå.').waitFor()
    await page.getByRole('tab', { name: 'Medlemmer' }).click()
    expect(await page.getByRole('region', { name: 'Administrasjonen' }).textContent()).toContain(
      'Kari Kommunalsjef · Administrator',
    )

    // An invitation link, shown once, for someone of another party.
    await page.getByRole('tab', { name: 'Invitasjoner' }).click()
    await page
      .getByRole('group', { name: 'Part', exact: true })
      .getByRole('radio', { name: 'Ansatte og tillitsvalgte' })
      .check()
    await page.getByLabel('Rolle').selectOption('commenter')
    await page.getByRole('button', { name: 'Lag invitasjonslenke' }).click()
    const link = page.getByRole('textbox', { name: /^Invitasjonslenke/ })
    // The server's PUBLIC_URL (http://localhost:<port> by default) with a one-time token.
    await poll(() => link.inputValue()).toMatch(/^http:\/\/[^/]+\/invite\/[a-z2-7]+$/)
    const invitePath = new URL(await link.inputValue()).pathname
    expect(await seriousViolations(page)).toEqual([])
    expect(editorChunkLoaded()).toBe(false)

    await page.getByRole('tab', { name: 'Dokumenter' }).click()
    await page.getByRole('button', { name: 'Nytt dokument' }).click()
    await page.getByLabel('Tittel').fill('Referat fra første møte')
    await page.getByLabel('Type').selectOption('minutes')
    await page.getByRole('button', { name: 'Opprett dokument' }).click()
    await poll(() => pathOf(page)).toMatch(/^\/d\/[A-Za-z0-9_-]+$/)
    const documentId = pathOf(page).slice(3)
    await page.getByRole('heading', { name: 'Referat fra første møte', level: 1 }).waitFor()
    await poll(() => statusText(page)).toContain('Tilkoblet')
    expect(editorChunkLoaded()).toBe(true)
    await editor(page).click()
    await page.keyboard.type('Til stede: alle tre parter.')
    await poll(() => statusText(page)).toContain(SAVED)
    expect(await storedXml(fresh, documentId)).toContain('Til stede: alle tre parter.')

    // The invited person sees what the invitation is for and joins by signing up.
    const invited = await suite.open('invited', invitePath, { baseUrl: fresh.url })
    await invited.getByRole('heading', { name: 'Du er invitert til Trepartsutvalget i Nordby' }).waitFor()
    const facts = await invited.locator('.facts').textContent()
    expect(facts).toContain('Ansatte og tillitsvalgte')
    expect(facts).toContain('Kommentator')
    await invited.getByLabel('E-postadresse').fill('tore@kommune.test')
    await invited.getByLabel('Navn').fill('Tore Tillitsvalgt')
    await invited.getByLabel('Passord').fill('et annet langt passord')
    await invited.getByRole('button', { name: 'Opprett konto' }).click()
    // Accepting the invitation lands in its workspace.
    await invited.getByRole('heading', { name: 'Trepartsutvalget i Nordby', level: 1 }).waitFor()
    await invited.getByRole('link', { name: 'Referat fra første møte' }).waitFor()
    expect(await invited.getByRole('table').textContent()).toContain('Administrasjonen')
    // A commenter may not start documents.
    expect(await invited.getByRole('button', { name: 'Nytt dokument' }).count()).toBe(0)

    // Sign out and in again: a wrong password is refused in words, the right one lands home.
    await logOut(page)
    await poll(() => pathOf(page)).toBe('/login')
    await page.getByLabel('E-postadresse').fill('kari@kommune.test')
    await page.getByLabel('Passord').fill('feil passord')
    await page.getByRole('button', { name: 'Logg inn' }).click()
    await poll(() => page.getByRole('main').getByRole('alert').textContent()).toBe(
      'Feil e-postadresse eller passord.',
    )
    await page.getByLabel('Passord').fill('riktig hest batteri stift')
    await page.getByRole('button', { name: 'Logg inn' }).click()
    await page.getByRole('link', { name: 'Trepartsutvalget i Nordby' }).waitFor()
  })

  it('lets a signed-in person join with "Bli med", and a reset link set a new password', async () => {
    const { world } = suite
    const outsider = await world.outsider('Olga Utenfra')
    const invitation = await world.api(
      world.admin,
      'POST',
      `/api/workspaces/${world.workspaceId}/invitations`,
      {
        party: 'politicians',
        role: 'editor',
      },
    )
    const { token } = (await invitation.json()) as { token: string }
    const joining = await suite.open('joining', `/invite/${token}`, { cookie: outsider.cookie })
    await joining.getByText('Du er logget inn som Olga Utenfra.').waitFor()
    await joining.getByRole('button', { name: 'Bli med' }).click()
    await poll(() => pathOf(joining)).toBe(`/w/${world.workspaceId}`)
    await poll(() => joining.locator('main .lead').textContent()).toBe('Du er med som Folkevalgte · Redaktør')

    const member = await world.member('editor', 'employees', { name: 'Rita Glemsk' })
    const reset = await world.api(
      world.admin,
      'POST',
      `/api/workspaces/${world.workspaceId}/members/${member.userId}/password-reset`,
    )
    const { url } = (await reset.json()) as { url: string }
    const page = await suite.open('reset', new URL(url).pathname)
    await page.getByLabel('Nytt passord').fill('et helt nytt og langt passord')
    await page.getByRole('button', { name: 'Lagre nytt passord' }).click()
    await page.getByRole('link', { name: 'Logg inn med det nye passordet' }).click()
    await page.getByLabel('E-postadresse').fill(member.email)
    await page.getByLabel('Passord').fill('et helt nytt og langt passord')
    await page.getByRole('button', { name: 'Logg inn' }).click()
    await page.getByRole('heading', { name: 'Arbeidsrommene dine' }).waitFor()
    await poll(() => page.getByRole('banner').textContent()).toContain('Rita Glemsk')
  })

  it('has no serious or critical accessibility violations (axe)', async () => {
    const reports = await Promise.all(
      [...suite.pages].map(async ([label, page]) =>
        (await seriousViolations(page)).map((v) => `${label}: ${v}`),
      ),
    )
    expect(reports.flat()).toEqual([])
  })

  it('logged no errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
