/**
 * Consensus sign-off in a real browser (issue 13): three parties' signatories in three contexts on
 * one document. The politician starts a round; the administration approves and the employees
 * approve with a reservation; the politician objects, and every page is back at a draft with the
 * objection shown; the politician edits, and "changes since the last round" shows the edit in the
 * text; a new round, every party approves, the document is final on every page with the record
 * (the reservation in full, the hash); typing then changes nothing, also after a reload. Axe is
 * clean on the sign-off panel, the diff view and the record (nb). Also: the parties without a
 * signatory named, and a withdrawal by the starter; a named version, read-only and compared; the
 * workspace list's live "awaiting your party's decision" and the home page's count; an amendment
 * of a final document and the links both ways. Needs the server and the web app built.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { editorPage, expectedApiAnswer, SAVED, storedXml } from '../support/browser-editor.js'
import { switchLanguage } from '../support/browser-shell.js'
import { pathOf, useBrowserSuite } from '../support/browser-suite.js'
import { writeParagraphs } from '../support/content.js'
import { decide as decideOverApi, finalDocument, signatories, startRound } from '../support/sign-off.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 50 })
const { status, editor, text } = editorPage

const PARAGRAPH = 'Turnusen i hjemmetjenesten endres fra mars, etter drøfting med de tillitsvalgte.'
const EDIT = ' Endringen evalueres etter seks måneder.'
const RESERVATION = 'Forutsetter at bemanningen i helgene ikke reduseres.'
const OBJECTION = 'Vi mangler en evaluering før endringen blir varig.'

const statusTag = (page: Page) => page.locator('.document-facts .tag').textContent()
const panel = (page: Page) => page.locator('#sign-off-panel')
const partyRow = (page: Page, party: string) =>
  panel(page).locator(`.sign-off-parties > li[data-party="${party}"]`)

async function decide(page: Page, button: string, note?: string) {
  const form = panel(page).locator('.sign-off-decide')
  if (note) await form.getByLabel('Begrunnelse').fill(note)
  await form.getByRole('button', { name: button, exact: true }).click()
}

/**
 * What the deciding page shows of its own party once its click is answered: the party's row, or
 * the form's error (so a refused decision fails with the reason, not with a row still awaited).
 */
async function ownDecision(page: Page, party: string) {
  const error =
    (await panel(page)
      .locator('#decide-error')
      .textContent()
      .catch(() => '')) ?? ''
  return error.trim() ? `error: ${error}` : ((await partyRow(page, party).textContent()) ?? '')
}

