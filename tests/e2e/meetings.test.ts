/**
 * A tripartite meeting in a real browser (issue 16), three parties' signatories in three contexts.
 * The politician (chair) makes a meeting from the workspace's Meetings tab with the administration's
 * signatory as secretary, puts three items on the agenda, each linked to a document, and reorders
 * one by keyboard (focus stays on the button; the other pages follow live). The meeting opens; the
 * chair moves the table from item to item and the other pages follow it (the item scrolled into
 * view, the change announced), except the employees' page, which stopped following and stays put.
 * At the third item a sign-off round on its draft is started from the agenda and each party
 * approves at the table. The secretary records the outcomes, the chair corrects the attendance, the
 * meeting closes, and the minutes document holds the attendees, the outcomes and the decision's
 * content hash. Axe is clean at the table in Bokmål and Nynorsk; a few texts are checked in
 * English. Also: reordering by drag sends one move, the facts are edited live, and a meeting that
 * is not there says so. Needs the server and the web app built.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { editorPage, expectedApiAnswer, SAVED } from '../support/browser-editor.js'
import { switchLanguage } from '../support/browser-shell.js'
import { pathOf, useBrowserSuite } from '../support/browser-suite.js'
import { writeParagraphs } from '../support/content.js'
import { signatories } from '../support/sign-off.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 50 })

const MEETING = 'Styringsgruppa desember'
const ITEMS = ['Budsjett 2027', 'Heltidskultur', 'Turnus i hjemmetjenesten'] as const
const PROPOSAL = 'Turnusen i hjemmetjenesten endres fra mars, etter drøfting med de tillitsvalgte.'

const item = (page: Page, title: string) => page.locator('.agenda-item', { hasText: title })
const order = (page: Page) => page.locator('.agenda-item .agenda-title').allTextContents()
const statusTag = (page: Page) => page.locator('.meeting-status').textContent()
const announced = (page: Page) => page.locator('.meeting-announcement').textContent()
const currentTitle = (page: Page) =>
  page.locator('.agenda-item[data-current="true"] .agenda-title').textContent()
/** Whether the whole row of the item is inside the window. */
const inView = (page: Page, title: string) =>
  item(page, title).evaluate((row) => {
    const box = row.getBoundingClientRect()
    return box.top >= 0 && box.bottom <= window.innerHeight
  })
const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY))
const focusedLabel = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))

