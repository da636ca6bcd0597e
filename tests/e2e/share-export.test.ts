/**
 * "Share and export" on the document page in a real browser (issue 14): an admin makes a share
 * link, its address is shown once (gone when the dialog opens again), a reader in a fresh context
 * opens the public page with it, the list says it was used, and once revoked (after a confirmation
 * step) the address answers 404. Each export link downloads a file named by the title and date, a
 * final document's JSON being the bytes whose SHA-256 is its content hash. Axe is clean with the
 * dialog open in Bokmål and in Nynorsk (the latter on a phone's width, which it fits). A commenter
 * and a viewer see the links but no control to make one; an editor gets it once the document is final.
 * Needs the server and the web app built.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import type { Actor } from '@trepart/server/test-support'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { apiAnswer, useBrowserSuite } from '../support/browser-suite.js'
import { writeParagraphs } from '../support/content.js'
import { approveAll, signatories, startRound } from '../support/sign-off.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 50 })

const DRAFT_TEXT = 'Forslag om felles opplæring for tillitsvalgte og ledere.'
const FINAL_TEXT = 'Vedtak om bæreevne i økonomien, æøå ÆØÅ.'
const FINAL_TITLE = 'Vedtak om økonomi: «bæreevne»'

const dialog = (page: Page) => page.getByRole('dialog')

/** Opens the dialog from the facts line once the document has loaded. */
async function openDialog(page: Page, button = 'Del og eksporter'): Promise<void> {
  await page.locator('.document-facts').getByRole('button', { name: button }).click()
  await dialog(page).getByRole('heading', { level: 2 }).waitFor()
}

async function closeDialog(page: Page): Promise<void> {
  await page.keyboard.press('Escape')
  await dialog(page).waitFor({ state: 'hidden' })
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '')

