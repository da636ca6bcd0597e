/**
 * The editor's features in a real browser against a real server: three parties typing at once and
 * seeing each other present; the toolbar's structures and its link rule; pasting from Word,
 * LibreOffice and Google Docs; presence announcements; a reload that brings the text back once; a
 * removed member; a demoted writer with unsent edits. Needs the server and the web app built.
 */
import { partyColor } from '@trepart/shared'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import {
  editorPage,
  expectedApiAnswer,
  occurrences,
  rgb,
  SAVED,
  storedXml,
} from '../support/browser-editor.js'
import { gateCollabSockets, type SocketGate } from '../support/browser-offline.js'
import { useBrowserSuite } from '../support/browser-suite.js'
import { toolbarOf } from '../support/browser-toolbar.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 })
const { status, editor, text, present, openPresence, caretLabels, caretColor } = editorPage

/** Pastes `html` into the focused editor as the browser would from the clipboard. */
function paste(page: Page, html: string, plain = 'x') {
  return editor(page).evaluate(
    (element, data) => {
      const transfer = new DataTransfer()
      transfer.setData('text/html', data.html)
      transfer.setData('text/plain', data.plain)
      element.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
      )
    },
    { html, plain },
  )
}

/** What Word 365 puts on the clipboard: Office markup, styles everywhere, lists as styled paragraphs. */
const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=Generator content="Microsoft Word 15"><style>p.MsoNormal{font-family:Calibri}</style></head>
<body lang=NO-BOK style='tab-interval:35.4pt'><!--StartFragment-->
<h1 style='color:#2F5496;font-family:"Calibri Light"'>Møteplan 2026<o:p></o:p></h1>
<p class=MsoNormal><span style='font-size:14.0pt;color:red;font-family:"Comic Sans MS"'>Vi foreslår <b>fire</b> møter.</span><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp; </span></span><![endif]>Budsjett<o:p></o:p></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:72.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='font-family:"Courier New";mso-list:Ignore'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Lønn<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-list:Ignore'>·<span>&nbsp; </span></span><![endif]>Bemanning<o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>1.<span>&nbsp; </span></span><![endif]>Første sak<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span style='mso-list:Ignore'>2.<span>&nbsp; </span></span><![endif]>Andre sak<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none'>
<tr><td width=302 valign=top style='background:yellow;padding:0cm 5.4pt'><p class=MsoNormal><b>Part</b><o:p></o:p></p></td>
<td width=302 valign=top><p class=MsoNormal>Ansvar<o:p></o:p></p></td></tr>
<tr><td width=302 valign=top><p class=MsoNormal>Ansatte<o:p></o:p></p></td>
<td width=302 valign=top><p class=MsoNormal>Referat<o:p></o:p></p></td></tr></table>
<p class=MsoNormal>Se <a href="https://nordby.kommune.no/moteplan"><span style='color:#0563C1'>møteplanen</span></a> og <a href="javascript:alert(1)">ikke denne</a>.<o:p></o:p></p>
<!--EndFragment--></body></html>`

/** LibreOffice Writer: real lists and headings, with classes, fonts and margins. */
const LIBREOFFICE_HTML = `<meta name="generator" content="LibreOffice 7.5"><style>h2.western { font-family: "Liberation Sans" }</style>
<h2 class="western" style="margin-top: 0.42cm"><font face="Liberation Serif"><font size="5">Vedtak</font></font></h2>
<ol><li><p style="margin-bottom: 0cm; line-height: 100%"><font color="#c9211e">Kommunestyret vedtar planen</font></p></li>
<li><p style="margin-bottom: 0cm">Rådmannen følger opp</p></li></ol>`

/** Google Docs: a wrapper <b style="font-weight:normal">, emphasis given only by styles. */
const GOOGLE_DOCS_HTML = `<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1234"><p dir="ltr" style="line-height:1.38;margin-top:0pt"><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:400">Vanlig og </span><span style="font-size:11pt;font-family:Arial;color:#000000;font-weight:700">viktig</span><span style="font-size:11pt;font-family:Arial;font-style:italic"> og kursiv</span></p></b>`

describe.skipIf(!browserAvailable())('the editor’s features in a browser', () => {
  const suite = useBrowserSuite({ name: 'features', expectedConsoleError: expectedApiAnswer })

  it('lets three parties type at once: identical text for all, each sees the other two by party', async () => {
    const { server, world } = suite
    const [politician, employee, id] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Per Politiker' }),
      world.member('editor', 'employees', { name: 'Tone Tillitsvalgt' }),
      world.document('Tre parter'),
    ])
    const people = [
      {
        label: 'three-admin',
        cookie: world.admin.cookie,
        text: 'Administrasjonen foreslår fire møter i året. ',
      },
      {
        label: 'three-politician',
        cookie: politician.cookie,
        text: 'Folkevalgte vil ha «åpne» møter – alltid! ',
      },
      { label: 'three-employee', cookie: employee.cookie, text: 'Ansatte ønsker referat innen én uke 📝. ' },
    ]
    const [admin, pol, emp] = await Promise.all(
      people.map((p) => suite.open(p.label, `/d/${id}`, { cookie: p.cookie })),
    )
    for (const page of [admin!, pol!, emp!]) await poll(() => status(page)).toContain('Tilkoblet')
    // Three paragraphs, one for each.
    await editor(admin!).click()
    await admin!.keyboard.press('Enter')
    await admin!.keyboard.press('Enter')
    for (const page of [pol!, emp!]) await poll(() => page.locator('.tiptap p').count()).toBe(3)
    await admin!.locator('.tiptap p').nth(0).click()
    await pol!.locator('.tiptap p').nth(1).click()
    await emp!.locator('.tiptap p').nth(2).click()

    await Promise.all(
      [admin!, pol!, emp!].map((page, i) => page.keyboard.type(people[i]!.text, { delay: 5 })),
    )

    const expected = people.map((p) => p.text).join('')
    for (const page of [admin!, pol!, emp!]) {
      await poll(() => text(page)).toBe(expected)
      await poll(() => status(page)).toContain(SAVED)
    }
    const xml = await storedXml(server, id)
    for (const p of people) expect(occurrences(xml, p.text.trimEnd())).toBe(1)

    // Carets named with name and party, in its colour.
    await poll(() => caretLabels(admin!)).toEqual(
      expect.arrayContaining(['Per Politiker · Folkevalgte', 'Tone Tillitsvalgt · Ansatte og tillitsvalgte']),
    )
    expect(await caretColor(admin!, 'Tone Tillitsvalgt')).toBe(rgb(partyColor('employees')))
    // Presence, grouped by party, oneself marked (reading the list takes the focus out of the text,
    // and a caret without focus is not shown to the others: so the carets were read first).
    await poll(() => present(admin!, 'administration')).toEqual(['Admin Adminsen (deg)'])
    await poll(() => present(admin!, 'politicians')).toEqual(['Per Politiker'])
    await poll(() => present(admin!, 'employees')).toEqual(['Tone Tillitsvalgt'])
    await poll(() => present(pol!, 'administration')).toEqual(['Admin Adminsen'])
    await poll(() => present(pol!, 'employees')).toEqual(['Tone Tillitsvalgt'])
    await poll(() => present(emp!, 'politicians')).toEqual(['Per Politiker'])
    await poll(() => present(emp!, 'administration')).toEqual(['Admin Adminsen'])
    expect(await seriousViolations(admin!)).toEqual([])
  })

  it('builds headings, marks, lists, task lists, tables and safe links from a keyboard-reachable toolbar', async () => {
    const { server, world } = suite
    const id = await world.document('Verktøylinje')
    const page = await suite.open('toolbar', `/d/${id}`, { cookie: world.admin.cookie })
    await poll(() => status(page)).toContain('Tilkoblet')
    const tools = toolbarOf(page)
    const { button } = tools
    const focusedName = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))

    // Tiptap gives the focus back to the text on the next animation frame after a toolbar
    // command; a person types long after that, a loaded CI machine's script may not.
    const typed = async (text: string) => {
      await poll(() => page.evaluate(() => document.activeElement?.closest('.tiptap') != null)).toBe(true)
      await page.keyboard.type(text)
    }

    // One tab stop; arrows move along it.
    await editor(page).click()
    await page.keyboard.press('Alt+F10')
    await poll(focusedName).toBe('Tekststil: Brødtekst')
    await page.keyboard.press('ArrowRight')
    await poll(focusedName).toBe('Fet')
    await page.keyboard.press('End')
    await poll(focusedName).toBe((await tools.inRow('Gjør om')) ? 'Gjør om' : 'Flere verktøy')
    expect(await tools.toolbar.locator('button[tabindex="0"]').count()).toBe(1)
    await page.keyboard.press('Home')
    // Enter on the text style menu opens it; a heading chosen there applies and returns to the text.
    await page.keyboard.press('Enter')
    await page.getByRole('menuitemradio', { name: 'Overskrift 1', exact: true }).click()
    await typed('Møteplan')
    await poll(() => tools.blockType.getAttribute('aria-label')).toBe('Tekststil: Overskrift 1')
    expect(await button('Fet').getAttribute('aria-pressed')).toBe('false')
    await page.keyboard.press('Enter')

    await button('Fet').click()
    await poll(() => button('Fet').getAttribute('aria-pressed')).toBe('true')
    await typed('Viktig')
    await button('Fet').click()
    await page.keyboard.press('Enter')

    await button('Sjekkliste').click()
    await typed('Sende innkalling')
    await poll(() => button('Sjekkliste').getAttribute('aria-pressed')).toBe('true')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter') // an empty task item leaves the list

    await button('Sitat').click()
    await typed('Sitert')
    await poll(() => button('Sitat').getAttribute('aria-pressed')).toBe('true')
    await page.keyboard.press('Enter')
    await button('Sitat').click() // lifts the new, empty paragraph out of the quote
    await poll(() => button('Sitat').getAttribute('aria-pressed')).toBe('false')

    // A link: javascript: is refused in words, https is taken.
    await button('Lenke').click()
    const address = page.getByLabel('Lenkeadresse')
    await poll(() => address.evaluate((field) => field === document.activeElement)).toBe(true)
    await address.fill('javascript:alert(document.cookie)')
    await page.getByRole('button', { name: 'Bruk lenken' }).click()
    await poll(() => page.locator('.link-popover [role="alert"]').textContent()).toContain(
      'Bare lenker som begynner med http://, https:// eller mailto: er tillatt.',
    )
    expect(await address.getAttribute('aria-invalid')).toBe('true')
    await address.fill('nordby.kommune.no/moteplan')
    await page.getByRole('button', { name: 'Bruk lenken' }).click()
    await poll(() => page.locator('.tiptap a').getAttribute('href')).toBe(
      'https://nordby.kommune.no/moteplan',
    )
    await poll(() => page.locator('.link-popover').count()).toBe(0)

    // A table with a header row; the table's own tools only while in a table.
    expect(await button('Ny rad under').count()).toBe(0)
    await page.keyboard.press('End')
    await page.keyboard.press('Enter')
    await button('Sett inn tabell').click()
    await poll(() => page.locator('.tiptap table th').count()).toBe(3)
    await typed('Part')
    await tools.use('Ny rad under')
    await poll(() => page.locator('.tiptap table tr').count()).toBe(4)

    await button('Punktliste').click()
    await typed('Punkt i celle')
    // Undo and redo go through Yjs' undo manager (one's own changes only; quick ones are one step).
    await tools.use('Angre')
    await poll(() => page.locator('.tiptap').textContent()).not.toContain('Punkt i celle')
    await tools.use('Gjør om')
    await poll(() => page.locator('.tiptap table li').textContent()).toContain('Punkt i celle')

    await poll(() => status(page)).toContain(SAVED)
    const xml = await storedXml(server, id)
    // (Yjs writes element names in lower case.)
    expect(xml).toContain('<heading level="1">Møteplan</heading>')
    expect(xml).toContain('<paragraph><bold>Viktig</bold></paragraph>')
    expect(xml).toContain(
      '<tasklist><taskitem checked="false"><paragraph>Sende innkalling</paragraph></taskitem></tasklist>',
    )
    expect(xml).toContain('<blockquote><paragraph>Sitert</paragraph></blockquote>')
    expect(xml).toContain('https://nordby.kommune.no/moteplan')
    expect(xml).not.toContain('javascript:')
    expect(occurrences(xml, '<tablerow>')).toBe(4)
    expect(occurrences(xml, '<tableheader')).toBe(3)
    expect(xml).toContain(
      '<bulletlist><listitem><paragraph>PartPunkt i celle</paragraph></listitem></bulletlist>',
    )
    expect(await seriousViolations(page)).toEqual([])
  })

  it('keeps headings, lists, tables and links from Word, LibreOffice and Google Docs, and drops their styling', async () => {
    const { server, world } = suite
    const id = await world.document('Limt inn')
    const page = await suite.open('paste', `/d/${id}`, { cookie: world.admin.cookie })
    await poll(() => status(page)).toContain('Tilkoblet')
    await editor(page).click()
    await paste(page, WORD_HTML)
    await poll(() => page.locator('.tiptap table').count()).toBe(1)
    // Each into an empty paragraph of its own (ProseMirror joins a pasted first block to a non-empty one).
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Enter')
    await paste(page, LIBREOFFICE_HTML)
    await poll(() => page.locator('.tiptap h2').count()).toBe(1)
    await page.keyboard.press('Control+End')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Enter') // an empty list item leaves the list
    await paste(page, GOOGLE_DOCS_HTML)
    await poll(() => text(page)).toContain('og kursiv')

    const host = page.locator('.tiptap')
    expect(await host.locator('h1').textContent()).toBe('Møteplan 2026')
    expect(await host.locator('h2').textContent()).toBe('Vedtak')
    // Word's bullet paragraphs became a list with a nested list; its numbered ones an ordered list.
    expect(await host.locator('ul > li').first().textContent()).toContain('Budsjett')
    expect(await host.locator('ul > li > ul > li').allTextContents()).toEqual(['Lønn'])
    expect(await host.locator('ul').first().locator(':scope > li').count()).toBe(2)
    expect(await host.locator('ol').first().locator(':scope > li').allTextContents()).toEqual([
      'Første sak',
      'Andre sak',
    ])
    expect(await host.locator('ol').nth(1).locator(':scope > li').allTextContents()).toEqual([
      'Kommunestyret vedtar planen',
      'Rådmannen følger opp',
    ])
    expect(await host.locator('table tr').count()).toBe(2)
    expect(await host.locator('table strong').textContent()).toBe('Part')
    expect(await host.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      'https://nordby.kommune.no/moteplan',
    ])
    expect(await host.locator('strong', { hasText: 'viktig' }).count()).toBe(1)
    expect(await host.locator('em', { hasText: 'og kursiv' }).count()).toBe(1)
    expect(await host.locator('strong', { hasText: 'Vanlig' }).count()).toBe(0)
    // No styling came along: no colours, fonts, sizes, Office classes or list markers.
    const html = await host.innerHTML()
    for (const styling of ['color', 'font-family', 'font-size', 'Comic', 'Mso', 'yellow', 'mso-', '·']) {
      expect(html, styling).not.toContain(styling)
    }

    await poll(() => status(page)).toContain(SAVED)
    const xml = await storedXml(server, id)
    expect(xml).not.toContain('javascript:')
    expect(xml).toContain('<heading level="1">Møteplan 2026</heading>')
  })

  it('shows who is here by party, an empty party as empty, readers marked, and announces arrivals politely', async () => {
    const { world } = suite
    const [writer, viewer, id] = await Promise.all([
      world.member('editor', 'employees', { name: 'Eli Skriver' }),
      world.member('viewer', 'politicians', { name: 'Vera Leser' }),
      world.document('Til stede'),
    ])
    const page = await suite.open('presence-writer', `/d/${id}`, { cookie: writer.cookie })
    await poll(() => status(page)).toContain('Tilkoblet')
    await openPresence(page)
    const politicians = page.locator('.presence-party[data-party="politicians"]')
    expect(await politicians.getAttribute('data-empty')).toBe('true')
    expect(await politicians.textContent()).toContain('Ingen til stede')
    const live = page.getByTestId('presence-announcement')
    expect(await live.getAttribute('aria-live')).toBe('polite')
    expect(await live.textContent()).toBe('')

    const viewerPage = await suite.open('presence-viewer', `/d/${id}`, { cookie: viewer.cookie })
    await poll(() => present(page, 'politicians')).toEqual(['Vera Leser · leser'])
    expect(await politicians.getAttribute('data-empty')).toBe('false')
    await poll(() => live.textContent()).toBe('Vera Leser (Folkevalgte) kom inn i dokumentet')
    await poll(() => present(viewerPage, 'employees')).toEqual(['Eli Skriver'])
    // Typing and moving carets announce nothing.
    await editor(page).click()
    await page.keyboard.type('Ingen kunngjøring per tastetrykk.')
    await poll(() => text(viewerPage)).toBe('Ingen kunngjøring per tastetrykk.')
    expect(await live.textContent()).toBe('Vera Leser (Folkevalgte) kom inn i dokumentet')

    await suite.close('presence-viewer')
    await poll(() => live.textContent()).toBe('Vera Leser (Folkevalgte) gikk ut av dokumentet')
    await poll(() => present(page, 'politicians')).toEqual([])
    expect(await politicians.getAttribute('data-empty')).toBe('true')
  })

  it('brings the text back from the server after a reload, once, in this tab and in a second one', async () => {
    const { server, world } = suite
    const [member, id] = await Promise.all([
      world.member('editor', 'administration'),
      world.document('Last på nytt'),
    ])
    const page = await suite.open('reload', `/d/${id}`, { cookie: member.cookie })
    await poll(() => status(page)).toContain('Tilkoblet')
    await editor(page).click()
    await page.keyboard.type('Skrevet én gang.')
    await poll(() => status(page)).toContain(SAVED)
    await page.reload()
    await poll(() => status(page)).toContain(SAVED)
    expect(await text(page)).toBe('Skrevet én gang.')

    // A second tab of the same person: the same text, one person in presence.
    const second = await page.context().newPage()
    suite.watch('reload', second)
    await second.goto(`${server.url}/d/${id}`)
    await poll(() => status(second)).toContain('Tilkoblet')
    await editor(second).click()
    await second.keyboard.press('End')
    await second.keyboard.type(' Og én til.')
    await poll(() => text(page)).toBe('Skrevet én gang. Og én til.')
    await poll(() => status(second)).toContain(SAVED)
    expect(await present(page, 'administration')).toEqual([`${member.name} (deg)`])
    expect(occurrences(await storedXml(server, id), 'Skrevet én gang.')).toBe(1)
    await second.close()
  })

  it('tells a removed member why, and does not reconnect', async () => {
    const { world } = suite
    const [member, id] = await Promise.all([
      world.member('editor', 'employees', { name: 'Rolf Fjernet' }),
      world.document('Fjernet'),
    ])
    let gate!: SocketGate
    const page = await suite.open('removed', `/d/${id}`, {
      cookie: member.cookie,
      setup: async (context) => {
        gate = await gateCollabSockets(context)
        await context.clock.install()
      },
    })
    await poll(() => status(page)).toContain('Tilkoblet')
    const removed = await world.api(
      world.admin,
      'DELETE',
      `/api/workspaces/${world.workspaceId}/members/${member.userId}`,
    )
    expect(removed.status).toBe(204)
    await poll(() => status(page)).toContain('Tilkoblingen er stengt: Du er fjernet fra arbeidsrommet')
    await poll(() => editor(page).getAttribute('contenteditable')).toBe('false')
    const attempts = gate.attempts()
    // Any reconnect would be scheduled within the client's longest backoff (2.5 s): run the page's
    // timers a minute ahead instead of waiting.
    await page.clock.runFor(60_000)
    expect(gate.attempts()).toBe(attempts)
    expect(await status(page)).toContain('Du er fjernet fra arbeidsrommet')
  })

  it('shows a writer who loses write access the text that was never saved, to copy', async () => {
    const { server, world } = suite
    const [member, id] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Dina Degradert' }),
      world.document('Degradert'),
    ])
    let gate!: SocketGate
    const page = await suite.open('demoted', `/d/${id}`, {
      cookie: member.cookie,
      setup: async (context) => {
        gate = await gateCollabSockets(context)
        await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url })
      },
    })
    await poll(() => status(page)).toContain('Tilkoblet')
    await editor(page).click()
    await page.keyboard.type('Lagret tekst. ')
    await poll(() => status(page)).toContain(SAVED)
    // What the page sends from now on never reaches the server: these edits stay unsent.
    gate.hold()
    await page.keyboard.type('Aldri sendt.')
    await poll(() => status(page)).toContain('Lagrer…')

    const demoted = await world.api(
      world.admin,
      'PATCH',
      `/api/workspaces/${world.workspaceId}/members/${member.userId}`,
      {
        role: 'viewer',
      },
    )
    expect(demoted.status).toBe(200)
    await poll(() => editor(page).getAttribute('contenteditable')).toBe('false')
    const unsent = page.getByRole('region', { name: 'Endringer som ikke ble lagret' })
    await unsent.waitFor()
    expect(await unsent.getByLabel('Dokumentteksten slik du hadde den').inputValue()).toBe(
      'Lagret tekst. Aldri sendt.',
    )
    await unsent.getByRole('button', { name: 'Kopier teksten' }).click()
    await poll(() => unsent.getByRole('status').textContent()).toBe('Teksten er kopiert')
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Lagret tekst. Aldri sendt.')
    expect(await status(page)).toContain('Endringene dine kan ikke lagres – du har bare lesetilgang')
    expect(await storedXml(server, id)).not.toContain('Aldri sendt.')
    // A reader keeps nothing locally.
    await poll(() =>
      page.evaluate(
        async () => (await indexedDB.databases()).filter((d) => d.name?.startsWith('trepart:')).length,
      ),
    ).toBe(0)
    expect(await seriousViolations(page)).toEqual([])
  })

  it('logged no errors in any page', () => {
    expect(suite.allErrors()).toEqual({})
  })
})
