/**
 * Comment layers in a real browser (issue 12): three parties in three contexts on one document. A
 * politician comments on a selection; an employee sees it live in the politicians' layer and
 * replies; the politician sees the reply live; the administration's internal comment never reaches
 * the other two (checked after a later shared comment has reached them, so after delivery); hiding
 * the politicians' layer hides its highlights and threads and is remembered, like the filters; the
 * thread survives rewording around it; axe is clean with the panel open and the text column keeps
 * its width at 1366×768; a commenter, who may not write the text, comments (selecting it by
 * keyboard alone too), and made a viewer loses the comment controls at once and gets them back
 * when made a commenter again, without a reload. Needs the server and web app built.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { anchoredText } from '../support/anchors.js'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { caretAt, comments, selectPhrase } from '../support/browser-comments.js'
import { editorPage, expectedApiAnswer, SAVED } from '../support/browser-editor.js'
import { gateCollabSockets, type SocketGate } from '../support/browser-offline.js'
import { useBrowserSuite } from '../support/browser-suite.js'
import { writeParagraphs } from '../support/content.js'

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 50 })
const { status } = editorPage

const PARAGRAPH =
  'Trepartsutvalget skal møtes hver måned, og alle tre parter legger fram sitt syn før vedtak fattes.'
const SECOND = 'Administrasjonen lager utkast til budsjett innen fristen i mars.'
const QUOTE = 'alle tre parter legger fram sitt syn'

const internalShown = (page: Page) =>
  page.locator('.thread-card[data-internal], .tiptap mark[data-internal]').count()

describe.skipIf(!browserAvailable())('comment layers', () => {
  const suite = useBrowserSuite({
    name: 'comments',
    viewport: { width: 1366, height: 768 },
    expectedConsoleError: (text, url) =>
      expectedApiAnswer(text, url) ||
      // Chromium's line when a socket the test cut is still sent to (y-websocket sends until the close event).
      text.startsWith('WebSocket is already in CLOSING or CLOSED state'),
  })

  it('three parties comment live, internal threads stay in their party, layers hide and are remembered', async () => {
    const { server, world } = suite
    const [pol, emp, adm] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Per Politiker' }),
      world.member('editor', 'employees', { name: 'Eva Tillitsvalgt' }),
      world.member('editor', 'administration', { name: 'Ada Rådmann' }),
    ])
    const id = await world.document('Møteplan')
    await writeParagraphs(server, pol, id, [PARAGRAPH, SECOND])
    const [polPage, empPage, admPage] = await Promise.all([
      suite.open('pol', `/d/${id}`, { cookie: pol.cookie }),
      suite.open('emp', `/d/${id}`, { cookie: emp.cookie }),
      suite.open('adm', `/d/${id}`, { cookie: adm.cookie }),
    ])
    for (const page of [polPage, empPage, admPage]) await poll(() => status(page)).toContain(SAVED)
    // Starting and replying go over the collaboration socket the page holds, not as HTTP requests.
    const commentPosts: string[] = []
    for (const page of [polPage, empPage])
      page.on('request', (request) => {
        if (
          request.method() === 'POST' &&
          /\/api\/(documents\/[^/]+\/threads|threads\/[^/]+\/comments)$/.test(request.url())
        )
          commentPosts.push(request.url())
      })

    // The politician selects text and comments with the button beside the selection.
    await selectPhrase(polPage, QUOTE)
    await polPage.getByRole('button', { name: 'Kommenter' }).first().click()
    const compose = polPage.locator('.compose-form')
    await compose
      .getByLabel('Kommentar', { exact: true })
      .fill('Bør vi si «likeverdig» her?\nSe https://ks.no.')
    await compose.getByRole('button', { name: 'Kommenter' }).click()
    const polCard = comments.card(polPage, 'Bør vi si')
    await polCard.waitFor()
    // The focus is on the new thread; its link is a link, its line break a break.
    await poll(() => polPage.evaluate(() => document.activeElement?.classList.contains('thread-card'))).toBe(
      true,
    )
    expect(await polCard.getByRole('link', { name: 'https://ks.no' }).getAttribute('href')).toBe(
      'https://ks.no',
    )
    expect(await polCard.locator('.comment-body br').count()).toBe(1)
    await poll(() => comments.highlights(polPage).then((h) => Object.values(h))).toEqual([QUOTE])
    // Escape from the thread goes back to its text, selected.
    await polPage.keyboard.press('Escape')
    await poll(() => polPage.evaluate(() => document.activeElement?.classList.contains('tiptap'))).toBe(true)
    expect(await polPage.evaluate(() => window.getSelection()?.toString())).toBe(QUOTE)

    // The employee sees it live, in the politicians' colour and name, and replies.
    const empCard = comments.card(empPage, 'Bør vi si')
    await empCard.waitFor()
    expect(await empCard.locator('.thread-head').textContent()).toContain('Folkevalgte')
    await poll(() => comments.highlightParties(empPage)).toEqual(['politicians'])
    expect(await empPage.locator('mark.comment-highlight').first().getAttribute('title')).toBe(
      'Kommentar fra Folkevalgte',
    )
    await empCard.getByRole('button', { name: 'Svar …' }).click()
    // The reply box takes the focus as it opens.
    const replyBox = empCard.getByRole('textbox', { name: /^Svar på/ })
    await poll(() => replyBox.evaluate((box) => box === document.activeElement)).toBe(true)
    await replyBox.fill('Ja, det står i avtalen.')
    await empCard.getByRole('button', { name: 'Svar', exact: true }).click()
    // The politician sees the reply live, with its author's name and party.
    const reply = polCard.locator('.comment', { hasText: 'Ja, det står i avtalen.' })
    await reply.waitFor()
    expect(await reply.locator('.comment-meta').textContent()).toContain('Eva Tillitsvalgt')
    expect(await reply.locator('.comment-meta').textContent()).toContain('Ansatte og tillitsvalgte')
    expect(commentPosts).toEqual([])
    // Screen readers hear who replied.
    await poll(() => polPage.locator('#comments-panel p.visually-hidden[role="status"]').textContent()).toBe(
      'Nytt svar fra Eva Tillitsvalgt (Ansatte og tillitsvalgte)',
    )

    // The administration writes a comment only its own party sees.
    await selectPhrase(admPage, 'utkast til budsjett')
    await admPage.keyboard.press('Control+Alt+KeyM')
    const admCompose = admPage.locator('.compose-form')
    await admCompose.getByRole('radio', { name: /^Bare min part/ }).check()
    expect(await admCompose.textContent()).toContain('Bare Administrasjonen ser denne kommentaren.')
    await admCompose.getByLabel('Kommentar', { exact: true }).fill('Internt: vi trenger tall fra økonomi.')
    await admCompose.getByRole('button', { name: 'Kommenter' }).click()
    const admCard = comments.card(admPage, 'Internt: vi trenger tall')
    await admCard.waitFor()
    expect(await admCard.textContent()).toContain('Internt for Administrasjonen')
    await poll(() => admPage.locator('.tiptap mark[data-internal]').count()).toBeGreaterThan(0)
    // From the text to its thread: Ctrl+Alt+M with the caret in a highlight and nothing selected.
    await caretAt(admPage, 'utkast til', 'after')
    await admPage.keyboard.press('Control+Alt+KeyM')
    await poll(() =>
      admPage.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.internal ?? null),
    ).toBe('true')

    // A later shared comment reaches the other two: whatever the internal one would have sent, it
    // would have arrived before it; it did not.
    await selectPhrase(empPage, 'møtes hver måned')
    await comments.post(empPage, 'Månedlig er for ofte for oss.')
    for (const page of [polPage, admPage]) await comments.card(page, 'Månedlig er for ofte').waitFor()
    for (const page of [polPage, empPage]) {
      expect(await internalShown(page)).toBe(0)
      expect(await page.locator('#comments-panel').textContent()).not.toContain('Internt: vi trenger tall')
    }
    // Participation counts what each may see: the administration has no shared thread.
    const figures = (page: Page, party: string) =>
      page.locator(`.participation-figures li[data-party="${party}"]`).textContent()
    await poll(() => figures(polPage, 'employees')).toContain('1 tråd, 1 svar')
    await poll(() => figures(polPage, 'administration')).toContain('0 tråder, 0 svar')
    await poll(() => figures(admPage, 'administration')).toContain('1 tråd, 0 svar')

    // The employee hides the politicians' layer: its highlights and threads go; after a reload too.
    await empPage.getByText('Lag og filtre').click()
    await empPage.getByRole('checkbox', { name: 'Folkevalgte' }).uncheck()
    await poll(() => comments.card(empPage, 'Bør vi si').count()).toBe(0)
    await poll(() => comments.highlightParties(empPage)).toEqual(['employees'])
    await empPage.reload()
    await poll(() => status(empPage)).toContain(SAVED)
    await comments.card(empPage, 'Månedlig er for ofte').waitFor()
    await poll(() => comments.highlightParties(empPage)).toEqual(['employees'])
    expect(await comments.card(empPage, 'Bør vi si').count()).toBe(0)
    await empPage.getByText('Lag og filtre').click()
    expect(await empPage.getByRole('checkbox', { name: 'Folkevalgte' }).isChecked()).toBe(false)

    // The politician rewords the paragraph around the quote: the thread keeps its text.
    await caretAt(polPage, 'Trepartsutvalget', 'before')
    await polPage.keyboard.type('Forslag: ')
    await caretAt(polPage, 'vedtak fattes.', 'after')
    await polPage.keyboard.type(' Dette gjelder fra høsten.')
    // Right up to the quote on both sides, too.
    await caretAt(polPage, QUOTE, 'after')
    await polPage.keyboard.type(',')
    await poll(() => status(polPage)).toContain(SAVED)
    for (const page of [polPage, admPage]) {
      await poll(() => page.locator('.tiptap p').first().textContent()).toContain('fra høsten.')
      await poll(() =>
        page
          .locator(`mark.comment-highlight[data-party="politicians"]`)
          .evaluateAll((m) => m.map((e) => e.textContent).join('')),
      ).toBe(QUOTE)
      expect(await comments.card(page, 'Bør vi si').locator('.thread-detached').count()).toBe(0)
    }

    // Axe with the panel open and full of threads, and the text column keeps its width beside it.
    expect(await wcagViolations(polPage)).toEqual([])
    const layout = await polPage.evaluate(() => {
      const column = document.querySelector('.document-column')!.getBoundingClientRect()
      const panel = document.querySelector('#comments-panel')!.getBoundingClientRect()
      const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize)
      return {
        column: { left: column.left, right: column.right, width: column.width },
        panel: { left: panel.left, right: panel.right, width: panel.width },
        window: window.innerWidth,
        scrollWidth: document.documentElement.scrollWidth,
        rem,
      }
    })
    expect(layout.column.width).toBeCloseTo(38 * layout.rem, 0)
    expect(Math.abs(layout.column.left - (layout.window - layout.column.right))).toBeLessThan(24)
    expect(layout.panel.left).toBeGreaterThanOrEqual(layout.column.right)
    expect(layout.panel.width).toBeGreaterThanOrEqual(18 * layout.rem - 1)
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.window)
    expect(suite.allErrors()).toEqual({})
    for (const label of ['pol', 'emp', 'adm']) await suite.close(label)
  })

  it('lets a commenter, who may not write the text, comment on it', async () => {
    const { server, world } = suite
    const [writer, commenter] = await Promise.all([
      world.member('editor', 'politicians'),
      world.member('commenter', 'employees', { name: 'Kim Kommentator' }),
    ])
    const id = await world.document('Høring')
    await writeParagraphs(server, writer, id, ['Høringsfristen er satt til tre uker etter utsendelse.'])
    const page = await suite.open('commenter', `/d/${id}`, { cookie: commenter.cookie })
    await poll(() => status(page)).toContain('Bare lesetilgang')
    expect(await page.locator('.tiptap').getAttribute('contenteditable')).toBe('false')
    await selectPhrase(page, 'tre uker')
    // Escape leaves the new comment's form and returns to the text.
    await page.keyboard.press('Control+Alt+KeyM')
    await page.locator('.compose-form textarea').waitFor()
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('compose-body')
    await page.keyboard.press('Escape')
    await poll(() => page.locator('.compose-form').count()).toBe(0)
    await poll(() => page.evaluate(() => document.activeElement?.classList.contains('tiptap'))).toBe(true)
    await selectPhrase(page, 'tre uker')
    await comments.post(page, 'Tre uker er for kort for fagforeningene.')
    await comments.card(page, 'Tre uker er for kort').waitFor()
    await poll(() => comments.highlights(page).then((h) => Object.values(h))).toEqual(['tre uker'])
    const answer = await world.api(writer, 'GET', `/api/documents/${id}/threads`)
    const { threads } = (await answer.json()) as { threads: { quote: string; party: string }[] }
    expect(threads).toEqual([expect.objectContaining({ quote: 'tre uker', party: 'employees' })])
    // Resolved: the highlight goes, the card leaves the open threads and the focus goes to the heading.
    await comments.card(page, 'Tre uker er for kort').getByRole('button', { name: 'Marker som løst' }).click()
    await poll(() => comments.card(page, 'Tre uker er for kort').count()).toBe(0)
    await poll(() => comments.highlights(page)).toEqual({})
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('comments-title')
    expect(await page.locator('.comments-notice').textContent()).toContain('Tråden er løst.')
    // The resolved threads, chosen in the filters, are still what the panel shows after a reload.
    const filters = page.locator('.comments-controls summary')
    await filters.click()
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Løste' })
    await comments.card(page, 'Tre uker er for kort').waitFor()
    await page.reload()
    await comments.card(page, 'Tre uker er for kort').waitFor()
    await filters.click()
    expect(await page.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('resolved')
    expect(suite.allErrors()).toEqual({})
    await suite.close('commenter')
  })

  it('lets a commenter select text by keyboard alone (arrows, Shift to extend) and comment on it', async () => {
    const { server, world } = suite
    const [writer, commenter] = await Promise.all([
      world.member('editor', 'politicians'),
      world.member('commenter', 'employees'),
    ])
    const id = await world.document('Tastatur')
    const first = 'Høringsfristen er satt til tre uker etter utsendelse.'
    const second = 'Svarene samles av administrasjonen.'
    await writeParagraphs(server, writer, id, [first, second])
    const page = await suite.open('keyboard', `/d/${id}`, { cookie: commenter.cookie })
    await poll(() => status(page)).toContain('Bare lesetilgang')
    const text = page.locator('.tiptap')
    expect(await text.getAttribute('contenteditable')).toBe('false')
    const selected = () => page.evaluate(() => window.getSelection()?.toString())
    await text.focus()
    // To the text's start; a caret is drawn where it is (the browser draws none in read-only text).
    await page.keyboard.press('Control+Home')
    await page.locator('.tiptap .reader-caret').waitFor()
    // Down a line into the second paragraph, and Shift+End selects all of its line.
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Shift+End')
    await poll(selected).toBe(second)
    expect(await page.locator('.tiptap .reader-caret').count()).toBe(0)
    // Back to the start, on by four words and one character, then Shift+ArrowRight eight times.
    await page.keyboard.press('Control+Home')
    for (let i = 0; i < 4; i++) await page.keyboard.press('Control+ArrowRight')
    await page.keyboard.press('ArrowRight')
    for (let i = 0; i < 8; i++) await page.keyboard.press('Shift+ArrowRight')
    await poll(selected).toBe('tre uker')
    // Keys that would write do nothing.
    await page.keyboard.type('x')
    await page.keyboard.press('Backspace')
    await page.keyboard.press('Enter')
    expect(await page.locator('.tiptap p').allTextContents()).toEqual([first, second])
    await poll(selected).toBe('tre uker')
    // Ctrl+Alt+M on the selection, and the comment is on exactly that text.
    await page.keyboard.press('Control+Alt+KeyM')
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('compose-body')
    await page.keyboard.type('Tre uker er for kort.')
    await page.keyboard.press('Control+Enter')
    await comments.card(page, 'Tre uker er for kort.').waitFor()
    await poll(() => comments.highlights(page).then((h) => Object.values(h))).toEqual(['tre uker'])
    const answer = await world.api(writer, 'GET', `/api/documents/${id}/threads`)
    const { threads } = (await answer.json()) as { threads: { quote: string }[] }
    expect(threads.map((th) => th.quote)).toEqual(['tre uker'])
    expect(await wcagViolations(page)).toEqual([])
    expect(suite.allErrors()).toEqual({})
    await suite.close('keyboard')
  })

  it('takes the comment controls from a commenter made a viewer, and gives them back, without a reload', async () => {
    const { server, world } = suite
    const [writer, commenter] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Pia Skriver' }),
      world.member('commenter', 'employees', { name: 'Kari Kommentator' }),
    ])
    const id = await world.document('Rolleskifte')
    const anchor = await anchoredText(server.collabUrl, writer, id, 'Budsjettet vedtas i desember.', 10)
    // A thread of another's (reply, resolve) and one of the commenter's own (also edit, delete).
    for (const [actor, body] of [
      [writer, 'Fra skriveren.'],
      [commenter, 'Fra kommentatoren.'],
    ] as const) {
      const res = await world.api(actor, 'POST', `/api/documents/${id}/threads`, {
        anchor,
        visibility: 'shared',
        body,
      })
      expect(res.status).toBe(201)
    }
    const page = await suite.open('demoted', `/d/${id}`, { cookie: commenter.cookie })
    await poll(() => status(page)).toContain('Bare lesetilgang')
    const buttons = (text: string) => comments.card(page, text).getByRole('button').allTextContents()
    const controls = {
      others: ['Svar …', 'Vis i teksten', 'Marker som løst'],
      own: ['Rediger', 'Slett', 'Svar …', 'Vis i teksten', 'Marker som løst'],
      reader: ['Vis i teksten'],
    }
    await poll(() => buttons('Fra skriveren.')).toEqual(controls.others)
    expect(await buttons('Fra kommentatoren.')).toEqual(controls.own)
    // A new thread is being written, its form holding the focus, when the admin makes them a viewer.
    await selectPhrase(page, 'i desember')
    await page.locator('.comment-trigger').waitFor()
    await page.keyboard.press('Control+Alt+KeyM')
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('compose-body')
    const path = `/api/workspaces/${world.workspaceId}/members/${commenter.userId}`
    expect((await world.api(world.admin, 'PATCH', path, { role: 'viewer' })).status).toBe(200)
    await poll(() => buttons('Fra skriveren.')).toEqual(controls.reader)
    expect(await buttons('Fra kommentatoren.')).toEqual(controls.reader)
    expect(await page.locator('.compose-form').count()).toBe(0)
    expect(await page.locator('.comment-trigger').count()).toBe(0)
    // The panel says why, and has the focus its form had.
    expect(await page.locator('.comments-notice').textContent()).toBe(
      'Rollen din er endret: du kan ikke lenger kommentere.',
    )
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('comments-title')
    expect(await page.locator('#read-only-notice').textContent()).toContain('arbeidsrommet er leser.')
    // Ctrl+Alt+M on a selection no longer opens a form.
    await selectPhrase(page, 'i desember')
    await page.keyboard.press('Control+Alt+KeyM')
    expect(await page.locator('.compose-form').count()).toBe(0)
    // Made a commenter again: everything comes back, and a comment goes through.
    expect((await world.api(world.admin, 'PATCH', path, { role: 'commenter' })).status).toBe(200)
    await poll(() => buttons('Fra skriveren.')).toEqual(controls.others)
    expect(await buttons('Fra kommentatoren.')).toEqual(controls.own)
    expect(await page.locator('.comments-notice').textContent()).toBe(
      'Rollen din er endret: nå kan du kommentere.',
    )
    await page.locator('.comment-trigger').waitFor()
    await comments.card(page, 'Fra skriveren.').getByRole('button', { name: 'Svar …' }).click()
    const replyBox = comments.card(page, 'Fra skriveren.').getByRole('textbox', { name: /^Svar på/ })
    await replyBox.fill('Nå kan jeg svare igjen.')
    await comments.card(page, 'Fra skriveren.').getByRole('button', { name: 'Svar', exact: true }).click()
    await comments.card(page, 'Nå kan jeg svare igjen.').waitFor()
    expect(suite.allErrors()).toEqual({})
    await suite.close('demoted')
  })

  it('on a narrow screen, collapses to a toggle in the sticky row that opens a side sheet over the page', async () => {
    const { server, world } = suite
    const member = await world.member('editor', 'employees')
    const id = await world.document('Smal skjerm')
    await writeParagraphs(server, member, id, [PARAGRAPH])
    const page = await suite.open('narrow', `/d/${id}`, { cookie: member.cookie, width: 1000, height: 768 })
    await poll(() => status(page)).toContain(SAVED)
    const columnWidth = () =>
      page.locator('.document-column').evaluate((c) => c.getBoundingClientRect().width)
    const before = await columnWidth()
    const toggle = page.locator('.editor-chrome .comments-toggle')
    expect(await toggle.textContent()).toBe('Kommentarer (0)')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await comments.panel(page).isVisible()).toBe(false)
    // Ctrl+Alt+M opens the sheet with the form; the thread posted, the toggle counts it.
    await selectPhrase(page, QUOTE)
    await comments.post(page, 'Godt formulert.')
    await comments.card(page, 'Godt formulert.').waitFor()
    await poll(() => toggle.textContent()).toBe('Kommentarer (1)')
    // Deleting one's comment takes a second press; the thread keeps its place.
    const card = comments.card(page, 'Godt formulert.')
    await card.getByRole('button', { name: 'Slett' }).click()
    await card.getByRole('button', { name: 'Bekreft sletting' }).click()
    await page.locator('.thread-card .comment-deleted', { hasText: 'Kommentaren er slettet' }).waitFor()
    await poll(() =>
      page.locator('.participation-figures li[data-party="employees"]').textContent(),
    ).toContain('1 tråd, 0 svar')
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    expect(await wcagViolations(page)).toEqual([])
    // Escape closes it and gives the focus back to the toggle; the text kept its width throughout.
    await page.keyboard.press('Escape')
    await poll(() => comments.panel(page).isVisible()).toBe(false)
    await poll(() => toggle.evaluate((t) => t === document.activeElement)).toBe(true)
    expect(await columnWidth()).toBe(before)
    await toggle.click()
    await poll(() => page.locator('#comments-title').evaluate((h) => h === document.activeElement)).toBe(true)
    expect(await suite.allErrors()).toEqual({})
    await suite.close('narrow')
  })

  it('renders hostile bodies as text, and drops the old party’s internal threads at once when a member changes party', async () => {
    const { server, world } = suite
    const [author, mover] = await Promise.all([
      world.member('editor', 'administration', { name: 'Ada Forfatter' }),
      world.member('editor', 'administration', { name: 'Mona Flytter' }),
    ])
    const id = await world.document('Partibytte')
    const anchor = await anchoredText(server.collabUrl, author, id, 'Bemanningsplanen for neste år.', 14)
    const page = await suite.open('mover', `/d/${id}`, { cookie: mover.cookie })
    await poll(() => status(page)).toContain(SAVED)
    const start = (visibility: 'shared' | 'party', body: string) =>
      world.api(author, 'POST', `/api/documents/${id}/threads`, { anchor, visibility, body }).then((r) => {
        expect(r.status).toBe(201)
      })
    const hostile =
      '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script> javascript:alert(1) https://ok.no'
    await start('shared', hostile)
    await start('party', 'Bare for administrasjonen.')
    const shared = comments.card(page, 'onerror')
    await shared.waitFor()
    // Markup is text; only the https address is a link.
    expect(await shared.locator('.comment-body').textContent()).toBe(hostile)
    expect(await shared.locator('.comment-body img, .comment-body script').count()).toBe(0)
    expect(
      await shared
        .locator('.comment-body a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    ).toEqual(['https://ok.no'])
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined()
    await comments.card(page, 'Bare for administrasjonen.').waitFor()
    // The member moves to the employees: the administration's internal thread leaves the open page.
    const moved = await world.api(
      world.admin,
      'PATCH',
      `/api/workspaces/${world.workspaceId}/members/${mover.userId}`,
      {
        party: 'employees',
      },
    )
    expect(moved.status).toBe(200)
    await poll(() => comments.card(page, 'Bare for administrasjonen.').count()).toBe(0)
    await poll(() => page.locator('.tiptap mark[data-internal]').count()).toBe(0)
    expect(await shared.count()).toBe(1)
    // The page says who the member is now, and the internal layer is the new party's.
    await poll(() => page.locator('.document-facts').textContent()).toContain('Ansatte og tillitsvalgte')
    await poll(() => page.locator('.layer-internal').first().textContent()).toContain(
      'Ansatte og tillitsvalgte',
    )
    expect(suite.allErrors()).toEqual({})
    await suite.close('mover')
  })

  it('fetches the threads again after a reconnect: what was said while the socket was down shows up', async () => {
    const { server, world } = suite
    const [writer, reader] = await Promise.all([
      world.member('editor', 'politicians', { name: 'Pål Skriver' }),
      world.member('viewer', 'employees'),
    ])
    const id = await world.document('Frakoblet')
    const anchor = await anchoredText(server.collabUrl, writer, id, 'Turnusen endres fra januar.', 7)
    let gate!: SocketGate
    const page = await suite.open('reader', `/d/${id}`, {
      cookie: reader.cookie,
      setup: async (context) => {
        gate = await gateCollabSockets(context)
      },
    })
    await poll(() => status(page)).toContain('Tilkoblet')
    await gate.cut()
    await poll(() => status(page)).toContain('Frakoblet')
    const posted = await world.api(writer, 'POST', `/api/documents/${id}/threads`, {
      anchor,
      visibility: 'shared',
      body: 'Sagt mens du var borte.',
    })
    expect(posted.status).toBe(201)
    gate.restore()
    const card = comments.card(page, 'Sagt mens du var borte.')
    await card.waitFor()
    // A viewer: no Comment button and no reply, resolve, edit or delete anywhere.
    expect(await card.getByRole('button').allTextContents()).toEqual(['Vis i teksten'])
    expect(await page.locator('.comment-trigger').count()).toBe(0)
    expect(suite.allErrors()).toEqual({})
    await suite.close('reader')
  })

  it('shows each document’s open threads in the workspace’s list, live, counting only what the member may see', async () => {
    const { server, world } = suite
    const [pol, adm, emp] = await Promise.all([
      world.member('editor', 'politicians'),
      world.member('editor', 'administration'),
      world.member('viewer', 'employees'),
    ])
    const id = await world.document('Budsjettforslag')
    const anchor = await anchoredText(server.collabUrl, pol, id, 'Rammen økes med to prosent.', 6)
    const start = (actor: typeof pol, visibility: 'shared' | 'party', body: string) =>
      world.api(actor, 'POST', `/api/documents/${id}/threads`, { anchor, visibility, body }).then((r) => {
        expect(r.status).toBe(201)
      })
    await start(pol, 'shared', 'Hvorfor to?')
    const page = await suite.open('list', `/w/${world.workspaceId}`, { cookie: emp.cookie })
    const row = page.getByRole('row', { name: /Budsjettforslag/ })
    const count = () => row.locator('.thread-count').textContent()
    await poll(count).toContain('1 åpen kommentartråd')
    // Another party's internal thread is not counted; a shared one after it is, live.
    await start(adm, 'party', 'Internt')
    await start(adm, 'shared', 'Delt')
    await poll(count).toContain('2 åpne kommentartråder')
    expect(await count()).not.toContain('3')
    expect(suite.allErrors()).toEqual({})
    await suite.close('list')
  })
})