describe.skipIf(!browserAvailable())('consensus sign-off', () => {
  const suite = useBrowserSuite({
    name: 'sign-off',
    viewport: { width: 1366, height: 768 },
    expectedConsoleError: expectedApiAnswer,
  })

  // First in the file: the suite's world has no signatory yet (signatories() makes them).
  it('says which parties have no signatory; with them, the starter withdraws the round', async () => {
    const { server, world } = suite
    const starter = await world.member('editor', 'politicians', { name: 'Ola Redaktør' })
    const id = await world.document('Uten signatarer')
    await writeParagraphs(server, starter, id, ['Et utkast.'])
    const page = await suite.open('starter', `/d/${id}`, { cookie: starter.cookie })
    await poll(() => status(page)).toContain(SAVED)
    await page.locator('.sign-off-toggle').click()
    await panel(page).getByRole('button', { name: 'Start runde' }).click()
    await poll(() => panel(page).getByRole('alert').textContent()).toContain(
      'Alle parter må ha minst én som kan signere',
    )
    expect(await panel(page).locator('.sign-off-missing .party').allTextContents()).toEqual([
      'Folkevalgte',
      'Administrasjonen',
      'Ansatte og tillitsvalgte',
    ])
    expect(await statusTag(page)).toBe('Utkast')
    expect(await wcagViolations(page)).toEqual([])

    await signatories(world)
    await panel(page).getByRole('button', { name: 'Start runde' }).click()
    await poll(() => statusTag(page)).toBe('Til godkjenning')
    // Not a signatory: no decision buttons, but the one who started may withdraw.
    expect(await panel(page).locator('.sign-off-decide').count()).toBe(0)
    await panel(page).getByRole('button', { name: 'Trekk tilbake runden' }).click()
    await poll(() => statusTag(page)).toBe('Utkast')
    await poll(() => page.locator('#read-only-notice').count()).toBe(0)
    await suite.close('starter')
  })

  it('saves a named version, shows it read-only and compares it with now', async () => {
    const { server, world } = suite
    const editorActor = await world.member('editor', 'administration', { name: 'Vera Versjon' })
    const id = await world.document('Med versjoner')
    await writeParagraphs(server, editorActor, id, ['Første utgave av teksten.'])
    const page = await suite.open('versions', `/d/${id}/versions`, { cookie: editorActor.cookie })
    await page.getByRole('heading', { name: 'Versjoner av «Med versjoner»', level: 1 }).waitFor()
    await page.getByLabel('Navn på versjonen').fill('Før møtet')
    await page.getByRole('button', { name: 'Lagre versjon' }).click()
    await page.locator('.versions-list li', { hasText: 'Før møtet' }).waitFor()
    await page.getByRole('button', { name: 'Vis: Før møtet' }).click()
    const shown = page.locator('.version-text .tiptap')
    await poll(() => shown.textContent()).toBe('Første utgave av teksten.')
    expect(await shown.getAttribute('contenteditable')).toBe('false')
    expect(new URL(page.url()).search).toMatch(/^\?view=/)
    await writeParagraphs(server, editorActor, id, ['Andre utgave.'])
    await page.getByRole('button', { name: 'Sammenlign med nå: Før møtet' }).click()
    // Word by word: "Andre" came and "Første" went (each said in words to screen readers).
    const marked = (tag: string) =>
      page
        .locator(`.diff-text ${tag}`)
        .allTextContents()
        .then((all) => all.join('|'))
    await poll(() => marked('ins')).toContain('[Satt inn: Andre (slutt)]')
    expect(await marked('ins')).not.toContain('utgave')
    expect(await marked('del')).toContain('[Slettet: Første (slutt)]')
    expect(await wcagViolations(page)).toEqual([])
    await suite.close('versions')
  })

  it('three parties: a round, an objection, the edit since, a second round to final, read-only after', async () => {
    const { server, world } = suite
    const signers = await signatories(world)
    const id = await world.document('Turnus i hjemmetjenesten')
    await writeParagraphs(server, signers.politicians, id, [PARAGRAPH])

    const [pol, adm, emp] = await Promise.all([
      suite.open('pol', `/d/${id}`, { cookie: signers.politicians.cookie }),
      suite.open('adm', `/d/${id}`, { cookie: signers.administration.cookie }),
      suite.open('emp', `/d/${id}`, { cookie: signers.employees.cookie }),
    ])
    const pages = [pol, adm, emp]
    for (const page of pages) await poll(() => status(page)).toContain(SAVED)

    // The politician opens the panel from the facts line and starts a round with a message.
    await pol.locator('.sign-off-toggle').click()
    await panel(pol).getByLabel('Melding til dem som signerer (valgfri)').fill('Se på teksten før torsdag.')
    await panel(pol).getByRole('button', { name: 'Start runde' }).click()

    // Every page: in review, read-only, the panel open with every party awaited and the hash.
    for (const page of pages) {
      await poll(() => statusTag(page)).toBe('Til godkjenning')
      await poll(() => page.locator('#read-only-notice').textContent()).toContain('låst')
      await poll(() => partyRow(page, 'employees').textContent()).toContain('Venter på avgjørelse')
      expect(await panel(page).locator('.sign-off-hash code').first().textContent()).toMatch(
        /^[0-9a-f]{12}…$/,
      )
    }
    expect(await panel(adm).textContent()).toContain('Se på teksten før torsdag.')
    expect(await wcagViolations(emp), 'axe on the sign-off panel during a round').toEqual([])

    // A reservation needs a note: refused in the page without one.
    await decide(emp, 'Godkjenn med forbehold')
    await poll(() => panel(emp).locator('#decide-error').textContent()).toContain('begrunnelse')

    await decide(adm, 'Godkjenn')
    await decide(emp, 'Godkjenn med forbehold', RESERVATION)
    for (const page of pages) {
      await poll(() => partyRow(page, 'administration').textContent()).toContain('Godkjent av Sigurd Rådmann')
      await poll(() => partyRow(page, 'employees').textContent()).toContain(RESERVATION)
    }
    await poll(() => pol.locator('.sign-off-toggle').textContent()).toContain('2 av 3')

    // The politician objects: back to a draft everywhere, the objection and its note shown.
    await decide(pol, 'Kom med innsigelse', OBJECTION)
    for (const page of pages) {
      await poll(() => statusTag(page)).toBe('Utkast')
      await poll(() => panel(page).locator('.sign-off-objection').textContent()).toContain(OBJECTION)
      await poll(() => page.locator('#read-only-notice').count()).toBe(0)
    }

    // The politician edits, and sees the edit in "changes since the last round".
    await editor(pol).click()
    await pol.keyboard.press('Control+End')
    await pol.keyboard.type(EDIT)
    await poll(() => status(pol)).toContain(SAVED)
    await poll(() => text(emp)).toContain(EDIT.trim())
    await panel(pol).getByRole('link', { name: 'Endringer siden forrige runde' }).click()
    const inserted = pol.locator('.diff-text ins')
    await poll(() => inserted.allTextContents().then((all) => all.join(''))).toContain(
      'Endringen evalueres etter seks måneder.',
    )
    expect(await pol.locator('.diff-count').textContent()).toBe('Endrede avsnitt: 1')
    expect(await wcagViolations(pol), 'axe on the diff view').toEqual([])
    await pol.getByRole('link', { name: 'Tilbake til dokumentet' }).click()
    await poll(() => status(pol)).toContain(SAVED)

    // A second round: the objection goes away when it starts.
    await panel(pol).getByRole('button', { name: 'Start runde' }).click()
    for (const page of pages) {
      await poll(() => statusTag(page)).toBe('Til godkjenning')
      await poll(() => panel(page).locator('.sign-off-objection').count()).toBe(0)
    }
    await decide(adm, 'Godkjenn')
    await poll(() => ownDecision(adm, 'administration')).toContain('Godkjent av Sigurd Rådmann')
    // The employees' form, once the administration's decision has reached their panel (the round
    // above covers two parties deciding at once).
    await poll(() => partyRow(emp, 'administration').textContent()).toContain('Godkjent av Sigurd Rådmann')
    await decide(emp, 'Godkjenn med forbehold', RESERVATION)
    await poll(() => ownDecision(emp, 'employees')).toContain(RESERVATION)
    await poll(() => partyRow(pol, 'employees').textContent()).toContain(RESERVATION)
    await decide(pol, 'Godkjenn')

    // Final everywhere, with the record: the reservation in full and the whole hash.
    for (const page of pages) {
      await poll(() => statusTag(page)).toBe('Endelig')
      await poll(() => page.locator('#read-only-notice').textContent()).toContain('Dokumentet er endelig.')
      const record = panel(page).locator('.sign-off-record')
      await poll(() => record.textContent()).toContain(RESERVATION)
      expect(await record.locator('.sign-off-record-hash code').textContent()).toMatch(/^[0-9a-f]{64}$/)
      expect(await record.textContent()).toContain('Signe Politiker')
    }
    expect(await wcagViolations(adm), 'axe on the decision record').toEqual([])

    // Typing in any client changes nothing, after a reload too.
    const stored = await storedXml(server, id)
    expect(stored).toContain('seks måneder')
    for (const page of pages) {
      await editor(page).click()
      await page.keyboard.type('Ikke vedtatt tekst')
    }
    await emp.reload()
    await poll(() => statusTag(emp)).toBe('Endelig')
    await poll(() => emp.locator('#read-only-notice').textContent()).toContain('Dokumentet er endelig.')
    await editor(emp).click()
    await emp.keyboard.type('Heller ikke denne')
    // The other pages' text has not changed either: what was typed never reached them.
    await poll(() => text(adm)).toContain('seks måneder')
    for (const page of pages) expect(await text(page)).not.toContain('vedtatt tekst')
    expect(await text(emp)).not.toContain('Heller ikke')
    expect(await storedXml(server, id)).toBe(stored)

    // The record in Nynorsk, axe clean there too.
    await switchLanguage(adm, 'Nynorsk')
    await poll(() => adm.locator('.sign-off-toggle').textContent()).toBe('Vedteke: godkjent av alle partar')
    expect(await partyRow(adm, 'employees').textContent()).toContain('Godkjent med atterhald')
    expect(await wcagViolations(adm), 'axe on the decision record (nn)').toEqual([])
  })

  it('the workspace list and the home page say what awaits my party’s decision, the list live', async () => {
    const { server, world } = suite
    const signers = await signatories(world)
    const id = await world.document('Budsjett for trepartsarbeidet')
    await writeParagraphs(server, signers.administration, id, ['Budsjettet fordeles likt mellom partene.'])
    const list = await suite.open('list', `/w/${world.workspaceId}`, { cookie: signers.employees.cookie })
    const row = list.locator('tbody tr', { hasText: 'Budsjett for trepartsarbeidet' })
    await row.waitFor()
    expect(await row.locator('.awaiting-badge').count()).toBe(0)

    const { round } = await startRound(world, signers.administration, id)
    await poll(() => row.locator('.awaiting-badge').textContent()).toBe('Venter på partens avgjørelse')
    const home = await suite.open('home', '/', { cookie: signers.employees.cookie })
    await poll(() => home.locator('.awaiting-badge').allTextContents()).toEqual([
      '1 dokument venter på partens avgjørelse',
    ])
    expect(await wcagViolations(list)).toEqual([])

    await decideOverApi(world, signers.employees, id, round.contentHash, 'approve')
    await poll(() => row.locator('.awaiting-badge').count()).toBe(0)
    await decideOverApi(world, signers.politicians, id, round.contentHash, 'object', 'Ikke ennå.')
    await suite.close('home')
    await suite.close('list')
  })

  it('a final document starts an amendment, which links back; the final one lists it', async () => {
    const { server, world } = suite
    const signers = await signatories(world)
    const { id } = await finalDocument(world, server.collabUrl)
    const page = await suite.open('amend', `/d/${id}`, { cookie: signers.politicians.cookie })
    await poll(() => statusTag(page)).toBe('Endelig')
    await panel(page).getByRole('button', { name: 'Start en endring' }).click()
    await poll(() => pathOf(page)).not.toBe(`/d/${id}`)
    await poll(() => statusTag(page)).toBe('Utkast')
    const back = page.locator('.amends-link a')
    await poll(() => back.textContent()).toBe('Til vedtak')
    await poll(() => text(page)).toContain('Vedtatt tekst.')
    const amendment = pathOf(page)
    await back.click()
    await poll(() => pathOf(page)).toBe(`/d/${id}`)
    await poll(() => panel(page).locator('.sign-off-amendments a').getAttribute('href')).toBe(amendment)
    await suite.close('amend')
  })
})
