/**
 * The workspace page's layout and keyboard in a real browser (issue 11): "New document" within 10
 * Tab stops of the page start; its dialog (focus inside, Escape closes and returns focus, our own
 * validation, creating opens the document); sorting by column headers (`aria-sort`, by keyboard,
 * kept while live changes arrive); members, invitations and settings on their own tabs with their
 * own paths (deep links, back/forward; arrow keys move along the tabs without opening them), the
 * admin-only ones hidden from others; columns that keep
 * titles on one line at 1920×1080 and read well at 1366×768; no WCAG 2.1 A/AA violations on any
 * tab in Bokmål and Nynorsk, with the dialog open once; the public index switched on and off under
 * Settings, its address shown while on; an invitation opened by someone already in the workspace
 * lands them there.
 */
import type { Actor } from '@trepart/server/test-support'
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { pathOf } from '../support/browser-suite.js'
import { useWorkspaceSuite } from '../support/browser-workspace.js'

/** Waits on a condition in the page, never on a fixed sleep. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 })

const LONG_TITLE = 'Et dokument med en lang tittel om arbeidstid, turnus og bemanning i hjemmetjenesten'

describe.skipIf(!browserAvailable())('the workspace page’s layout and keyboard', () => {
  const suite = useWorkspaceSuite('workspace-page')
  let editor: Actor

  const titles = (page: Page) => page.getByRole('table').locator('tbody .document-title').allTextContents()
  const focusedIs = (locator: ReturnType<Page['locator']>) =>
    locator.evaluate((el) => el === document.activeElement)

  beforeAll(async () => {
    const { world } = suite
    editor = await world.member('editor', 'politicians', { name: 'Pia Politiker' })
    // Created one after another, so the live (newest first) order is the reverse of this.
    await world.document('Budsjett 2027', 'proposal')
    await world.document('Årsplan for utvalget', 'decision', editor)
    await world.document(LONG_TITLE, 'minutes')
  })

  it('reaches "New document" within 10 Tab stops of a fresh page', async () => {
    const { world } = suite
    const page = await suite.open('keyboard', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    const button = page.getByRole('button', { name: 'Nytt dokument' })
    await button.waitFor()
    let presses = 0
    while (!(await focusedIs(button)) && presses < 20) {
      await page.keyboard.press('Tab')
      presses++
    }
    expect(await focusedIs(button)).toBe(true)
    expect(presses).toBeLessThanOrEqual(10)
  })

  it('opens "New document" as a dialog: focus inside, Escape closes and returns focus, creating opens the document', async () => {
    const { world } = suite
    const page = await suite.open('dialog', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    const button = page.getByRole('button', { name: 'Nytt dokument' })
    await button.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Nytt dokument' })
    await dialog.waitFor()
    const title = dialog.getByLabel('Tittel', { exact: true })
    await poll(() => focusedIs(title)).toBe(true)
    // The page behind is out of reach while the dialog is open.
    expect(await page.getByRole('tab', { name: 'Medlemmer' }).count()).toBe(0)

    await page.keyboard.press('Escape')
    await poll(() => dialog.count()).toBe(0)
    await poll(() => focusedIs(button)).toBe(true)

    // Our own message for a missing title, next to the field, no browser bubble.
    await button.click()
    await dialog.getByRole('button', { name: 'Opprett dokument' }).click()
    await poll(() => dialog.locator('#document-title-problem').textContent()).toBe('Fyll ut dette feltet.')
    expect(await title.getAttribute('aria-invalid')).toBe('true')
    await title.fill('Referat fra møtet i mars')
    await dialog.getByLabel('Type', { exact: true }).selectOption('minutes')
    await dialog.getByRole('button', { name: 'Opprett dokument' }).click()
    await poll(() => pathOf(page)).toMatch(/^\/d\//)
    await page.getByRole('heading', { name: 'Referat fra møtet i mars', level: 1 }).waitFor()
    // Archived again, so the other tests find the documents list as beforeAll made it.
    const archived = await world.api(
      world.admin,
      'PATCH',
      `/api/documents${pathOf(page).slice('/d'.length)}`,
      {
        archived: true,
      },
    )
    expect(archived.status).toBe(200)
  })

  it('sorts by a column’s header, by pointer and keyboard, and keeps the order as documents arrive', async () => {
    const { world } = suite
    const page = await suite.open('sorting', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    await page.getByText('Oppdateres direkte').waitFor()
    const header = (name: string) => page.getByRole('columnheader', { name })
    await poll(() => titles(page)).toEqual([LONG_TITLE, 'Årsplan for utvalget', 'Budsjett 2027'])
    expect(await page.locator('th[aria-sort]').count()).toBe(0)

    await header('Tittel').getByRole('button').click()
    // Norwegian order: Å after the other letters.
    await poll(() => titles(page)).toEqual(['Budsjett 2027', LONG_TITLE, 'Årsplan for utvalget'])
    expect(await header('Tittel').getAttribute('aria-sort')).toBe('ascending')
    expect(await page.locator('th[aria-sort]').count()).toBe(1)

    // By keyboard: the focused header's button turns the order.
    await header('Tittel').getByRole('button').focus()
    await page.keyboard.press('Enter')
    await poll(() => header('Tittel').getAttribute('aria-sort')).toBe('descending')
    expect(await titles(page)).toEqual(['Årsplan for utvalget', LONG_TITLE, 'Budsjett 2027'])

    // A document made elsewhere arrives in its sorted place, not at the top.
    await world.document('Møteplan for høsten', 'proposal', editor)
    await poll(() => titles(page)).toEqual([
      'Årsplan for utvalget',
      'Møteplan for høsten',
      LONG_TITLE,
      'Budsjett 2027',
    ])

    // Another column: the initiating party, by name.
    await header('Initiativ fra').getByRole('button').press('Space')
    await poll(() => header('Initiativ fra').getAttribute('aria-sort')).toBe('ascending')
    expect(await header('Tittel').getAttribute('aria-sort')).toBeNull()
    const parties = await page.getByRole('table').locator('tbody td.col-party').allTextContents()
    expect(parties).toEqual(['Administrasjonen', 'Administrasjonen', 'Folkevalgte', 'Folkevalgte'])

    // The sort survives a visit to another tab.
    await page.getByRole('tab', { name: 'Medlemmer' }).click()
    await page.getByRole('tab', { name: 'Dokumenter' }).click()
    await poll(() => header('Initiativ fra').getAttribute('aria-sort')).toBe('ascending')
  })

  it('puts members, invitations and settings on tabs with their own paths; back and forward move between them', async () => {
    const { world } = suite
    // A page of its own, at the end of its history, so the count of history entries means something.
    const page = await suite.open('tabs', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    const tabs = page.getByRole('tablist', { name: 'Deler av arbeidsrommet' }).getByRole('tab')
    expect(await tabs.allTextContents()).toEqual([
      'Dokumenter',
      'Møter',
      'Oppfølging',
      'Deltakelse',
      'Medlemmer',
      'Invitasjoner',
      'Innstillinger',
    ])
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Dokumenter')

    // Arrow keys move focus along the tabs and open none (no load, no history entry per tab passed);
    // Enter opens the focused one, one step in the history.
    const tab = (name: string) => page.getByRole('tab', { name, exact: true })
    const entries = () => page.evaluate(() => history.length)
    const before = await entries()
    await tab('Dokumenter').focus()
    await page.keyboard.press('ArrowRight')
    await poll(() => focusedIs(tab('Møter'))).toBe(true)
    await tab('Deltakelse').focus()
    await page.keyboard.press('ArrowRight')
    await poll(() => focusedIs(tab('Medlemmer'))).toBe(true)
    await page.keyboard.press('ArrowRight')
    await poll(() => focusedIs(tab('Invitasjoner'))).toBe(true)
    await page.keyboard.press('ArrowLeft')
    await poll(() => focusedIs(tab('Medlemmer'))).toBe(true)
    expect(pathOf(page)).toBe(`/w/${world.workspaceId}`)
    expect(await entries()).toBe(before)
    expect(await page.getByRole('tab', { selected: true }).textContent()).toBe('Dokumenter')
    await page.keyboard.press('Enter')
    await poll(() => pathOf(page)).toBe(`/w/${world.workspaceId}/members`)
    expect(await entries()).toBe(before + 1)
    await page
      .getByRole('region', { name: 'Folkevalgte', exact: true })
      .getByText('Pia Politiker · Redaktør')
      .waitFor()
    await page.getByRole('button', { name: 'Forlat arbeidsrommet' }).waitFor()

    await page.getByRole('tab', { name: 'Invitasjoner' }).click()
    await poll(() => pathOf(page)).toBe(`/w/${world.workspaceId}/invitations`)
    await page.getByRole('button', { name: 'Lag invitasjonslenke' }).waitFor()

    await page.getByRole('tab', { name: 'Innstillinger' }).click()
    await poll(() => pathOf(page)).toBe(`/w/${world.workspaceId}/settings`)
    await page.getByLabel('Navn på arbeidsrommet').waitFor()

    await page.goBack()
    await poll(() => pathOf(page)).toBe(`/w/${world.workspaceId}/invitations`)
    await page.getByRole('tab', { name: 'Invitasjoner', selected: true }).waitFor()
    await page.goBack()
    await page.getByRole('tab', { name: 'Medlemmer', selected: true }).waitFor()
    await page.goForward()
    await page.getByRole('tab', { name: 'Invitasjoner', selected: true }).waitFor()
    await page.getByRole('button', { name: 'Lag invitasjonslenke' }).waitFor()

    // A deep link opens its tab.
    const deep = await suite.open('deep-link', `/w/${world.workspaceId}/settings`, {
      cookie: world.admin.cookie,
    })
    await deep.getByRole('tab', { name: 'Innstillinger', selected: true }).waitFor()
    await deep.getByLabel('Navn på arbeidsrommet').waitFor()
  })

  it('shows a member who is not an admin only the tabs they may use', async () => {
    const { world } = suite
    const page = await suite.open('editor', `/w/${world.workspaceId}/settings`, { cookie: editor.cookie })
    // The settings link is not theirs: the documents, and the address says so.
    await page.getByRole('tab', { name: 'Dokumenter', selected: true }).waitFor()
    await poll(() => pathOf(page)).toBe(`/w/${world.workspaceId}`)
    const tabs = page.getByRole('tablist').getByRole('tab')
    expect(await tabs.allTextContents()).toEqual([
      'Dokumenter',
      'Møter',
      'Oppfølging',
      'Deltakelse',
      'Medlemmer',
    ])
    await page.getByRole('button', { name: 'Nytt dokument' }).waitFor()
    await page.getByRole('tab', { name: 'Medlemmer' }).click()
    await page.getByRole('region', { name: 'Administrasjonen', exact: true }).waitFor()
    expect(await page.getByRole('button', { name: /^Endre / }).count()).toBe(0)
    await page.getByRole('button', { name: 'Forlat arbeidsrommet' }).waitFor()
  })

  it('lets an admin switch the public index on and off under Settings, showing its address while on', async () => {
    const { world } = suite
    const page = await suite.open('public-index', `/w/${world.workspaceId}/settings`, {
      cookie: world.admin.cookie,
    })
    const toggle = page.getByRole('checkbox', { name: 'Vis den offentlige oversikten' })
    expect(await toggle.isChecked()).toBe(false)
    await toggle.check()
    await page.getByRole('status').getByText('Den offentlige oversikten er på.').waitFor()
    const address = page.getByRole('link', { name: /\/p\/w\// })
    const url = (await address.getAttribute('href'))!
    expect(url).toMatch(new RegExp(`^${suite.server.url}/p/w/[a-z0-9-]+$`))
    expect(await address.textContent()).toBe(url)
    expect((await fetch(url)).status).toBe(200)
    expect(await wcagViolations(page)).toEqual([])
    await toggle.uncheck()
    await page.getByRole('status').getByText('Den offentlige oversikten er av.').waitFor()
    expect(await address.count()).toBe(0)
    expect((await fetch(url)).status).toBe(404)
  })

  it('keeps a long title on one line at 1920×1080, and reads well at 1366×768', async () => {
    const { world } = suite
    for (const size of [
      { width: 1920, height: 1080 },
      { width: 1366, height: 768 },
    ]) {
      const page = await suite.open(`columns-${size.width}`, `/w/${world.workspaceId}`, {
        cookie: world.admin.cookie,
        width: size.width,
      })
      await page.setViewportSize(size)
      await page.getByRole('table').waitFor()
      const layout = await page.evaluate((long) => {
        /** How many lines an element's contents take (a cell's own height is the row's). */
        const lines = (el: Element) => {
          const range = document.createRange()
          range.selectNodeContents(el)
          return range.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight)
        }
        const link = [...document.querySelectorAll('td.col-title a')].find((a) => a.textContent === long)!
        const table = document.querySelector('table.documents')!.getBoundingClientRect()
        const title = document.querySelector('th.col-title')!.getBoundingClientRect()
        const cells = [...document.querySelectorAll('tbody td:not(.col-title):not(.actions)')]
        return {
          titleLines: lines(link),
          titleShare: title.width / table.width,
          otherLines: Math.max(...cells.map(lines)),
          sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        }
      }, LONG_TITLE)
      expect(layout.sideways, `${size.width}: no sideways scroll`).toBe(0)
      // Kind, status, party and time each on one line: no squashed columns.
      expect(layout.otherLines, `${size.width}: other columns`).toBeLessThan(2)
      // The title has the largest share of the row.
      expect(layout.titleShare, `${size.width}: title column`).toBeGreaterThan(0.4)
      if (size.width === 1920) expect(layout.titleLines, 'the long title at 1920 px').toBeLessThan(2)
      else expect(layout.titleLines, 'the long title at 1366 px').toBeLessThan(3)
    }
  })

  it('has no WCAG 2.1 A or AA violations on any tab, in Bokmål and Nynorsk, with the dialog open once', async () => {
    const { world } = suite
    const nnAdmin = await world.member('admin', 'employees', { name: 'Nils Nynorsk' })
    const saved = await world.api(nnAdmin, 'PATCH', '/api/me', { locale: 'nn' })
    expect(saved.status).toBe(200)
    const languages = [
      {
        cookie: world.admin.cookie,
        lang: 'nb',
        tabs: ['Dokumenter', 'Medlemmer', 'Invitasjoner', 'Innstillinger'],
      },
      {
        cookie: nnAdmin.cookie,
        lang: 'nn',
        tabs: ['Dokument', 'Medlemmer', 'Invitasjonar', 'Innstillingar'],
      },
    ]
    for (const { cookie, lang, tabs } of languages) {
      const page = await suite.open(`axe-${lang}`, `/w/${world.workspaceId}`, { cookie })
      await page.getByRole('table').waitFor()
      await poll(() => page.evaluate(() => document.documentElement.lang)).toBe(lang)
      for (const name of tabs) {
        await page.getByRole('tab', { name, exact: true }).click()
        await page.getByRole('tab', { name, exact: true, selected: true }).waitFor()
        await page.getByRole('tabpanel').waitFor()
        expect(await wcagViolations(page), `${lang}: ${name}`).toEqual([])
      }
      if (lang === 'nb') {
        await page.getByRole('tab', { name: 'Dokumenter' }).click()
        await page.getByRole('button', { name: 'Nytt dokument' }).click()
        await page.getByRole('dialog', { name: 'Nytt dokument' }).waitFor()
        expect(await wcagViolations(page), 'nb: the dialog').toEqual([])
        await page.keyboard.press('Escape')
        await poll(() => page.getByRole('dialog').count()).toBe(0)
      }
    }
  })

  it('lands a member who opens an invitation to a workspace they are already in there, not at an error', async () => {
    const { world } = suite
    const made = await world.api(world.admin, 'POST', `/api/workspaces/${world.workspaceId}/invitations`, {
      party: 'politicians',
      role: 'viewer',
    })
    const { token } = (await made.json()) as { token: string }
    const page = await suite.open('again', `/invite/${token}`, { cookie: editor.cookie })
    await page.getByText('Du er logget inn som Pia Politiker.').waitFor()
    await page.getByRole('button', { name: 'Bli med' }).click()
    await poll(() => pathOf(page)).toBe(`/w/${world.workspaceId}`)
    await page.getByRole('tab', { name: 'Dokumenter', selected: true }).waitFor()
    // Still the membership she had: the invitation was not used to change it.
    expect(await page.locator('main .lead').textContent()).toBe('Du er med som Folkevalgte · Redaktør')
  })

  it('logged no unexpected errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
