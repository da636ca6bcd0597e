/**
 * The document page as a meeting sees it, at a laptop's 1366×768 and a projector's 1920×1080: a slim
 * top bar with the breadcrumb, the text high on the page in a centred column of about 70
 * characters with room on its right for comments, the status and presence in the sticky row,
 * caret labels that fade and come back, the title edited in place, and a skip link. Axe in nb and nn.
 * Needs the server and the web app built.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { editorPage, expectedApiAnswer, SAVED } from '../support/browser-editor.js'
import { switchLanguage } from '../support/browser-shell.js'
import { useBrowserSuite } from '../support/browser-suite.js'
import { writeParagraphs } from '../support/content.js'

const poll = <T>(fn: () => T | Promise<T>, timeout = 15_000) => expect.poll(fn, { timeout, interval: 50 })
const { status, announced, editor, text } = editorPage

const LAPTOP = { width: 1366, height: 768 }
const PROJECTOR = { width: 1920, height: 1080 }

/** Where things are on the page, in CSS pixels of the viewport. */
function measure(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string) => {
      const element = document.querySelector(selector)
      if (!element) throw new Error(`${selector} is not on the page`)
      const r = element.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height }
    }
    const firstLine = document.querySelector('.tiptap > *')
    const range = document.createRange()
    range.selectNodeContents(firstLine!)
    const line = range.getClientRects()[0]!
    // How many characters the first line of a long paragraph holds (the measure typographers count).
    const textNode = document.querySelector('.tiptap > p')!.firstChild as Text
    const lineOf = (offset: number) => {
      range.setStart(textNode, offset)
      range.setEnd(textNode, offset + 1)
      return range.getClientRects()[0]!.top
    }
    let lineChars = 0
    while (lineChars < textNode.length - 1 && lineOf(lineChars) === lineOf(0)) lineChars++
    return {
      windowWidth: window.innerWidth,
      rem: Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
      topBar: box('.top-bar'),
      firstLineTop: line.top,
      column: box('.document-column'),
      aside: box('.document-aside'),
      lineChars,
      chrome: box('.editor-chrome'),
    }
  })
}

