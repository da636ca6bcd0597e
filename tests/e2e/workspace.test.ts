/**
 * The workspace page in real browsers, as three people of three parties use it: an admin invites
 * two others through the UI (on the invitations tab) and they join through the links in their own
 * browsers, landing in the workspace; the documents list updates live in the others' windows when
 * a document is created (in the "New document" dialog), renamed and archived, and focus stays on a
 * sensible control while those changes redraw the list (not on <body>); filters; the admin
 * changes a member's role and removes a member (whose open page says so) on the members tab;
 * leaving; and the last admin is told why they cannot leave.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { browserAvailable } from '../support/browser.js'
import { pathOf } from '../support/browser-suite.js'
import { useWorkspaceSuite } from '../support/browser-workspace.js'

/** Waits on a condition in the page or the server, never on a fixed sleep. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 })

const LIVE = 'Oppdateres direkte'

describe.skipIf(!browserAvailable())('the workspace page', () => {
  const suite = useWorkspaceSuite('workspace')
  let workspaceName = ''
  let admin: Page
  let pia: Page
  let erik: Page

  const region = (page: Page, name: string) => page.getByRole('region', { name, exact: true })
  const documentRows = (page: Page) => page.getByRole('table').locator('tbody tr')
  const titles = (page: Page) => page.getByRole('table').locator('tbody .document-title').allTextContents()
  /** The titles behind an open dialog (the page is then hidden from the accessibility tree). */
  const titlesBehind = (page: Page) => page.locator('table.documents tbody .document-title').allTextContents()
  /** What has focus, by role and name, so a failure says where focus went (<body>, say). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const el = document.activeElement
      if (!el || el === document.body) return 'body'
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? ''
      return `${el.tagName.toLowerCase()} ${name}`
    })
  /** Opens a tab of the workspace page by pointer, as most people would. */
  async function openTab(page: Page, name: string) {
    await page.getByRole('tab', { name, exact: true }).click()
    await poll(() => page.getByRole('tab', { name, exact: true }).getAttribute('aria-selected')).toBe('true')
  }

  /** Makes an invitation link in the admin's page and returns its path. */
  async function invite(party: string, role: string): Promise<string> {
    if ((await admin.getByRole('tab', { name: 'Invitasjoner', selected: true }).count()) === 0)
      await openTab(admin, 'Invitasjoner')
    const section = region(admin, 'Inviter')
    const link = section.getByRole('textbox', { name: /^Invitasjonslenke/ })
    const before = (await link.count()) > 0 ? await link.inputValue() : ''
    await section
      .getByRole('group', { name: 'Part', exact: true })
      .getByRole('radio', { name: party })
      .check()
    await section.getByLabel('Rolle', { exact: true }).selectOption(role)
    await section.getByRole('button', { name: 'Lag invitasjonslenke' }).click()
    await poll(async () => ((await link.count()) > 0 ? link.inputValue() : '')).toMatch(
      /\/invite\/[a-z2-7]+$/,
    )
    const url = await link.inputValue()
    expect(url).not.toBe(before)
    return new URL(url).pathname
  }

  /** A new person signs up through the invitation link in their own browser and lands in the workspace. */
  async function join(label: string, invitePath: string, name: string): Promise<Page> {
    const page = await suite.open(label, invitePath)
    await page.getByRole('heading', { name: `Du er invitert til ${workspaceName}` }).waitFor()
    await page.getByLabel('E-postadresse').fill(`${label}-${Date.now()}@kommune.test`)
    await page.getByLabel('Navn', { exact: true }).fill(name)
    await page.getByLabel('Passord', { exact: true }).fill('et langt og godt passord')
    await page.getByRole('button', { name: 'Opprett konto' }).click()
    await page.getByRole('heading', { name: workspaceName, level: 1 }).waitFor()
    expect(pathOf(page)).toBe(`/w/${suite.world.workspaceId}`)
    await page.getByText(LIVE).waitFor()
    return page
  }

  it('lets an admin invite people of the two other parties, who join through the links', async () => {
    const { world } = suite
    const info = await (await world.api(world.admin, 'GET', `/api/workspaces/${world.workspaceId}`)).json()
    workspaceName = (info as { workspace: { name: string } }).workspace.name
    admin = await suite.open('admin', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    await admin.getByRole('heading', { name: workspaceName, level: 1 }).waitFor()
    await openTab(admin, 'Medlemmer')
    expect(pathOf(admin)).toBe(`/w/${world.workspaceId}/members`)
    // All three parties are always on the page, an empty one too.
    for (const party of ['Folkevalgte', 'Administrasjonen', 'Ansatte og tillitsvalgte']) {
      await region(admin, party).waitFor()
    }
    expect(await region(admin, 'Folkevalgte').textContent()).toContain('Ingen ennå.')

    const piaLink = await invite('Folkevalgte', 'editor')
    const erikLink = await invite('Ansatte og tillitsvalgte', 'editor')
    // The invitations are listed for the admin, with who made them and whether they still work.
    await poll(() => region(admin, 'Inviter').locator('.invitations li').count()).toBe(2)

    pia = await join('pia', piaLink, 'Pia Politiker')
    erik = await join('erik', erikLink, 'Erik Tillitsvalgt')
    expect(await pia.locator('main .lead').textContent()).toBe('Du er med som Folkevalgte · Redaktør')
    expect(await erik.locator('main .lead').textContent()).toBe(
      'Du er med som Ansatte og tillitsvalgte · Redaktør',
    )

    // A reload keeps the tab the address names.
    await admin.reload()
    await poll(() => pathOf(admin)).toBe(`/w/${world.workspaceId}/invitations`)
    await poll(() => region(admin, 'Inviter').locator('.invitations').textContent()).toContain('Brukt opp')
    await openTab(admin, 'Medlemmer')
    await poll(() => region(admin, 'Folkevalgte').textContent()).toContain('Pia Politiker · Redaktør')
    expect(await region(admin, 'Ansatte og tillitsvalgte').textContent()).toContain(
      'Erik Tillitsvalgt · Redaktør',
    )
  })

  it('updates the documents list live in the others’ windows when a document is created, renamed and archived', async () => {
    await openTab(admin, 'Dokumenter')
    await admin.getByText(LIVE).waitFor()
    await admin.getByRole('button', { name: 'Nytt dokument' }).click()
    const create = admin.getByRole('dialog', { name: 'Nytt dokument' })
    await create.getByLabel('Tittel', { exact: true }).fill('Budsjett 2027')
    await create.getByLabel('Type', { exact: true }).selectOption('proposal')
    await create.getByRole('button', { name: 'Opprett dokument' }).click()
    await poll(() => pathOf(admin)).toMatch(/^\/d\//)

    for (const page of [pia, erik]) {
      await poll(() => titles(page)).toEqual(['Budsjett 2027'])
      const row = documentRows(page).first()
      expect(await row.textContent()).toContain('Administrasjonen')
      expect(await row.textContent()).toContain('Forslag')
      expect(await row.textContent()).toContain('Utkast')
    }

    // Pia renames it from her list, by keyboard only; Erik's list follows.
    await pia.getByRole('button', { name: 'Endre tittel «Budsjett 2027»' }).focus()
    await pia.keyboard.press('Enter')
    const dialog = pia.getByRole('dialog', { name: 'Endre tittel' })
    const field = dialog.getByLabel('Ny tittel')
    await poll(() => field.evaluate((input) => input === document.activeElement)).toBe(true)
    // Meanwhile Erik renames it too: the live change reaches Pia's row behind the dialog, and
    // leaves her field as she opened it.
    const { world } = suite
    const docId = await pia
      .locator('table.documents tbody .document-title')
      .first()
      .evaluate((a) => (a as HTMLAnchorElement).pathname.slice('/d/'.length))
    const erikRename = await world.api(await suite.actor('erik'), 'PATCH', `/api/documents/${docId}`, {
      title: 'Budsjett 2027 (utkast)',
    })
    expect(erikRename.status).toBe(200)
    await poll(() => titlesBehind(pia)).toEqual(['Budsjett 2027 (utkast)'])
    expect(await field.inputValue()).toBe('Budsjett 2027')
    await pia.keyboard.press('ControlOrMeta+A')
    await pia.keyboard.type('Budsjett 2027–2030')
    await pia.keyboard.press('Enter')
    await poll(() => dialog.count()).toBe(0)
    await poll(() => titles(erik)).toEqual(['Budsjett 2027–2030'])
    await poll(() => titles(pia)).toEqual(['Budsjett 2027–2030'])
    // Focus is back on her rename button, though two live changes redrew that row's contents.
    expect(await focused(pia)).toBe('button Endre tittel «Budsjett 2027–2030»')

    // A document of another party and kind, made elsewhere, arrives too; newest first.
    await world.document('Vedtak om møteplan', 'decision', await suite.actor('pia'))
    await poll(() => titles(erik)).toEqual(['Vedtak om møteplan', 'Budsjett 2027–2030'])

    // Archived by Erik: it leaves everyone's list of active documents, with a way back for him,
    // where his focus goes (his button left with the row). Undo by keyboard keeps focus there.
    await erik.getByRole('button', { name: 'Arkiver «Vedtak om møteplan»' }).focus()
    await erik.keyboard.press('Enter')
    await poll(() => titles(pia)).toEqual(['Budsjett 2027–2030'])
    await poll(() => titles(erik)).toEqual(['Budsjett 2027–2030'])
    const undo = erik.getByRole('status').getByRole('button', { name: 'Angre' })
    await poll(() => erik.getByRole('status').filter({ hasText: 'er arkivert' }).count()).toBe(1)
    await poll(() => focused(erik)).toBe('button Angre')
    await erik.keyboard.press('Enter')
    await poll(() => titles(pia)).toEqual(['Vedtak om møteplan', 'Budsjett 2027–2030'])
    await poll(() => titles(erik)).toEqual(['Vedtak om møteplan', 'Budsjett 2027–2030'])
    expect(await erik.getByRole('status').filter({ hasText: 'er hentet fram igjen' }).count()).toBe(1)
    expect(await undo.count()).toBe(1)
    expect(await focused(erik)).toBe('button Angre')
    await erik.getByRole('button', { name: 'Arkiver «Vedtak om møteplan»' }).click()
    await poll(() => titles(pia)).toEqual(['Budsjett 2027–2030'])
  })

  it('filters by status, kind, initiating party and archived, and keeps the filter in the address', async () => {
    const filters = erik.getByRole('search', { name: 'Filtrer dokumentene' })
    await filters.getByLabel('Vis også arkiverte').check()
    await poll(() => titles(erik)).toEqual(['Vedtak om møteplan', 'Budsjett 2027–2030'])
    expect(await documentRows(erik).first().textContent()).toContain('Arkivert')

    await filters.getByRole('group', { name: 'Type' }).getByRole('radio', { name: 'Vedtak' }).check()
    await poll(() => titles(erik)).toEqual(['Vedtak om møteplan'])
    expect(new URL(erik.url()).search).toBe('?kind=decision&archived=show')

    await filters.getByRole('group', { name: 'Type' }).getByRole('radio', { name: 'Alle' }).check()
    await filters
      .getByRole('group', { name: 'Initiativ fra' })
      .getByRole('radio', { name: 'Administrasjonen' })
      .check()
    await poll(() => titles(erik)).toEqual(['Budsjett 2027–2030'])

    await filters.getByRole('group', { name: 'Status' }).getByRole('radio', { name: 'Endelig' }).check()
    await erik.getByText('Ingen dokumenter passer til filteret.').waitFor()

    // A reload shows the same filtered list; "show all" clears it.
    await erik.reload()
    await erik.getByText('Ingen dokumenter passer til filteret.').waitFor()
    await erik.getByRole('button', { name: 'Vis alle dokumenter' }).click()
    await poll(() => titles(erik)).toEqual(['Budsjett 2027–2030'])
    expect(new URL(erik.url()).search).toBe('')
  })

  it('lets the admin change a member’s role and make a password link, and remove a member, whose page says so', async () => {
    const { world } = suite
    // A deep link opens the members tab.
    await admin.goto(`${suite.server.url}/w/${world.workspaceId}/members`)
    await admin.getByRole('tab', { name: 'Medlemmer', selected: true }).waitFor()
    await admin.getByRole('button', { name: 'Endre Pia Politiker' }).click()
    const dialog = admin.getByRole('dialog', { name: 'Endre Pia Politiker' })
    await dialog.getByLabel('Rolle', { exact: true }).selectOption('commenter')
    await dialog.getByLabel('Kan signere for parten').check()
    await dialog.getByRole('button', { name: 'Lagre endringene' }).click()
    await poll(() => dialog.count()).toBe(0)
    await poll(() => region(admin, 'Folkevalgte').textContent()).toContain('Pia Politiker · Kommentator')
    expect(await region(admin, 'Folkevalgte').textContent()).toContain('Signerer')
    const members = (await (
      await world.api(world.admin, 'GET', `/api/workspaces/${world.workspaceId}/members`)
    ).json()) as {
      members: Array<{ user: { name: string }; role: string; signatory: boolean }>
    }
    expect(members.members.find((m) => m.user.name === 'Pia Politiker')).toMatchObject({
      role: 'commenter',
      signatory: true,
    })

    // A one-time link for a new password, shown once with a copy button.
    await admin.getByRole('button', { name: 'Endre Erik Tillitsvalgt' }).click()
    const erikDialog = admin.getByRole('dialog', { name: 'Endre Erik Tillitsvalgt' })
    await erikDialog.getByRole('button', { name: 'Lag lenke for nytt passord' }).click()
    await poll(() =>
      erikDialog.getByLabel('Lenke for nytt passord til Erik Tillitsvalgt').inputValue(),
    ).toMatch(/\/reset\/[a-z2-7]+$/)

    // Removing Erik ends his open page's live stream; the page says why.
    await erikDialog.getByRole('button', { name: 'Fjern Erik Tillitsvalgt' }).click()
    await erikDialog.getByRole('button', { name: 'Ja, fjern' }).click()
    await poll(() => erikDialog.count()).toBe(0)
    await poll(() => region(admin, 'Ansatte og tillitsvalgte').textContent()).toContain('Ingen ennå.')
    await erik
      .getByRole('alert')
      .filter({ hasText: 'Du er ikke lenger medlem av dette arbeidsrommet.' })
      .waitFor()
    expect(await erik.getByRole('table').count()).toBe(0)
  })

  it('lets a member leave, and tells the last admin why they cannot', async () => {
    await openTab(pia, 'Medlemmer')
    await pia.getByRole('button', { name: 'Forlat arbeidsrommet' }).click()
    const dialog = pia.getByRole('dialog', { name: `Forlate ${workspaceName}?` })
    // Focus starts on Cancel: leaving cannot be undone.
    expect(
      await dialog.getByRole('button', { name: 'Avbryt' }).evaluate((b) => b === document.activeElement),
    ).toBe(true)
    await dialog.getByRole('button', { name: 'Ja, forlat arbeidsrommet' }).click()
    await poll(() => pathOf(pia)).toBe('/')
    await pia.getByRole('heading', { name: 'Arbeidsrommene dine' }).waitFor()
    expect(await pia.getByRole('link', { name: workspaceName }).count()).toBe(0)

    await admin.getByRole('button', { name: 'Forlat arbeidsrommet' }).click()
    const adminDialog = admin.getByRole('dialog', { name: `Forlate ${workspaceName}?` })
    await adminDialog.getByRole('button', { name: 'Ja, forlat arbeidsrommet' }).click()
    await poll(() => adminDialog.getByRole('alert').textContent()).toBe(
      'Et arbeidsrom må ha minst én administrator. Gjør en annen til administrator først.',
    )
    // Escape closes the dialog, and the admin is still in.
    await admin.keyboard.press('Escape')
    await poll(() => adminDialog.count()).toBe(0)
    expect(pathOf(admin)).toBe(`/w/${suite.world.workspaceId}/members`)
  })

  it('logged no unexpected errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
