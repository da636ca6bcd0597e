/**
 * Languages and accessibility in a real browser: the switch in the banner changes every text,
 * dates included (Nynorsk month names are ours: Chromium here has none), sets <html lang>, persists
 * after a reload and on the account (`GET /api/me`), and follows the person to another browser; a
 * new account keeps the language of the browser it signed up in. axe-core finds no WCAG 2.1 A/AA
 * violations on the sign-in, workspace and account pages; at 768 px the workspace does not scroll
 * sideways.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { shownLanguage, switchLanguage } from '../support/browser-shell.js'
import { pathOf } from '../support/browser-suite.js'
import { useWorkspaceSuite } from '../support/browser-workspace.js'

/** Waits on a condition in the page or the server, never on a fixed sleep. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 })

const NN_MONTHS = 'januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember'
const EN_MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December'

describe.skipIf(!browserAvailable())('languages and accessibility', () => {
  const suite = useWorkspaceSuite('i18n')

  const lang = (page: Page) => page.evaluate(() => document.documentElement.lang)
  const switchTo = switchLanguage
  const savedLocale = async (cookie: string) => {
    const res = await suite.world.api({ cookie } as never, 'GET', '/api/me')
    return ((await res.json()) as { user: { locale: string } }).user.locale
  }
  const firstChange = (page: Page) => page.getByRole('table').locator('tbody time').first().textContent()

  it('starts in the browser’s language, switches on the sign-in page, and keeps the choice after a reload', async () => {
    const page = await suite.open('login', '/login', { locale: 'en-GB' })
    await page.getByRole('heading', { name: 'Log in', level: 1 }).waitFor()
    expect(await lang(page)).toBe('en')
    expect(await shownLanguage(page)).toBe('English')

    await switchTo(page, 'Nynorsk')
    await page.getByRole('heading', { name: 'Logg inn', level: 1 }).waitFor()
    expect(await lang(page)).toBe('nn')
    expect(await page.getByLabel('E-postadresse').count()).toBe(1)
    expect(await page.getByRole('main').textContent()).toContain('Gløymt passordet?')
    await page.reload()
    await page.getByRole('heading', { name: 'Logg inn', level: 1 }).waitFor()
    expect(await lang(page)).toBe('nn')
    expect(await page.title()).toBe('Logg inn – Trepart')

    // A wrong password is refused in the language in use.
    await page.getByLabel('E-postadresse').fill('ingen@kommune.test')
    await page.getByLabel('Passord').fill('feil passord')
    await page.getByRole('button', { name: 'Logg inn' }).click()
    await poll(() => page.getByRole('main').getByRole('alert').textContent()).toBe(
      'Feil e-postadresse eller passord.',
    )
    await switchTo(page, 'English')
    expect(await page.getByRole('main').getByRole('alert').textContent()).toBe(
      'Wrong email address or password.',
    )

    expect(await wcagViolations(page)).toEqual([])
  })

  it('switches the workspace page, dates included, saves the choice to the account and follows the person', async () => {
    const { world } = suite
    await Promise.all([
      world.document('Budsjett 2027', 'proposal'),
      world.member('editor', 'politicians', { name: 'Pia Politiker' }),
      world.member('commenter', 'employees', { name: 'Erik Tillitsvalgt' }),
    ])
    const page = await suite.open('workspace', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    await page.getByRole('heading', { name: 'Dokumenter', level: 2 }).waitFor()
    expect(await lang(page)).toBe('nb')
    await page.getByRole('button', { name: /^Kontomeny for / }).waitFor()

    await switchTo(page, 'English')
    await page.getByRole('heading', { name: 'Documents', level: 2 }).waitFor()
    expect(await lang(page)).toBe('en')
    await page.getByRole('button', { name: /^Account menu for / }).waitFor()
    expect(await page.locator('main .lead').textContent()).toBe(
      'You take part as Administration · Administrator',
    )
    await page.getByRole('tab', { name: 'Members' }).click()
    await page.getByRole('region', { name: 'Employees and unions', exact: true }).waitFor()
    await page.getByRole('tab', { name: 'Documents' }).click()
    expect(await firstChange(page)).toMatch(
      new RegExp(`^\\d{1,2} (${EN_MONTHS}) \\d{4}(,| at) \\d{2}:\\d{2}$`),
    )
    await poll(() => savedLocale(world.admin.cookie)).toBe('en')

    await switchTo(page, 'Nynorsk')
    await page.getByRole('heading', { name: 'Dokument', level: 2 }).waitFor()
    expect(await lang(page)).toBe('nn')
    await page.getByRole('button', { name: /^Kontomeny for / }).waitFor()
    await page.getByRole('tab', { name: 'Medlemmer' }).click()
    await page.getByRole('region', { name: 'Tilsette og tillitsvalde', exact: true }).waitFor()
    await page.getByRole('region', { name: 'Folkevalde', exact: true }).waitFor()
    await page.getByRole('tab', { name: 'Dokument' }).click()
    expect(await page.getByRole('table').locator('thead').textContent()).toContain('Initiativ frå')
    // Our own Nynorsk: a lower-case month and "kl.", where Chromium would fall back to English.
    expect(await firstChange(page)).toMatch(
      new RegExp(`^\\d{1,2}\\. (${NN_MONTHS}) \\d{4} kl\\. \\d{2}:\\d{2}$`),
    )
    await poll(() => savedLocale(world.admin.cookie)).toBe('nn')

    await page.reload()
    await page.getByRole('heading', { name: 'Dokument', level: 2 }).waitFor()
    expect(await lang(page)).toBe('nn')

    // Another browser of the same person, set to Bokmål, takes the saved choice.
    const other = await suite.open('other-browser', `/w/${world.workspaceId}`, {
      cookie: world.admin.cookie,
      locale: 'nb-NO',
    })
    await other.getByRole('heading', { name: 'Dokument', level: 2 }).waitFor()
    expect(await lang(other)).toBe('nn')
  })

  it('gives a new account the language of the browser it signed up in', async () => {
    const { world } = suite
    const invitation = await world.api(
      world.admin,
      'POST',
      `/api/workspaces/${world.workspaceId}/invitations`,
      {
        party: 'employees',
        role: 'viewer',
      },
    )
    const { token } = (await invitation.json()) as { token: string }
    const page = await suite.open('english-signup', `/invite/${token}`, { locale: 'en-GB' })
    await page.getByRole('heading', { name: /^You are invited to / }).waitFor()
    expect(await page.locator('.facts').textContent()).toContain('Employees and unions')
    await page.getByLabel('Email address').fill(`eve-${Date.now()}@kommune.test`)
    await page.getByLabel('Name', { exact: true }).fill('Eve English')
    await page.getByLabel('Password', { exact: true }).fill('a long and good password')
    await page.getByRole('button', { name: 'Create account' }).click()
    // Accepting the invitation lands in its workspace.
    await poll(() => pathOf(page)).toBe(`/w/${world.workspaceId}`)
    await page.getByRole('tab', { name: 'Documents' }).waitFor()
    const cookies = await suite.context('english-signup').cookies(suite.server.url)
    const session = cookies.find((c) => c.name === 'trepart_session')!
    await poll(() => savedLocale(`${session.name}=${session.value}`)).toBe('en')
  })

  it('lets a person change their name and password on the account page, with no accessibility violations', async () => {
    const { world } = suite
    const member = await world.member('editor', 'administration', { name: 'Kari Kommunalsjef' })
    const page = await suite.open('account', '/account', { cookie: member.cookie })
    await page.getByRole('heading', { name: 'Kontoen min', level: 1 }).waitFor()
    expect(await page.getByRole('main').textContent()).toContain(member.email)
    expect(await wcagViolations(page)).toEqual([])

    await page.getByLabel('Visningsnavn').fill('Kari K. Kommunalsjef')
    await page.getByRole('button', { name: 'Lagre navnet' }).click()
    await poll(() => page.getByRole('banner').textContent()).toContain('Kari K. Kommunalsjef')

    // Our own validation in the page's language, next to the field: no English browser bubble
    // (the form is novalidate, so the submit reaches our check), the minimum said in the hint.
    const newPassword = page.getByLabel('Nytt passord')
    await poll(() => page.locator('#account-new-password-hint').textContent()).toContain('Minst 10 tegn.')
    await newPassword.fill('kort')
    await page.getByRole('button', { name: 'Bytt passord' }).click()
    const current = page.getByLabel('Nåværende passord')
    await poll(() => current.getAttribute('aria-invalid')).toBe('true')
    expect(await page.locator('#account-current-password-problem').textContent()).toBe(
      'Fyll ut dette feltet.',
    )
    expect(await page.locator('#account-new-password-problem').textContent()).toBe('Skriv minst 10 tegn.')
    expect(await page.locator('#account-new-password-problem').getAttribute('aria-live')).toBe('polite')
    expect(await newPassword.getAttribute('aria-describedby')).toContain('account-new-password-problem')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('account-current-password')
    expect(await page.evaluate(() => [...document.forms].every((f) => f.noValidate))).toBe(true)
    expect(await wcagViolations(page)).toEqual([])
    await switchTo(page, 'English')
    await poll(() => page.locator('#account-new-password-problem').textContent()).toBe(
      'Enter at least 10 characters.',
    )
    await switchTo(page, 'Bokmål')
    await page.getByRole('heading', { name: 'Kontoen min', level: 1 }).waitFor()

    await current.fill('feil passord')
    await newPassword.fill('et helt nytt og langt passord')
    // Fixed fields lose their messages as they are edited.
    await poll(() => newPassword.getAttribute('aria-invalid')).toBe(null)
    expect(await page.locator('#account-new-password-problem').textContent()).toBe('')
    await page.getByRole('button', { name: 'Bytt passord' }).click()
    await poll(() =>
      page.getByRole('region', { name: 'Bytt passord' }).getByRole('alert').textContent(),
    ).toBe('Det nåværende passordet er feil.')
    await page.getByLabel('Nåværende passord').fill(member.password)
    await page.getByRole('button', { name: 'Bytt passord' }).click()
    await page.getByText('Passordet er byttet. Du er logget ut på alle andre enheter.').waitFor()

    // The language choice on the account page is the same choice as in the banner.
    await page
      .getByRole('group', { name: 'Språket Trepart vises på' })
      .getByRole('radio', { name: 'English' })
      .check()
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor()
    expect(await shownLanguage(page)).toBe('English')
    // Still signed in with the new cookie the password change gave this browser.
    await page.reload()
    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor()
    expect(pathOf(page)).toBe('/account')
  })

  it('has no WCAG 2.1 A or AA violations on the workspace page (as an admin, with a dialog open too)', async () => {
    const { world } = suite
    const page = await suite.open('axe-workspace', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    await page.getByRole('table').waitFor()
    expect(await wcagViolations(page)).toEqual([])
    // In the language the account was left in by the tests before (Bokmål or Nynorsk).
    await page.getByRole('tab', { name: /^Invitasjon(er|ar)$/ }).click()
    await page.locator('.invitations li').first().waitFor()
    expect(await wcagViolations(page)).toEqual([])
    await page.getByRole('tab', { name: 'Medlemmer' }).click()
    await page.getByRole('button', { name: /^Endre Pia Politiker/ }).click()
    await page.getByRole('dialog').waitFor()
    expect(await wcagViolations(page)).toEqual([])
    await page.keyboard.press('Escape')
    await poll(() => page.getByRole('dialog').count()).toBe(0)
  })

  it('does not scroll sideways at 768 px', async () => {
    const { world } = suite
    await world.document(
      'Et dokument med en lang tittel om arbeidstid, turnus og bemanning i hjemmetjenesten',
    )
    const page = await suite.open('narrow', `/w/${world.workspaceId}`, {
      cookie: world.admin.cookie,
      width: 768,
    })
    await page.getByRole('table').waitFor()
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      table: (() => {
        const frame = document.querySelector('.table-frame')
        return frame ? frame.scrollWidth - frame.clientWidth : 0
      })(),
    }))
    expect(overflow).toEqual({ page: 0, table: 0 })
  })

  it('logged no unexpected errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