describe.skipIf(!browserAvailable())('the document page’s layout', () => {
  const suite = useBrowserSuite({ name: 'document-layout', expectedConsoleError: expectedApiAnswer })

  for (const size of [LAPTOP, PROJECTOR]) {
    it(`at ${size.width}×${size.height}: text high and centred at a readable width, right side free, one-row bars`, async () => {
      const { server, world } = suite
      const member = await world.member('editor', 'politicians', { name: 'Per Ordfører' })
      const id = await world.document('Møteplan for trepartsutvalget i Nordby kommune')
      await writeParagraphs(server, member, id, [
        'Trepartsutvalget i Nordby skal møtes jevnlig og skrive forslagene sine sammen, slik at alle tre parter får lagt fram sitt syn før vedtak.',
      ])
      const page = await suite.open(`layout-${size.width}`, `/d/${id}`, { cookie: member.cookie, ...size })
      await poll(() => status(page)).toContain(SAVED)
      const m = await measure(page)

      expect(m.topBar.height).toBeLessThan(60)
      if (size === LAPTOP) expect(m.firstLineTop).toBeLessThanOrEqual(220)
      // About 70 characters a line, centred in the window (the sticky row spans it).
      expect(m.lineChars).toBeGreaterThan(55)
      expect(m.lineChars).toBeLessThan(80)
      const leftGap = m.column.left
      const rightGap = m.windowWidth - m.column.right
      expect(Math.abs(leftGap - rightGap)).toBeLessThan(24)
      // The comments panel's room: at least 18 rem right of the text from 1200 px.
      expect(m.aside.width).toBeGreaterThanOrEqual(18 * m.rem - 1)
      expect(m.chrome.height).toBeLessThan(64)
      // The breadcrumb says where the document is.
      const crumbs = page.getByRole('navigation', { name: 'Du er her' })
      expect(await crumbs.getByRole('link').getAttribute('href')).toBe(`/w/${world.workspaceId}`)
      expect(await crumbs.getByRole('link').textContent()).toMatch(/^Styringsgruppe /)
      expect(await crumbs.locator('[aria-current="page"]').textContent()).toBe(
        'Møteplan for trepartsutvalget i Nordby kommune',
      )
      expect(await wcagViolations(page)).toEqual([])
      await suite.close(`layout-${size.width}`)
    })
  }

  it('keeps the sticky row (toolbar, status and presence) in view while a long document scrolls', async () => {
    const { server, world } = suite
    const member = await world.member('editor', 'employees')
    const id = await world.document('Lang tekst')
    await writeParagraphs(
      server,
      member,
      id,
      Array.from({ length: 80 }, (_, i) => `Avsnitt ${i + 1}: ord som fyller en linje i et langt dokument.`),
    )
    const page = await suite.open('long', `/d/${id}`, { cookie: member.cookie, ...LAPTOP })
    await poll(() => status(page)).toContain(SAVED)
    await page.getByText('Avsnitt 80:').scrollIntoViewIfNeeded()
    await poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000)
    const row = await page.locator('.editor-chrome').boundingBox()
    expect(row!.y).toBeGreaterThanOrEqual(0)
    expect(row!.y).toBeLessThan(2)
    expect(await page.locator('.status-line').isVisible()).toBe(true)
    expect(await page.getByRole('toolbar').isVisible()).toBe(true)
    await suite.close('long')
  })

  it('tells screen readers the connection, not every "Lagrer…" and "lagret" while typing', async () => {
    const { world } = suite
    const member = await world.member('editor', 'politicians')
    const id = await world.document('Stille')
    const page = await suite.open('announce', `/d/${id}`, { cookie: member.cookie, ...LAPTOP })
    await poll(() => status(page)).toContain(SAVED)
    await poll(() => announced(page)).toBe('Tilkoblet')
    // Count every change of the live region while typing and saving.
    await page.evaluate(() => {
      const region = document.querySelector('[data-testid="status-announcement"]')!
      const seen: string[] = []
      new MutationObserver(() => seen.push(region.textContent ?? '')).observe(region, {
        childList: true,
        characterData: true,
        subtree: true,
      })
      ;(window as unknown as { announcements: string[] }).announcements = seen
    })
    await editor(page).click()
    await page.keyboard.type('Hvert ord lagres, og ingen hører om det.', { delay: 20 })
    await poll(() => status(page)).toContain(SAVED)
    expect(
      await page.evaluate(() => (window as unknown as { announcements: string[] }).announcements),
    ).toEqual([])
    expect(await announced(page)).toBe('Tilkoblet')
    await suite.close('announce')
  })

  it('fades other people’s caret labels after a few seconds and shows them again when they type or on hover', async () => {
    const { world } = suite
    const [anne, tone] = await Promise.all([
      world.member('editor', 'administration', { name: 'Anne Rådmann' }),
      world.member('editor', 'employees', { name: 'Tone Tillitsvalgt' }),
    ])
    const id = await world.document('Carets')
    const annePage = await suite.open('anne', `/d/${id}`, { cookie: anne.cookie, ...LAPTOP })
    const tonePage = await suite.open('tone', `/d/${id}`, { cookie: tone.cookie, ...LAPTOP })
    await editor(annePage).click()
    await annePage.keyboard.type('Første linje.')
    await annePage.keyboard.press('Enter')
    await annePage.keyboard.type('Andre linje.')
    await poll(() => text(tonePage)).toBe('Første linje.Andre linje.')
    await editor(tonePage).click()
    await tonePage.keyboard.press('End')
    await tonePage.keyboard.type(' Tone skriver.')

    const label = annePage.locator('.collaboration-carets__label', { hasText: 'Tone Tillitsvalgt' })
    const opacity = () => label.evaluate((el) => Number(getComputedStyle(el).opacity))
    await poll(opacity).toBe(1)
    // No typing for a few seconds: the label fades (it is still there, for hover and screen readers).
    await poll(opacity, 10_000).toBe(0)
    await tonePage.keyboard.type(' Mer.')
    await poll(opacity).toBe(1)
    await poll(opacity, 10_000).toBe(0)
    // Hovering the caret shows it again.
    const caret = await annePage.locator('.collaboration-carets__caret[data-user]').boundingBox()
    await annePage.mouse.move(caret!.x + caret!.width / 2, caret!.y + caret!.height / 2)
    await poll(opacity).toBe(1)
    // A change of language relabels the carets already on the page.
    await switchLanguage(annePage, 'English')
    await poll(() => label.textContent()).toBe('Tone Tillitsvalgt · Employees and unions')
    await suite.close('tone')
    await suite.close('anne')
  })

  it('edits the title in place: Enter saves for everyone, Escape keeps the old one, an over-long one is refused with a message', async () => {
    const { world } = suite
    const [writer, reader] = await Promise.all([
      world.member('editor', 'administration'),
      world.member('viewer', 'politicians'),
    ])
    const id = await world.document('Gammel tittel')
    const page = await suite.open('title-writer', `/d/${id}`, { cookie: writer.cookie, ...LAPTOP })
    const readerPage = await suite.open('title-reader', `/d/${id}`, { cookie: reader.cookie, ...LAPTOP })
    await poll(() => status(readerPage)).toContain('Tilkoblet')
    // A reader has nothing to rename with.
    expect(await readerPage.getByRole('button', { name: /Endre tittel/ }).count()).toBe(0)

    await page.getByRole('heading', { level: 1, name: 'Gammel tittel' }).click()
    const field = page.getByRole('textbox', { name: 'Tittel', exact: true })
    await field.fill('Ikke denne')
    await field.press('Escape')
    await page.getByRole('heading', { level: 1, name: 'Gammel tittel' }).waitFor()
    // Back on the pencil, where the keyboard would reopen it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Endre tittel «Gammel tittel»',
    )

    await page.getByRole('button', { name: 'Endre tittel «Gammel tittel»' }).click()
    await field.fill('x'.repeat(201))
    await field.press('Enter')
    await poll(() => page.locator('#document-title-input-problem').textContent()).toContain('høyst 200 tegn')
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.inputValue()).toHaveLength(201)
    // Leaving the field with a problem keeps it open with its message, and does not pull the focus back.
    await field.press('Tab')
    await poll(() => page.evaluate(() => document.activeElement?.id)).not.toBe('document-title-input')
    expect(await field.inputValue()).toHaveLength(201)
    expect(await field.getAttribute('aria-invalid')).toBe('true')

    await field.fill('Ny tittel')
    await field.press('Enter')
    await page.getByRole('heading', { level: 1, name: 'Ny tittel' }).waitFor()
    await readerPage.getByRole('heading', { level: 1, name: 'Ny tittel' }).waitFor()
    await poll(() => readerPage.title()).toContain('Ny tittel')
    await poll(() => readerPage.getByRole('navigation', { name: 'Du er her' }).textContent()).toContain(
      'Ny tittel',
    )
    await suite.close('title-reader')
    await suite.close('title-writer')
  })

  it('shows presence as initials by party with name and party on focus, and everyone in a popover', async () => {
    const { world } = suite
    const [anne, per] = await Promise.all([
      world.member('editor', 'administration', { name: 'Anne Rådmann' }),
      world.member('commenter', 'politicians', { name: 'Per Ordfører' }),
    ])
    const id = await world.document('Til stede')
    const page = await suite.open('presence-anne', `/d/${id}`, { cookie: anne.cookie, ...LAPTOP })
    await suite.open('presence-per', `/d/${id}`, { cookie: per.cookie, ...LAPTOP })
    const strip = page.getByRole('list', { name: 'Til stede: 2' })
    await strip.waitFor()
    const groups = strip.locator('.presence-group')
    expect(await groups.evaluateAll((els) => els.map((el) => el.getAttribute('data-party')))).toEqual([
      'politicians',
      'administration',
    ])
    const perAvatar = page.getByRole('button', { name: 'Per Ordfører · Folkevalgte · kommentator' })
    expect(await perAvatar.locator('[aria-hidden="true"]').textContent()).toBe('PO')
    await perAvatar.focus()
    await poll(() => page.getByRole('tooltip').textContent()).toBe('Per Ordfører · Folkevalgte · kommentator')
    await perAvatar.press('Enter')
    const popover = page.getByRole('dialog', { name: 'Til stede nå' })
    await popover.waitFor()
    await poll(() => page.evaluate(() => !!document.activeElement?.closest('.presence-popover'))).toBe(true)
    expect(await popover.textContent()).toContain('Ansatte og tillitsvalgte')
    expect(await popover.textContent()).toContain('Ingen til stede')
    expect(await wcagViolations(page)).toEqual([])
    await page.keyboard.press('Escape')
    await popover.waitFor({ state: 'hidden' })
    // Closed from inside, the focus is back on the avatar that opened it.
    expect(await perAvatar.evaluate((el) => el === document.activeElement)).toBe(true)
    await suite.close('presence-per')
    await suite.close('presence-anne')
  })

  for (const locale of ['nb', 'nn']) {
    it(`has a skip link as the first stop and no WCAG violations in ${locale}, read-only too`, async () => {
      const { world } = suite
      const viewer = await world.member('viewer', 'employees')
      const id = await world.document('Skipp')
      // Signed in, the account's language decides.
      expect((await world.api(viewer, 'PATCH', '/api/me', { locale })).status).toBe(200)
      const page = await suite.open(`skip-${locale}`, `/d/${id}`, { cookie: viewer.cookie, ...LAPTOP })
      await page.locator('.status-line[data-connection="connected"]').waitFor()
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale)
      await page.keyboard.press('Tab')
      const skip = page.locator(':focus')
      expect(await skip.textContent()).toBe(
        locale === 'nb' ? 'Hopp til hovedinnholdet' : 'Hopp til hovudinnhaldet',
      )
      await page.keyboard.press('Enter')
      await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main')
      expect(await wcagViolations(page)).toEqual([])
      await suite.close(`skip-${locale}`)
    })
  }
})
