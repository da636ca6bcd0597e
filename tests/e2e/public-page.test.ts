/**
 * The public page of a shared document in Chromium (issue 14): complete with JavaScript off (the
 * text, the banner, the record), clean for axe (WCAG 2.1 A and AA) in Bokmål and Nynorsk for a
 * draft and a final document, without any Content-Security-Policy violation, printed without its
 * language switch, and with JavaScript a draft's page showing an edit and a new title within a
 * second. The workspace's public index likewise (axe and CSP in nb and nn), and
 * its Atom feed read by the browser's own XML parser, hostile title and all. Needs only the
 * server: the pages are rendered there.
 */

import {
  createWorld,
  startTestServer,
  type TestServer,
  type World,
  waitFor,
} from '@trepart/server/test-support'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchoredText, insertParagraph } from '../support/anchors.js'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable, launchBrowser } from '../support/browser.js'
import { createClient } from '../support/clients.js'
import { approveAll, signatories, startRound, writtenDocument } from '../support/sign-off.js'

describe.skipIf(!browserAvailable())('public pages in a browser', () => {
  let server: TestServer
  let world: World
  let browser: Browser
  let draftId: string
  let draftUrl: string
  let finalUrl: string
  let indexUrl: string

  beforeAll(async () => {
    ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
    world = await createWorld(server.url)
    const signers = await signatories(world)
    const share = async (id: string) => {
      const res = await world.api(world.admin, 'POST', `/api/documents/${id}/share-links`, {})
      return ((await res.json()) as { link: { url: string } }).link.url
    }
    draftId = await writtenDocument(world, server.collabUrl, 'Forslag om ny turnus for helgene.')
    draftUrl = await share(draftId)
    const id = await writtenDocument(world, server.collabUrl, 'Vedtak om ny turnus fra mars.')
    const { round } = await startRound(world, signers.politicians, id)
    await approveAll(world, signers, id, round.contentHash, 'Forutsetter midler')
    finalUrl = await share(id)
    // A second final document with a title that is all markup, and the workspace's index on.
    const hostile = await world.document(HOSTILE_TITLE, 'decision')
    await anchoredText(server.collabUrl, world.admin, hostile, 'Vedtak om møtetider.', 6)
    const second = await startRound(world, signers.politicians, hostile)
    await approveAll(world, signers, hostile, second.round.contentHash)
    await share(hostile)
    const res = await world.api(world.admin, 'PATCH', `/api/workspaces/${world.workspaceId}`, {
      publicIndex: true,
    })
    indexUrl = `${server.url}/p/w/${((await res.json()) as { workspace: { slug: string } }).workspace.slug}`
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  /** A page in a fresh context; CSP violations Chromium reports are collected. */
  async function open(url: string, options: { javaScript?: boolean; locale?: string } = {}) {
    const context = await browser.newContext({
      javaScriptEnabled: options.javaScript ?? true,
      locale: options.locale ?? 'nb-NO',
      viewport: { width: 1366, height: 768 },
    })
    const page = await context.newPage()
    const violations: string[] = []
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text())
    })
    const res = await page.goto(url)
    expect(res?.status()).toBe(200)
    return { page, violations, close: () => context.close() }
  }

  it('is complete without JavaScript: banner, text, record and hash', async () => {
    const draft = await open(draftUrl, { javaScript: false })
    try {
      expect(await draft.page.locator('.banner').count()).toBe(1)
      expect(await draft.page.locator('.banner').textContent()).toContain('Utkast – ikke vedtatt')
      expect(await draft.page.locator('article').textContent()).toContain('Forslag om ny turnus for helgene.')
    } finally {
      await draft.close()
    }
    const final = await open(finalUrl, { javaScript: false })
    try {
      const record = (await final.page.locator('section.record').textContent()) ?? ''
      for (const text of [
        'Vedtaksprotokoll',
        'Godkjent med forbehold',
        'Forutsetter midler',
        'Sigurd Rådmann',
      ])
        expect(record).toContain(text)
      expect(await final.page.locator('code.hash').textContent()).toMatch(/^[0-9a-f]{64}$/)
    } finally {
      await final.close()
    }
  })

  for (const locale of ['nb-NO', 'nn-NO'] as const) {
    it(`is clean for axe and the CSP, draft and final (${locale})`, async () => {
      for (const url of [draftUrl, finalUrl]) {
        const { page, violations, close } = await open(url, { locale })
        try {
          expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2))
          expect(await wcagViolations(page)).toEqual([])
          expect(violations).toEqual([])
        } finally {
          await close()
        }
      }
    })
  }

  for (const locale of ['nb-NO', 'nn-NO'] as const) {
    it(`lists the workspace's decisions on a page clean for axe and the CSP, linking to their pages (${locale})`, async () => {
      const { page, violations, close } = await open(indexUrl, { locale })
      try {
        expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2))
        expect(await page.locator('ol.entries h2').allTextContents()).toEqual([HOSTILE_TITLE, 'Til vedtak'])
        expect(await wcagViolations(page)).toEqual([])
        expect(violations).toEqual([])
        await page.getByRole('link', { name: 'Til vedtak' }).click()
        await page.locator('section.record').waitFor()
        expect(await page.getAttribute('html', 'lang')).toBe(locale.slice(0, 2))
        expect(await wcagViolations(page)).toEqual([])
        expect(violations).toEqual([])
      } finally {
        await close()
      }
    })
  }

  it("has a feed the browser's XML parser reads, with the hostile title as text", async () => {
    const { page, close } = await open(indexUrl)
    try {
      const feed = await page.evaluate(async () => {
        const text = await (await fetch(`${location.pathname}/feed.atom`)).text()
        const xml = new DOMParser().parseFromString(text, 'application/xml')
        const atom = 'http://www.w3.org/2005/Atom'
        const entries = [...xml.getElementsByTagNameNS(atom, 'entry')]
        const child = (e: Element, name: string) => e.getElementsByTagNameNS(atom, name)[0]?.textContent
        return {
          errors: xml.getElementsByTagName('parsererror').length,
          root: xml.documentElement.namespaceURI,
          titles: entries.map((e) => child(e, 'title')),
          ids: entries.map((e) => child(e, 'id')),
        }
      })
      expect(feed.errors).toBe(0)
      expect(feed.root).toBe('http://www.w3.org/2005/Atom')
      // The one character XML cannot carry (BEL) is dropped; the rest is the title as written.
      expect(feed.titles).toEqual([HOSTILE_TITLE.replace('\u0007', ''), 'Til vedtak'])
      for (const id of feed.ids) expect(id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/)
    } finally {
      await close()
    }
  })

  it('follows a draft as it is written and renamed, with JavaScript, within a second', async () => {
    const { page, violations, close } = await open(draftUrl)
    const writer = createClient(server.collabUrl, draftId, { actor: world.admin, trepart: true })
    try {
      await page.waitForFunction(() => document.querySelector('main article') !== null)
      await waitFor(() => writer.provider.synced && server.services.draftFeed.size === 1)
      insertParagraph(writer, 'Lagt til mens leseren så på.')
      await writer.flush()
      const committed = Date.now()
      await page.waitForFunction(
        () => document.querySelector('main article')?.textContent?.includes('Lagt til mens leseren så på.'),
        undefined,
        { timeout: 1000 },
      )
      console.log(`public draft: a committed edit showed on the page after ${Date.now() - committed} ms`)
      // A new title: in the heading and the window's title, as text.
      const title = 'Ny turnus <i>for</i> helgene'
      expect((await world.api(world.admin, 'PATCH', `/api/documents/${draftId}`, { title })).status).toBe(200)
      const renamed = Date.now()
      await page.waitForFunction(
        (t) => document.querySelector('main h1')?.textContent === t && document.title === t,
        title,
        { timeout: 1000 },
      )
      console.log(`public draft: a new title showed on the page after ${Date.now() - renamed} ms`)
      expect(await page.locator('main h1 i').count()).toBe(0)
      expect(violations).toEqual([])
    } finally {
      writer.destroy()
      await close()
    }
    await waitFor(() => server.services.draftFeed.size === 0)
  })

  it('prints as a document without its language switch, which otherwise works as a plain link', async () => {
    const { page, close } = await open(finalUrl)
    try {
      expect(await page.locator('nav.languages').isVisible()).toBe(true)
      await page.emulateMedia({ media: 'print' })
      expect(await page.locator('nav.languages').isVisible()).toBe(false)
      expect(await page.locator('h1').isVisible()).toBe(true)
      await switchLanguage(page)
    } finally {
      await close()
    }
  })
})

const HOSTILE_TITLE = 'Vedtak <script>alert("x")</script> & ]]> \u0007 <img src=x onerror=alert(1)>'

/** The switch is a plain link: it works by navigation, script or none. */
async function switchLanguage(page: Page): Promise<void> {
  await page.emulateMedia({ media: 'screen' })
  await page.getByRole('link', { name: 'English' }).click()
  await page.waitForURL(/lang=en/)
  expect(await page.getAttribute('html', 'lang')).toBe('en')
}