describe.skipIf(!browserAvailable())('share and export on the document page', () => {
  const suite = useBrowserSuite({
    name: 'share-export',
    viewport: { width: 1366, height: 768 },
    // The reader's page of a revoked link is a 404, which Chromium logs.
    expectedConsoleError: (text, url) =>
      apiAnswer(401, 404)(text, url) ||
      (/status of 404\b/.test(text) && url !== '' && new URL(url).pathname.startsWith('/p/')),
  })

  async function draft(title: string): Promise<string> {
    const id = await suite.world.document(title)
    await writeParagraphs(suite.server, suite.world.admin, id, [DRAFT_TEXT])
    return id
  }

  async function final(): Promise<{ id: string; contentHash: string; decidedOn: string }> {
    const { world, server } = suite
    const signers = await signatories(world)
    const id = await world.document(FINAL_TITLE, 'decision')
    await writeParagraphs(server, signers.politicians, id, [FINAL_TEXT])
    const { round } = await startRound(world, signers.politicians, id)
    const done = await approveAll(world, signers, id, round.contentHash)
    return { id, contentHash: round.contentHash, decidedOn: done.round.endedAt!.slice(0, 10) }
  }

  it('an admin makes a link shown once; a reader opens it; revoked after a confirmation, it is 404', async () => {
    const { world } = suite
    const id = await draft('Opplæring for partene')
    const page = await suite.open('admin', `/d/${id}`, { cookie: world.admin.cookie })
    await openDialog(page)
    const box = dialog(page)
    expect(await box.getByRole('heading', { level: 2 }).textContent()).toBe(
      'Del og eksporter «Opplæring for partene»',
    )
    expect(await box.textContent()).toContain('merket som utkast som ikke er vedtatt')
    await poll(() => box.textContent()).toContain('Ingen lenker ennå.')

    // A day before today is refused in words, in the page; a later one is taken.
    const field = box.getByLabel('Siste dag lenken virker (valgfri)')
    await field.fill('2001-01-01')
    await box.getByRole('button', { name: 'Lag lenke' }).click()
    await poll(() => box.locator('#share-create-error').textContent()).toBe('Velg i dag eller en senere dag.')
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    await field.fill('2099-06-30')
    await box.getByRole('button', { name: 'Lag lenke' }).click()

    const url = box.getByLabel('Den nye lenken')
    await poll(() => url.inputValue()).toMatch(/^http:\/\/[^/]+\/p\/[A-Za-z0-9_-]{20,}$/)
    const address = await url.inputValue()
    // Focus is on the address, and what it is said with it: shown once, anyone can read the live draft.
    expect(await url.evaluate((el) => el === document.activeElement)).toBe(true)
    const hint = (await box.locator('#share-link-url-hint').textContent()) ?? ''
    expect(hint).toContain('Lenken vises bare denne ene gangen')
    expect(hint).toContain('Alle som får den, kan lese dokumentet')
    expect(hint).toContain('«Utkast – ikke vedtatt»')
    const row = box.locator('.share-link').first()
    await poll(() => row.textContent()).toContain(`Laget av ${world.admin.name}`)
    expect(await row.textContent()).toContain('Ikke brukt ennå')
    expect(await row.textContent()).toContain('Utløper 30. juni 2099')
    expect(await wcagViolations(page), 'axe with the new link shown (nb)').toEqual([])

    // A reader with no account, in a fresh context: the public page, marked as a draft.
    const reader = await suite.open('reader', new URL(address).pathname)
    expect(await reader.locator('main article').textContent()).toContain(DRAFT_TEXT)
    expect(await reader.locator('.banner').textContent()).toContain('Utkast – ikke vedtatt')

    // Opened again, the dialog never shows the address: only the list, which now has the use.
    await closeDialog(page)
    await openDialog(page)
    expect(await box.getByLabel('Den nye lenken').count()).toBe(0)
    expect(await box.textContent()).not.toContain(new URL(address).pathname)
    await poll(() => row.textContent()).toContain('Sist brukt')

    // Revoking asks first; Cancel takes focus (the step cannot be undone) and puts it back.
    const revoke = row.getByRole('button', { name: /^Trekk tilbake lenken laget / })
    await revoke.click()
    expect(await focusedText(page)).toBe('Avbryt')
    expect(await row.locator('.share-revoke-confirm').textContent()).toContain('slutter å virke med en gang')
    await row.getByRole('button', { name: 'Avbryt' }).click()
    expect(await focusedText(page)).toContain('Trekk tilbake')
    await row.getByRole('button', { name: /^Trekk tilbake lenken laget / }).click()
    await row.getByRole('button', { name: 'Ja, trekk tilbake' }).click()
    await poll(() => row.locator('.tag').textContent()).toBe('Trukket tilbake')
    expect(await row.textContent()).toContain('Trukket tilbake ')
    expect(await row.getByRole('button').count()).toBe(0)
    await poll(() => focusedText(page)).toBe('Lenker som er laget')
    expect(await box.getByRole('status').allTextContents()).toContain('Lenken er trukket tilbake.')

    const gone = await reader.reload()
    expect(gone?.status()).toBe(404)
    expect(await reader.textContent('body')).not.toContain(DRAFT_TEXT)

    // Escape closes the dialog and focus is back on the button that opened it.
    await closeDialog(page)
    expect(await focusedText(page)).toBe('Del og eksporter')
    await suite.close('reader')
    await suite.close('admin')
  })

  it('downloads every export with the name the server gives, the JSON being the hashed bytes', async () => {
    const { world } = suite
    const { id, contentHash, decidedOn } = await final()
    const signers = await signatories(world)
    const page = await suite.open('exports', `/d/${id}`, { cookie: signers.employees.cookie })
    await openDialog(page)
    const box = dialog(page)
    expect(await box.textContent()).toContain('den vedtatte teksten med vedtaksprotokollen og kontrollsummen')
    const links = box.locator('.export-formats a')
    const formats = await links.evaluateAll((all) => all.map((a) => a.getAttribute('data-format')))
    // Readable formats first, the JSON for checking the hash last.
    expect(formats).toEqual(['md', 'html', 'docx', 'pdf', 'json'])
    expect(await box.locator('#export-hint-json').textContent()).toContain('SHA-256')

    const files = new Map<string, Buffer>()
    for (const format of formats as string[]) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        box.locator(`.export-formats a[data-format="${format}"]`).click(),
      ])
      expect(download.suggestedFilename()).toBe(`Vedtak om økonomi «bæreevne»-${decidedOn}.${format}`)
      const saved = await download.path()
      files.set(format, fs.readFileSync(saved))
      await poll(() => box.locator('.export-status').textContent()).toBe(
        `Lastet ned ${download.suggestedFilename()}.`,
      )
    }
    expect(createHash('sha256').update(files.get('json')!).digest('hex')).toBe(contentHash)
    expect(files.get('md')!.toString('utf8')).toContain('Vedtak om bæreevne i økonomien')
    expect(files.get('html')!.toString('utf8')).toContain('Vedtaksprotokoll')
    expect(files.get('docx')!.subarray(0, 2).toString('latin1')).toBe('PK')
    expect(files.get('pdf')!.subarray(0, 5).toString('latin1')).toBe('%PDF-')

    // An editor who is no signatory may share a final document (not a draft: see below).
    const editor = await world.member('editor', 'administration', { name: 'Edel Redaktør' })
    const other = await suite.open('final-editor', `/d/${id}`, { cookie: editor.cookie })
    await openDialog(other)
    expect(await dialog(other).getByRole('button', { name: 'Lag lenke' }).count()).toBe(1)
    await suite.close('final-editor')
    await suite.close('exports')
  })

  it('a commenter, a viewer and an editor of a draft see the links but cannot make one', async () => {
    const { world } = suite
    const id = await draft('Bare for lesing')
    expect((await world.api(world.admin, 'POST', `/api/documents/${id}/share-links`, {})).status).toBe(201)
    const people: Array<[string, Actor]> = [
      ['commenter', await world.member('commenter', 'employees', { name: 'Kari Kommentar' })],
      ['viewer', await world.member('viewer', 'politicians', { name: 'Lise Leser' })],
      ['editor', await world.member('editor', 'politicians', { name: 'Rolf Redaktør' })],
    ]
    for (const [label, actor] of people) {
      const page = await suite.open(label, `/d/${id}`, { cookie: actor.cookie })
      await openDialog(page)
      const box = dialog(page)
      await poll(() => box.locator('.share-link').count()).toBe(1)
      expect(await box.getByRole('button', { name: 'Lag lenke' }).count(), label).toBe(0)
      expect(await box.getByLabel('Siste dag lenken virker (valgfri)').count(), label).toBe(0)
      expect(await box.textContent()).toContain('Administratorer og de som kan signere, lager lenker')
      // Not theirs to revoke either.
      expect(await box.locator('.share-link').getByRole('button').count(), label).toBe(0)
      // The exports are every member's.
      expect(await box.locator('.export-formats a').count()).toBe(5)
      await suite.close(label)
    }
  })

  it('is clean for axe in Nynorsk on a phone, with the confirmation step open, and fits its width', async () => {
    const { world } = suite
    const id = await draft('Nynorsk og smal skjerm')
    const admin = await world.member('admin', 'employees', { name: 'Nils Nynorsk' })
    // The account's language, which a signed-in page follows over the browser's.
    expect((await world.api(admin, 'PATCH', '/api/me', { locale: 'nn' })).status).toBe(200)
    const page = await suite.open('nn', `/d/${id}`, {
      cookie: admin.cookie,
      locale: 'nn-NO',
      width: 390,
      height: 800,
    })
    await openDialog(page, 'Del og eksporter')
    const box = dialog(page)
    expect(await box.getByRole('heading', { level: 3 }).allTextContents()).toEqual([
      'Eksporter',
      'Lenkjer for deling',
    ])
    await box.getByRole('button', { name: 'Lag lenkje' }).click()
    const url = box.getByLabel('Den nye lenkja')
    await poll(() => url.inputValue()).toMatch(/\/p\//)
    expect(await box.locator('#share-link-url-hint').textContent()).toContain('Utkast – ikkje vedteke')
    await box
      .locator('.share-link')
      .first()
      .getByRole('button', { name: /^Trekk tilbake lenkja laga / })
      .click()
    await box.getByRole('button', { name: 'Ja, trekk tilbake' }).waitFor()
    expect(await wcagViolations(page), 'axe with the dialog open (nn, 390 px)').toEqual([])
    // Nothing in the dialog is wider than the window: it wraps instead.
    const { scroll, client } = await box.evaluate((el) => ({
      scroll: el.scrollWidth,
      client: el.clientWidth,
    }))
    expect(scroll).toBeLessThanOrEqual(client)
    await suite.close('nn')
  })

  it('logged no unexpected errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