describe.skipIf(!browserAvailable())('meetings', () => {
  const suite = useBrowserSuite({
    name: 'meetings',
    viewport: { width: 1366, height: 768 },
    expectedConsoleError: expectedApiAnswer,
  })

  it('three parties: agenda, the table followed item by item, a round decided at the table, minutes', async () => {
    const { server, world } = suite
    const signers = await signatories(world)
    // A reader the chair records present by hand.
    await world.member('viewer', 'employees', { name: 'Vera Leser' })
    const budget = await world.document('Budsjettforslag 2027', 'proposal', signers.administration)
    const fulltime = await world.document('Vedtak om heltidskultur', 'decision', signers.employees)
    const rota = await world.document('Ny turnus i hjemmetjenesten', 'proposal', signers.politicians)
    await writeParagraphs(server, signers.politicians, rota, [PROPOSAL])

    // The employees' Meetings tab is open while the chair plans: the new meeting appears there live.
    const list = await suite.open('emp-list', `/w/${world.workspaceId}/meetings`, {
      cookie: signers.employees.cookie,
    })
    await list.getByRole('tab', { name: 'Møter', selected: true }).waitFor()
    await list.getByText('Ingen.').first().waitFor()

    // The chair makes the meeting from the Meetings tab, with the administration's signatory as secretary.
    const pol = await suite.open('pol', `/w/${world.workspaceId}/meetings`, {
      cookie: signers.politicians.cookie,
    })
    await pol.getByRole('tab', { name: 'Møter', selected: true }).waitFor()
    await pol.getByRole('button', { name: 'Nytt møte' }).click()
    const dialog = pol.getByRole('dialog', { name: 'Nytt møte' })
    await dialog.getByLabel('Tittel').fill(MEETING)
    await dialog.getByLabel('Sted (valgfritt)').fill('Rådhuset, møterom 2')
    await dialog.getByLabel('Referent').selectOption({ label: 'Sigurd Rådmann (Administrasjonen)' })
    await dialog.getByRole('button', { name: 'Opprett møte' }).click()
    await poll(() => pathOf(pol)).toMatch(/^\/m\//)
    const meetingPath = pathOf(pol)
    await pol.getByRole('heading', { name: MEETING, level: 1 }).waitFor()
    expect(await statusTag(pol)).toBe('Planlagt')
    await poll(() =>
      list
        .locator('.meeting-group', { hasText: 'Kommende møter' })
        .locator('.meeting-card a')
        .allTextContents(),
    ).toEqual([MEETING])
    await suite.close('emp-list')
    const facts = pol.locator('.meeting-facts')
    expect(await facts.locator('[data-role="chair"]').textContent()).toBe('Signe Politiker Folkevalgte')
    expect(await facts.locator('[data-role="secretary"]').textContent()).toBe(
      'Sigurd Rådmann Administrasjonen',
    )

    // Three items, each linked to a document and brought by a party.
    const add = async (title: string, documentId: string, party: string, minutes: string) => {
      await pol.getByRole('button', { name: 'Legg til sak' }).click()
      const form = pol.getByRole('dialog', { name: 'Ny sak' })
      await form.getByLabel('Tittel').fill(title)
      await poll(() => form.locator(`#item-document option[value="${documentId}"]`).count()).toBe(1)
      await form.getByLabel('Dokument').selectOption(documentId)
      await form.getByRole('radio', { name: party }).check()
      await form.getByLabel('Planlagt tid i minutter (valgfri)').fill(minutes)
      await form.getByRole('button', { name: 'Legg til', exact: true }).click()
      await item(pol, title).waitFor()
    }
    await add(ITEMS[0], budget, 'Administrasjonen', '20')
    await add(ITEMS[1], fulltime, 'Ansatte og tillitsvalgte', '15')
    await add(ITEMS[2], rota, 'Folkevalgte', '30')
    await poll(() => order(pol)).toEqual(ITEMS.map((title, n) => `Sak ${n + 1}:${title}`))
    expect(await item(pol, ITEMS[2]).locator('.agenda-document').textContent()).toBe(
      'Ny turnus i hjemmetjenesten',
    )

    // The other two parties open the meeting in smaller windows (so following means scrolling).
    const [adm, emp] = await Promise.all([
      suite.open('adm', meetingPath, { cookie: signers.administration.cookie, height: 520 }),
      suite.open('emp', meetingPath, { cookie: signers.employees.cookie, height: 520 }),
    ])
    const pages = [pol, adm, emp]
    for (const page of [adm, emp]) await poll(() => order(page)).toHaveLength(3)

    // Reordered by keyboard: one `move` per key press, focus stays on the button, said politely,
    // and the other pages follow.
    await item(pol, ITEMS[2])
      .getByRole('button', { name: `Flytt «${ITEMS[2]}» opp` })
      .focus()
    await pol.keyboard.press('Enter')
    await poll(() => order(pol)).toEqual([`Sak 1:${ITEMS[0]}`, `Sak 2:${ITEMS[2]}`, `Sak 3:${ITEMS[1]}`])
    await poll(() => focusedLabel(pol)).toBe(`Flytt «${ITEMS[2]}» opp`)
    await poll(() => announced(pol)).toBe(`«${ITEMS[2]}» er nå sak 2 av 3.`)
    await poll(() => order(emp)).toEqual([`Sak 1:${ITEMS[0]}`, `Sak 2:${ITEMS[2]}`, `Sak 3:${ITEMS[1]}`])
    await pol.keyboard.press('Tab')
    expect(await focusedLabel(pol)).toBe(`Flytt «${ITEMS[2]}» ned`)
    await pol.keyboard.press('Enter')
    await poll(() => order(adm)).toEqual(ITEMS.map((title, n) => `Sak ${n + 1}:${title}`))
    await poll(() => focusedLabel(pol)).toBe(`Flytt «${ITEMS[2]}» ned`)

    // The chair opens the meeting and starts with the first item; every page shows it.
    await pol.getByRole('button', { name: 'Åpne møtet' }).click()
    for (const page of pages) await poll(() => statusTag(page)).toBe('Pågår')
    await pol.getByRole('button', { name: 'Start med første sak' }).click()
    for (const page of pages) await poll(() => currentTitle(page)).toBe(`Sak 1:${ITEMS[0]}`)
    expect(await item(adm, ITEMS[0]).getAttribute('aria-current')).toBe('step')

    // The employees stop following; the administration keeps following.
    await emp.getByRole('button', { name: 'Slutt å følge møtet' }).click()
    await emp.getByRole('button', { name: 'Følg møteleder' }).waitFor()
    await poll(() => announced(emp)).toBe('Siden blir stående der du er.')
    const stayed = await scrollY(emp)

    for (const [n, title] of [
      [2, ITEMS[1]],
      [3, ITEMS[2]],
    ] as const) {
      await pol.getByRole('button', { name: 'Neste sak' }).click()
      for (const page of pages) await poll(() => currentTitle(page)).toBe(`Sak ${n}:${title}`)
      await poll(() => announced(adm)).toBe(`Nå behandles sak ${n}: ${title}`)
      await poll(() => inView(adm, title)).toBe(true)
      // Told, but not moved.
      await poll(() => announced(emp)).toBe(`Nå behandles sak ${n}: ${title}`)
      expect(await scrollY(emp)).toBe(stayed)
    }
    expect(await inView(emp, ITEMS[2])).toBe(false)
    // At the last item the button stays where it was, disabled and saying why, with focus still on it.
    const nextButton = pol.getByRole('button', { name: 'Neste sak' })
    await poll(() => nextButton.getAttribute('aria-disabled')).toBe('true')
    expect(await pol.evaluate(() => document.activeElement?.textContent)).toBe('Neste sak')
    expect(await pol.locator('#meeting-last-item').textContent()).toBe('Dette er siste sak.')
    expect(await wcagViolations(adm), 'axe at the table (nb)').toEqual([])

    // A round on the third item's draft, started at the table; every party approves there.
    await item(pol, ITEMS[2])
      .getByRole('button', { name: `Start godkjenningsrunde «${ITEMS[2]}»` })
      .click()
    for (const page of pages) {
      await poll(() => item(page, ITEMS[2]).locator('.item-round-awaiting .party').allTextContents()).toEqual(
        ['Folkevalgte', 'Administrasjonen', 'Ansatte og tillitsvalgte'],
      )
    }
    for (const [page, party] of [
      [adm, 'Administrasjonen'],
      [emp, 'Ansatte og tillitsvalgte'],
      [pol, 'Folkevalgte'],
    ] as const) {
      const form = item(page, ITEMS[2]).locator('.sign-off-decide')
      await form.getByRole('button', { name: 'Godkjenn', exact: true }).click()
      // Gone once the last party has decided (the document is final then).
      const awaiting = item(pol, ITEMS[2]).locator('.item-round-awaiting')
      await poll(async () =>
        (await awaiting.count()) === 0 ? '' : await awaiting.textContent(),
      ).not.toContain(party)
    }
    for (const page of pages) {
      await poll(() => item(page, ITEMS[2]).locator('.item-round-final').textContent()).toBe(
        'Dokumentet er endelig: godkjent av alle parter.',
      )
    }
    // The chair's decision form went with the round; focus did not go to the page's start.
    await poll(() => pol.evaluate(() => document.activeElement?.tagName)).toBe('BUTTON')
    const rounds = (await (
      await world.api(signers.politicians, 'GET', `/api/documents/${rota}/rounds`)
    ).json()) as { rounds: { round: { contentHash: string; outcome: string } }[] }
    const hash = rounds.rounds.at(-1)!.round.contentHash
    expect(rounds.rounds.at(-1)!.round.outcome).toBe('approved')

    // The secretary records each item's outcome; everyone sees them.
    const record = async (title: string, outcome: string, note?: string) => {
      const form = item(adm, title).locator('.outcome-form')
      await form.getByLabel('Utfall', { exact: true }).selectOption({ label: outcome })
      if (note) await form.getByLabel('Merknad (må fylles ut for «Sendt tilbake»)').fill(note)
      await form.getByRole('button', { name: `Lagre utfall «${title}»` }).click()
      await poll(() => item(emp, title).locator('.item-outcome').textContent()).toContain(outcome)
    }
    await record(ITEMS[0], 'Tatt til orientering')
    await record(ITEMS[1], 'Utsatt', 'Til neste møte.')
    await record(ITEMS[2], 'Vedtatt')
    await poll(() => item(pol, ITEMS[2]).locator('.item-outcome').textContent()).toContain(
      'Godkjent av alle parter.',
    )

    // Attendance: the three at the table from their open pages; the chair adds a reader by hand.
    const attendance = pol.locator('.attendance')
    for (const name of ['Signe Politiker', 'Sigurd Rådmann', 'Siri Tillitsvalgt']) {
      await poll(() => attendance.locator('li', { hasText: name }).getAttribute('data-present')).toBe('true')
    }
    await attendance.getByRole('checkbox', { name: 'Vera Leser' }).check()
    await poll(() => emp.locator('.attendance li', { hasText: 'Vera Leser' }).textContent()).toContain(
      'til stede (satt av referent)',
    )
    expect(await wcagViolations(pol), 'axe for the chair at the table (nb)').toEqual([])

    // Nynorsk and English at the table.
    await switchLanguage(emp, 'Nynorsk')
    await emp.getByRole('button', { name: 'Følg møteleiaren' }).waitFor()
    expect(await statusTag(emp)).toBe('Pågår')
    expect(await emp.getByRole('heading', { name: 'Frammøte' }).count()).toBe(1)
    expect(await wcagViolations(emp), 'axe at the table (nn)').toEqual([])
    await switchLanguage(adm, 'English')
    await poll(() => statusTag(adm)).toBe('In session')
    expect(await adm.getByRole('button', { name: 'Stop following' }).count()).toBe(1)
    expect(await item(adm, ITEMS[1]).locator('.item-outcome').textContent()).toContain('Postponed')

    // The chair closes the meeting; the minutes hold attendees, outcomes and the decision's hash.
    await pol.getByRole('button', { name: 'Avslutt møtet' }).click()
    await pol
      .getByRole('dialog', { name: 'Avslutte møtet?' })
      .getByRole('button', { name: 'Avslutt møtet' })
      .click()
    await poll(() => statusTag(pol)).toBe('Avsluttet')
    await poll(() => statusTag(emp)).toBe('Avslutta')
    await poll(() => statusTag(adm)).toBe('Closed')
    expect(await pol.getByRole('button', { name: 'Slutt å følge møtet' }).count()).toBe(0)
    const minutesLink = pol.getByRole('link', { name: 'Åpne protokollen' })
    await minutesLink.waitFor()
    await minutesLink.click()
    await poll(() => pathOf(pol)).toMatch(/^\/d\//)
    await poll(() => editorPage.status(pol)).toContain(SAVED)
    const minutes = await editorPage.text(pol)
    // The workspace's Meetings tab lists it among the past meetings (in English for the administration).
    await adm.getByRole('navigation', { name: 'You are here' }).getByRole('link').click()
    await adm.getByRole('tab', { name: 'Meetings', selected: true }).waitFor()
    await poll(() =>
      adm
        .locator('.meeting-group', { hasText: 'Past meetings' })
        .locator('.meeting-card a')
        .allTextContents(),
    ).toEqual([MEETING])
    for (const expected of [
      MEETING,
      'Signe Politiker',
      'Sigurd Rådmann',
      'Siri Tillitsvalgt',
      'Vera Leser',
      `1. ${ITEMS[0]}`,
      'Utfall: tatt til orientering',
      'Utfall: utsatt — Til neste møte.',
      'Utfall: vedtatt',
      `Vedtak: Ny turnus i hjemmetjenesten, innholdshash ${hash}`,
    ]) {
      expect(minutes).toContain(expected)
    }
  })

  it('editors reorder by drag (one move) and edit the facts; the other page follows', async () => {
    const { world } = suite
    const signers = await signatories(world)
    const created = await world.api(
      signers.employees,
      'POST',
      `/api/workspaces/${world.workspaceId}/meetings`,
      {
        title: 'Arbeidsmøte',
        startsAt: '2027-01-10T09:00:00Z',
        endsAt: '2027-01-10T11:00:00Z',
      },
    )
    expect(created.status).toBe(201)
    const { meeting } = (await created.json()) as { meeting: { id: string } }
    for (const title of ['Først', 'Så', 'Til slutt']) {
      const res = await world.api(signers.employees, 'POST', `/api/meetings/${meeting.id}/items`, {
        title,
        party: 'employees',
      })
      expect(res.status).toBe(201)
    }
    const [emp, pol] = await Promise.all([
      suite.open('drag-emp', `/m/${meeting.id}`, { cookie: signers.employees.cookie }),
      suite.open('drag-pol', `/m/${meeting.id}`, { cookie: signers.politicians.cookie }),
    ])
    await poll(() => order(pol)).toEqual(['Sak 1:Først', 'Sak 2:Så', 'Sak 3:Til slutt'])
    const moves: string[] = []
    emp.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/move')) moves.push(request.postData() ?? '')
    })
    await item(emp, 'Til slutt').locator('.agenda-grip').dragTo(item(emp, 'Først'))
    await poll(() => order(emp)).toEqual(['Sak 1:Til slutt', 'Sak 2:Først', 'Sak 3:Så'])
    await poll(() => order(pol)).toEqual(['Sak 1:Til slutt', 'Sak 2:Først', 'Sak 3:Så'])
    expect(moves).toEqual(['{"index":0}'])
    // The facts are edited in the same dialog as made; the other page follows.
    // (The politician, whose language is still Bokmål: the employees chose Nynorsk above.)
    await pol.getByRole('button', { name: 'Endre møtet' }).click()
    const facts = pol.getByRole('dialog', { name: 'Endre møtet' })
    expect(await facts.getByLabel('Tittel').inputValue()).toBe('Arbeidsmøte')
    await facts.getByLabel('Sted (valgfritt)').fill('Kantina')
    await facts.getByRole('button', { name: 'Lagre endringene' }).click()
    await poll(() => emp.locator('.meeting-facts').textContent()).toContain('Kantina')
    // A reader of the planned meeting (not its chair) sees no buttons that run it.
    expect(await pol.getByRole('button', { name: 'Åpne møtet' }).count()).toBe(0)
    expect(await wcagViolations(emp), 'axe on a planned meeting').toEqual([])
    await suite.close('drag-emp')
    await suite.close('drag-pol')
  })

  it('a meeting that is not there, or not the reader’s, is not found, with the way home', async () => {
    const { world } = suite
    const signers = await signatories(world)
    const page = await suite.open('missing', '/m/no-such-meeting', { cookie: signers.employees.cookie })
    await page.getByRole('heading', { level: 1, name: 'Møte' }).waitFor()
    await page.getByRole('alert').filter({ hasText: 'Fant ikke møtet' }).waitFor()
    await page.getByRole('link', { name: 'Til arbeidsrommene dine' }).waitFor()
    await suite.close('missing')
  })
})
