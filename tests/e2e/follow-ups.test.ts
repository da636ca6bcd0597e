/**
 * Follow-up of decisions in a real browser (issue 16): on a final decision's page an editor adds a
 * follow-up item for another party and changes its status with a note, which shows in its history
 * with who wrote it and for which party; another member's open page gets the change live. The
 * workspace's overview lists the open items overdue first ("Forfalt" in words), filters by party,
 * and the home page shows the responsible party's items due this week. Axe is clean on the panel
 * and the overview in Bokmål and Nynorsk. Needs the server and the web app built.
 */

import { createWorld } from '@trepart/server/test-support'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { expectedApiAnswer } from '../support/browser-editor.js'
import { switchLanguage } from '../support/browser-shell.js'
import { useBrowserSuite } from '../support/browser-suite.js'
import { finalDocument, signatories } from '../support/sign-off.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 50 })

/** A day `days` from today (UTC, as the server counts overdue), `YYYY-MM-DD`. */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

const panel = (page: Page) => page.locator('#follow-ups-panel')
const card = (page: Page, title: string) => page.locator('li.follow-up', { hasText: title })
const titles = (page: Page) => page.locator('li.follow-up .follow-up-title').allTextContents()

describe.skipIf(!browserAvailable())('follow-up of decisions', () => {
  const suite = useBrowserSuite({
    name: 'follow-ups',
    viewport: { width: 1366, height: 768 },
    expectedConsoleError: expectedApiAnswer,
  })

  it('adds items to a final decision, changes a status with a note, and lists them overdue first', async () => {
    const { server, world } = suite
    const signers = await signatories(world)
    const { id } = await finalDocument(world, server.collabUrl)
    const editor = signers.administration
    const reader = await world.member('viewer', 'employees', { name: 'Vera Leser' })

    const page = await suite.open('editor', `/d/${id}`, { cookie: editor.cookie })
    const other = await suite.open('reader', `/d/${id}`, { cookie: reader.cookie })
    await page.getByRole('button', { name: 'Oppfølging (0 åpne)' }).click()
    await poll(() => panel(page).textContent()).toContain('Ingen oppfølgingspunkter ennå.')

    // A new item for the employees, with a due day in ten days.
    const form = panel(page).locator('form.new-follow-up')
    await form.getByLabel('Hva skal gjøres').fill('Evaluere den nye turnusen')
    await form.getByRole('radio', { name: 'Ansatte og tillitsvalgte' }).check()
    // The people offered are the chosen party's.
    const person = form.getByLabel('Ansvarlig person (valgfritt)')
    await poll(() => person.locator('option').allTextContents()).toContain('Vera Leser')
    expect(await person.locator('option').allTextContents()).not.toContain('Sigurd Rådmann')
    await person.selectOption({ label: 'Vera Leser' })
    await form.getByLabel('Frist').fill(day(10))
    await form.getByRole('button', { name: 'Legg til' }).click()
    const item = card(page, 'Evaluere den nye turnusen')
    await poll(() => item.locator('.follow-up-status').textContent()).toBe('Ikke startet')
    expect(await item.locator('.follow-up-facts .party').textContent()).toBe('Ansatte og tillitsvalgte')
    expect(await item.locator('.follow-up-facts').textContent()).toContain('Person: Vera Leser')
    // The form is ready for the next item, with its default due day back.
    expect(await form.getByLabel('Hva skal gjøres').inputValue()).toBe('')
    expect(await form.getByLabel('Frist').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(await item.locator('.follow-up-overdue').count()).toBe(0)

    // The reader's open page: the item arrives live (the toggle counts it), without controls.
    await poll(() => other.locator('.follow-ups-toggle').textContent()).toBe('Oppfølging (1 åpent)')
    await other.locator('.follow-ups-toggle').click()
    await poll(() => card(other, 'Evaluere den nye turnusen').count()).toBe(1)
    expect(
      await panel(other)
        .getByRole('button', { name: /Endre status/ })
        .count(),
    ).toBe(0)
    expect(await panel(other).locator('form.new-follow-up').count()).toBe(0)

    // In progress, with a note: one history entry with the author and their party.
    await item.getByRole('button', { name: 'Endre status: Evaluere den nye turnusen' }).click()
    const change = item.locator('form.follow-up-status-form')
    await change.getByLabel('Status').selectOption({ label: 'Pågår' })
    await change.getByLabel('Notat (valgfritt)').fill('Intervjuene med de ansatte er i gang.')
    await change.getByRole('button', { name: 'Lagre' }).click()
    await poll(() => item.locator('.follow-up-status').textContent()).toBe('Pågår')
    await item.locator('.follow-up-history summary').click()
    const history = item.locator('.follow-up-history li')
    expect(await history.count()).toBe(1)
    const entry = (await history.textContent()) ?? ''
    expect(entry).toContain('Sigurd Rådmann, Administrasjonen')
    expect(entry).toContain('satte status til «Pågår»')
    expect(entry).toContain('Intervjuene med de ansatte er i gang.')
    await poll(() =>
      card(other, 'Evaluere den nye turnusen').locator('.follow-up-status').textContent(),
    ).toBe('Pågår')
    expect(await wcagViolations(page)).toEqual([])

    // Two more over the API: one overdue for the politicians, one due in three days.
    for (const [title, party, due] of [
      ['Rapportere til kommunestyret', 'politicians', day(-2)],
      ['Oppdatere rutinene', 'administration', day(3)],
    ] as const) {
      const res = await world.api(editor, 'POST', `/api/documents/${id}/follow-ups`, {
        title,
        party,
        dueDate: due,
      })
      expect(res.status).toBe(201)
    }
    await poll(() => titles(page)).toEqual([
      'Rapportere til kommunestyret',
      'Oppdatere rutinene',
      'Evaluere den nye turnusen',
    ])

    // The workspace's overview: overdue first, said in words; a filter by party.
    const overview = await suite.open('overview', `/w/${world.workspaceId}/follow-ups`, {
      cookie: editor.cookie,
    })
    await poll(() => titles(overview)).toEqual([
      'Rapportere til kommunestyret',
      'Oppdatere rutinene',
      'Evaluere den nye turnusen',
    ])
    const overdue = card(overview, 'Rapportere til kommunestyret')
    expect(await overdue.locator('.follow-up-overdue').textContent()).toBe('Forfalt')
    expect(await overdue.getAttribute('data-overdue')).toBe('true')
    expect(await overview.locator('.follow-up-overdue').count()).toBe(1)
    expect(await overdue.getByRole('link', { name: 'Til vedtak' }).getAttribute('href')).toBe(`/d/${id}`)
    expect(await wcagViolations(overview)).toEqual([])

    // Live: an item done elsewhere leaves the overview of open items.
    const listed = await world.api(editor, 'GET', `/api/documents/${id}/follow-ups`)
    const { followUps } = (await listed.json()) as { followUps: { id: string; title: string }[] }
    const evaluation = followUps.find((f) => f.title === 'Evaluere den nye turnusen')!
    const done = await world.api(editor, 'PATCH', `/api/follow-ups/${evaluation.id}`, {
      status: 'done',
      note: 'Evalueringen er lagt fram.',
    })
    expect(done.status).toBe(200)
    await poll(() => titles(overview)).toEqual(['Rapportere til kommunestyret', 'Oppdatere rutinene'])

    await overview
      .getByRole('search', { name: 'Filtrer oppfølgingspunktene' })
      .getByRole('radio', { name: 'Administrasjonen' })
      .check()
    await poll(() => titles(overview)).toEqual(['Oppdatere rutinene'])

    await switchLanguage(overview, 'Nynorsk')
    await poll(() => overview.getByRole('heading', { level: 2 }).first().textContent()).toBe(
      'Oppfølging av vedtak',
    )
    await poll(() => overview.locator('.follow-up-status').first().textContent()).toBe('Ikkje starta')
    expect(await wcagViolations(overview)).toEqual([])
    await switchLanguage(page, 'Nynorsk')
    await poll(() => card(page, 'Evaluere den nye turnusen').locator('.follow-up-status').textContent()).toBe(
      'Ferdig',
    )
    await poll(() => panel(page).locator('h2').textContent()).toBe('Oppfølging')
    expect(await wcagViolations(page)).toEqual([])

    // The home page of a politician: the overdue item of their party, due this week or before.
    const politician = await suite.open('home', '/', { cookie: signers.politicians.cookie })
    const due = politician.getByRole('region', { name: 'Frist denne uken for din part' })
    await poll(() => due.locator('.follow-up-title').allTextContents()).toEqual([
      'Rapportere til kommunestyret',
    ])
    expect(await due.locator('.follow-up-overdue').textContent()).toBe('Forfalt')
    expect(await wcagViolations(politician)).toEqual([])
    expect(suite.allErrors()).toEqual({})
  })

  it('shows the whole history on request when a list carries only the latest notes', async () => {
    // A server whose lists carry one note per item.
    const short = await suite.startServer({ FOLLOW_UP_NOTES_LISTED: '1' })
    const world = await createWorld(short.url)
    const signers = await signatories(world)
    const { id } = await finalDocument(world, short.collabUrl)
    const created = await world.api(signers.employees, 'POST', `/api/documents/${id}/follow-ups`, {
      title: 'Kartlegge vaktene',
      party: 'employees',
      dueDate: day(20),
    })
    const { followUp } = (await created.json()) as { followUp: { id: string } }
    for (const note of ['Første møte holdt.', 'Andre møte holdt.', 'Tredje møte holdt.']) {
      const res = await world.api(signers.employees, 'PATCH', `/api/follow-ups/${followUp.id}`, { note })
      expect(res.status).toBe(200)
    }
    const page = await suite.open('history', `/w/${world.workspaceId}/follow-ups`, {
      cookie: signers.politicians.cookie,
      baseUrl: short.url,
    })
    const item = card(page, 'Kartlegge vaktene')
    await item.locator('.follow-up-history summary', { hasText: 'Historikk (3 notater)' }).click()
    expect(await item.locator('.follow-up-note').allTextContents()).toEqual(['Tredje møte holdt.'])
    await item.getByRole('button', { name: 'Vis alle 3 notatene' }).click()
    await poll(() => item.locator('.follow-up-note').allTextContents()).toEqual([
      'Første møte holdt.',
      'Andre møte holdt.',
      'Tredje møte holdt.',
    ])
    expect(await item.getByRole('button', { name: 'Vis alle 3 notatene' }).count()).toBe(0)
    await suite.close('history')
  })

  it('shows participation per party over a period as charts with names and numbers, and a table', async () => {
    const { server, world } = suite
    const signers = await signatories(world)
    await finalDocument(world, server.collabUrl)
    const page = await suite.open('participation', `/w/${world.workspaceId}/participation`, {
      cookie: signers.employees.cookie,
    })
    const chart = page.locator('.participation-chart[data-measure="decisionsSigned"]')
    // Each party's name and number are written in the chart, and said in its label.
    await poll(() => chart.locator('svg').getAttribute('aria-label')).toMatch(
      /^Avgjørelser signert: Folkevalgte [1-9]\d*, Administrasjonen [1-9]\d*, Ansatte og tillitsvalgte [1-9]\d*$/,
    )
    expect(await chart.locator('g[data-party] text').first().textContent()).toBe('Folkevalgte')
    expect(await page.locator('.participation-chart').count()).toBe(6)
    await page.locator('.participation-table summary').click()
    expect(await page.locator('.participation-table tbody th').allTextContents()).toEqual([
      'Folkevalgte',
      'Administrasjonen',
      'Ansatte og tillitsvalgte',
    ])
    expect(await wcagViolations(page)).toEqual([])

    // A period before anything happened: every figure is 0.
    await page.getByLabel('Fra', { exact: true }).fill('2020-01-01')
    await page.getByLabel('Til', { exact: true }).fill('2020-01-31')
    await page.getByRole('button', { name: 'Vis', exact: true }).click()
    await poll(() => chart.locator('svg').getAttribute('aria-label')).toBe(
      'Avgjørelser signert: Folkevalgte 0, Administrasjonen 0, Ansatte og tillitsvalgte 0',
    )
    await poll(() => page.locator('.participation-range').textContent()).toContain('2020')

    await switchLanguage(page, 'Nynorsk')
    await poll(() => chart.locator('figcaption').textContent()).toBe('Avgjerder signerte')
    expect(await wcagViolations(page)).toEqual([])
    expect(suite.allErrors()).toEqual({})
  })
})
