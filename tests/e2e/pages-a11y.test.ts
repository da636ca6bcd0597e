/**
 * Every page of the app, in Bokmål and Nynorsk, checked by axe-core for WCAG 2.1 A and AA at a
 * laptop's 1366×768 (and the pages a meeting projects at 1920×1080): sign-in, sign-up, an
 * invitation, a password link, home, account, each part of the workspace page, a document and a
 * page that does not exist. Every page starts with the skip link and one top bar row. Needs the
 * server and the web app built.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { apiAnswer, useBrowserSuite } from '../support/browser-suite.js'

const LAPTOP = { width: 1366, height: 768 }
const PROJECTOR = { width: 1920, height: 1080 }
const LOCALES = [
  { locale: 'nb', browser: 'nb-NO', skip: 'Hopp til hovedinnholdet' },
  { locale: 'nn', browser: 'nn-NO', skip: 'Hopp til hovudinnhaldet' },
] as const

describe.skipIf(!browserAvailable())('every page, in Bokmål and Nynorsk', () => {
  const suite = useBrowserSuite({
    name: 'pages-a11y',
    // The not-found page and an unknown password link are asked for on purpose.
    expectedConsoleError: apiAnswer(401, 404),
  })

  /** The page has settled (its heading is there and nothing says "loading") and is clean. */
  async function check(page: Page, skip: string): Promise<void> {
    await page.locator('h1').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('.loading'))
    const bar = await page.locator('.top-bar').boundingBox()
    expect(bar!.height).toBeLessThan(64)
    expect(await page.locator('.skip-link').textContent()).toBe(skip)
    expect(await page.locator('main#main').count()).toBe(1)
    expect(await wcagViolations(page)).toEqual([])
  }

  for (const { locale, browser, skip } of LOCALES) {
    it(`signed out (${locale}): sign-in, sign-up, an invitation, a password link and a missing page`, async () => {
      const { world } = suite
      const invitation = await world.api(
        world.admin,
        'POST',
        `/api/workspaces/${world.workspaceId}/invitations`,
        {
          party: 'politicians',
          role: 'editor',
          signatory: false,
        },
      )
      const { token } = (await invitation.json()) as { token: string }
      const page = await suite.open(`out-${locale}`, '/login', { locale: browser, ...LAPTOP })
      for (const path of [
        '/login',
        '/signup',
        `/invite/${token}`,
        `/reset/${'a'.repeat(32)}`,
        '/finnes-ikke',
      ]) {
        await page.goto(`${suite.server.url}${path}`)
        expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale)
        await check(page, skip)
      }
      await suite.close(`out-${locale}`)
    })

    it(`signed in (${locale}): home, account, every part of the workspace page and a document`, async () => {
      const { world } = suite
      const admin = world.admin
      expect((await world.api(admin, 'PATCH', '/api/me', { locale })).status).toBe(200)
      const id = await world.document('Tilgjengelig for alle')
      const base = `/w/${world.workspaceId}`
      for (const size of [LAPTOP, PROJECTOR]) {
        const label = `in-${locale}-${size.width}`
        const page = await suite.open(label, '/', { cookie: admin.cookie, ...size })
        const paths =
          size === LAPTOP
            ? [
                '/',
                '/account',
                base,
                `${base}/meetings`,
                `${base}/follow-ups`,
                `${base}/participation`,
                `${base}/members`,
                `${base}/invitations`,
                `${base}/settings`,
                `/d/${id}`,
              ]
            : ['/', base, `/d/${id}`]
        for (const path of paths) {
          await page.goto(`${suite.server.url}${path}`)
          // The account's language arrives with /api/me.
          await expect
            .poll(() => page.evaluate(() => document.documentElement.lang), { timeout: 10_000 })
            .toBe(locale)
          if (path.startsWith('/d/'))
            await page.locator('.status-line[data-connection="connected"]').waitFor()
          await check(page, skip)
        }
        // The top bar's menus, open.
        for (const name of [/^(Kontomeny|Account menu) for /, /^(Språk|Language): /]) {
          const trigger = page.getByRole('banner').getByRole('button', { name })
          await trigger.click()
          await page.getByRole('menu').waitFor()
          expect(await wcagViolations(page)).toEqual([])
          await page.keyboard.press('Escape')
          await page.getByRole('menu').waitFor({ state: 'hidden' })
          // The menu gives the focus back as it closes, which may be a moment after it is hidden.
          await expect.poll(() => trigger.evaluate((el) => el === document.activeElement)).toBe(true)
        }
        await suite.close(label)
      }
      expect((await world.api(admin, 'PATCH', '/api/me', { locale: 'nb' })).status).toBe(200)
    })
  }

  it('logged no unexpected errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
