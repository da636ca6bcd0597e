/**
 * Following a person inside a document (issue 16), in a real browser: two parties in one long
 * document; the follower picks "Følg" on the other person in the presence list, the other moves
 * their caret a screen away (to the end, then to the middle), and the follower's window scrolls
 * until that caret is in view; the indicator names the person and their party. Escape stops
 * following: the caret moves back to the top and the follower's window stays where it was; a wheel
 * scroll of the follower's own and "Slutt å følge" end it too. Axe is clean while following. Needs
 * the server and the web app built.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { editorPage, expectedApiAnswer, SAVED } from '../support/browser-editor.js'
import { useBrowserSuite } from '../support/browser-suite.js'
import { writeParagraphs } from '../support/content.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 50 })
const { status, editor } = editorPage

/** Long enough for several screens at 1366 × 768. */
const PARAGRAPHS = Array.from(
  { length: 120 },
  (_, i) =>
    `Avsnitt ${i + 1}: partene drøfter turnusen i hjemmetjenesten og hvordan endringen skal evalueres.`,
)

/** Where the caret of `userId` is in the window of `page`: its top and whether it is in view. */
const caretInView = (page: Page, userId: string) =>
  page.evaluate((id) => {
    const caret = document.querySelector(`.collaboration-carets__caret[data-user="${CSS.escape(id)}"]`)
    if (!caret) return 'no caret'
    const rect = caret.getBoundingClientRect()
    return rect.top >= 0 && rect.bottom <= window.innerHeight ? 'in view' : `at ${Math.round(rect.top)}`
  }, userId)

/** The window's scroll position once it has not moved for five frames (smooth scrolling ends). */
const settledScroll = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let last = window.scrollY
        let still = 0
        const look = () => {
          still = window.scrollY === last ? still + 1 : 0
          last = window.scrollY
          if (still >= 5) resolve(last)
          else requestAnimationFrame(look)
        }
        requestAnimationFrame(look)
      }),
  )

const caretTop = (page: Page, userId: string) =>
  page.evaluate(
    (id) =>
      document
        .querySelector(`.collaboration-carets__caret[data-user="${CSS.escape(id)}"]`)
        ?.getBoundingClientRect().top ?? null,
    userId,
  )

describe.skipIf(!browserAvailable())('following a person in a document', () => {
  const suite = useBrowserSuite({
    name: 'follow-person',
    viewport: { width: 1366, height: 768 },
    expectedConsoleError: expectedApiAnswer,
  })

  it('scrolls with the followed caret a screen away, and stops on Escape', async () => {
    const { server, world } = suite
    const kari = await world.member('editor', 'administration', { name: 'Kari Saksbehandler' })
    const ola = await world.member('editor', 'politicians', { name: 'Ola Følger' })
    const id = await world.document('Lang sak')
    await writeParagraphs(server, kari, id, PARAGRAPHS)

    const led = await suite.open('kari', `/d/${id}`, { cookie: kari.cookie })
    const follower = await suite.open('ola', `/d/${id}`, { cookie: ola.cookie })
    await poll(() => status(led)).toContain(SAVED)
    await poll(() => status(follower)).toContain(SAVED)

    // Kari's caret at the top, where the follower is too.
    await editor(led).click({ position: { x: 40, y: 10 } })
    await led.keyboard.press('Control+Home')
    await poll(() => caretInView(follower, kari.userId)).toBe('in view')

    await editorPage.openPresence(follower)
    await follower.getByRole('button', { name: 'Følg Kari Saksbehandler i teksten' }).click()
    const indicator = follower.getByTestId('following')
    await poll(() => indicator.textContent()).toContain('Du følger Kari Saksbehandler')
    expect(await indicator.locator('.party').textContent()).toBe('Administrasjonen')
    await poll(() => follower.getByTestId('following-announcement').textContent()).toContain(
      'Du følger nå Kari Saksbehandler (Administrasjonen)',
    )
    expect(await wcagViolations(follower)).toEqual([])

    // A screen away and more: to the end of the text.
    await led.keyboard.press('Control+End')
    await poll(() => caretInView(follower, kari.userId)).toBe('in view')
    const atEnd = await settledScroll(follower)
    expect(atEnd).toBeGreaterThan(768)

    // Back to the middle: the follower's window goes with it.
    for (let i = 0; i < 3; i++) await led.keyboard.press('PageUp')
    await poll(() => caretInView(follower, kari.userId)).toBe('in view')
    expect(await settledScroll(follower)).toBeLessThan(atEnd)

    // Escape: no longer following; the caret goes to the top and the window stays.
    await follower.keyboard.press('Escape')
    await poll(() => indicator.count()).toBe(0)
    await poll(() => follower.getByTestId('following-announcement').textContent()).toContain(
      'Du følger ikke lenger Kari Saksbehandler',
    )
    const stayed = await settledScroll(follower)
    await led.keyboard.press('Control+Home')
    // Kari's caret is drawn at the top of the text, above the follower's window.
    expect(stayed).toBeGreaterThan(768)
    await poll(async () => ((await caretTop(follower, kari.userId)) ?? 0) < -stayed + 768).toBe(true)
    expect(await settledScroll(follower)).toBe(stayed)

    // Following again, then a scroll of the follower's own ends it, as does "Slutt å følge".
    await editorPage.openPresence(follower)
    await follower.getByRole('button', { name: 'Følg Kari Saksbehandler i teksten' }).click()
    await poll(() => indicator.count()).toBe(1)
    await follower.mouse.move(600, 500)
    await follower.mouse.wheel(0, 300)
    await poll(() => indicator.count()).toBe(0)
    // The wheel's scroll runs on after its event: followed again only once it is done (in one CI
    // run under load, the follow below never showed its indicator).
    await settledScroll(follower)
    await editorPage.openPresence(follower)
    await follower.getByRole('button', { name: 'Følg Kari Saksbehandler i teksten' }).click()
    await poll(() => indicator.count()).toBe(1)
    await indicator.getByRole('button', { name: 'Slutt å følge' }).click()
    await poll(() => indicator.count()).toBe(0)
    expect(suite.allErrors()).toEqual({})
  })
})
