#!/usr/bin/env node
/**
 * Writes screenshots for the README to docs/screenshots/: the document page with three parties
 * present (their carets and presence) at 1366×768 and 1920×1080, the same page with the comments
 * panel holding threads of all three parties' layers (and an internal one) at both sizes, the
 * workspace page, search results, and a meeting at the table (agenda with the current item, an
 * outcome, attendance per party). `OUT_DIR` writes them elsewhere (to look at a change without touching the committed ones). A real server (built dist,
 * temporary data) and real accounts; the text is typed and pasted through the editor like a person
 * would, never seeded.
 *
 *   npx turbo run build --filter=@trepart/server --filter=@trepart/web
 *   npm run screenshots
 */
import fs from 'node:fs'
import path from 'node:path'
import { apiClient, LIVE, launchBrowser, REPO_ROOT, SAVED, signedInContext, startServer } from './harness.mjs'

const OUT = process.env.OUT_DIR ?? path.join(REPO_ROOT, 'docs/screenshots')
const LAPTOP = { width: 1366, height: 768 }
const PROJECTOR = { width: 1920, height: 1080 }

const CONTENT = `<h2>Bakgrunn</h2>
<p>Trepartsutvalget i Nordby skal møtes jevnlig og skrive forslagene sine sammen.</p>
<h2>Forslag</h2>
<ul><li><p>Fire faste møter i året, ett per kvartal</p></li><li><p>Referat innen én uke</p></li></ul>
<table><tr><th><p>Part</p></th><th><p>Ansvar</p></th></tr>
<tr><td><p>Administrasjonen</p></td><td><p>Innkalling og saksliste</p></td></tr>
<tr><td><p>Ansatte og tillitsvalgte</p></td><td><p>Referat</p></td></tr></table>
<p>Se <a href="https://nordby.kommune.no/moteplan">møteplanen</a>.</p>`

const waitForText = (page, text) =>
  page.waitForFunction((t) => document.querySelector('.status-line')?.textContent?.includes(t), text, {
    timeout: 20_000,
  })

/** Selects `phrase` in the page's editor (across text nodes) and writes a comment on it through the UI. */
async function comment(page, phrase, body, visibility = 'shared') {
  await page.locator('.tiptap').focus()
  // ProseMirror draws its own selection a moment after gaining the focus and reads the browser's on
  // selectionchange: select, wait until it has ours, select again if it drew its own over it.
  for (let attempt = 1; ; attempt++) {
    await page.evaluate((phrase) => {
      const root = document.querySelector('.tiptap')
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      const nodes = []
      for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node)
      const at = nodes
        .map((n) => n.data)
        .join('')
        .indexOf(phrase)
      if (at < 0) throw new Error(`"${phrase}" is not in the text`)
      const point = (offset) => {
        let seen = 0
        for (const node of nodes) {
          if (offset <= seen + node.data.length) return [node, offset - seen]
          seen += node.data.length
        }
      }
      const range = document.createRange()
      range.setStart(...point(at))
      range.setEnd(...point(at + phrase.length))
      getSelection().removeAllRanges()
      getSelection().addRange(range)
      window.wantedSelection = {
        from: root.editor.view.posAtDOM(range.startContainer, range.startOffset),
        to: root.editor.view.posAtDOM(range.endContainer, range.endOffset),
      }
    }, phrase)
    const taken = await page
      .waitForFunction(
        () => {
          const { from, to } = document.querySelector('.tiptap').editor.state.selection
          return from === window.wantedSelection.from && to === window.wantedSelection.to
        },
        null,
        { timeout: 1_000 },
      )
      .then(
        () => true,
        () => false,
      )
    if (taken) break
    if (attempt === 5) throw new Error(`the editor did not take the selection of "${phrase}"`)
  }
  await page.keyboard.press('Control+Alt+KeyM')
  const form = page.locator('.compose-form')
  await form.getByLabel('Kommentar', { exact: true }).fill(body)
  if (visibility === 'party') await form.getByRole('radio', { name: /^Bare min part/ }).check()
  await form.getByRole('button', { name: 'Kommenter' }).click()
  await form.waitFor({ state: 'detached' })
}

const server = await startServer()
const browser = await launchBrowser()
try {
  fs.mkdirSync(OUT, { recursive: true })
  const api = apiClient(server.url)
  const admin = await api.signup('Anne Rådmann', 'anne@nordby.test')
  const workspaceId = await api.workspace(admin, 'Trepartsutvalget i Nordby', 'administration')
  const politician = await api.member(admin, workspaceId, {
    name: 'Per Ordfører',
    email: 'per@nordby.test',
    party: 'politicians',
    role: 'editor',
  })
  const employee = await api.member(admin, workspaceId, {
    name: 'Tone Tillitsvalgt',
    email: 'tone@nordby.test',
    party: 'employees',
    role: 'editor',
  })
  await api.member(admin, workspaceId, {
    name: 'Vera Verneombud',
    email: 'vera@nordby.test',
    party: 'employees',
    role: 'viewer',
  })
  const documentId = await api.document(admin, workspaceId, 'Møteplan for trepartsutvalget')
  await api.document(politician, workspaceId, 'Referat fra oppstartsmøtet', 'minutes')
  const homeOfficeId = await api.document(employee, workspaceId, 'Forslag om hjemmekontor', 'proposal')

  const open = async (actor, viewport = LAPTOP) => {
    const context = await signedInContext(browser, actor, server.url, { viewport })
    const page = await context.newPage()
    await page.goto(`${server.url}/d/${documentId}`)
    await waitForText(page, LIVE)
    return page
  }
  const adminPage = await open(admin)
  await adminPage.locator('.tiptap').click()
  await adminPage.locator('.tiptap').evaluate((element, html) => {
    const transfer = new DataTransfer()
    transfer.setData('text/html', html)
    element.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }),
    )
  }, CONTENT)
  await waitForText(adminPage, SAVED)
  const [politicianPage, employeePage] = await Promise.all([open(politician), open(employee)])
  // Carets in different places: each clicks into a different part of the text.
  const typeAway = async () => {
    await politicianPage.locator('.tiptap li').first().click()
    await politicianPage.keyboard.press('End')
    await politicianPage.keyboard.type(', og ved behov')
    await employeePage.locator('.tiptap td').last().click()
    await employeePage.keyboard.press('End')
    await employeePage.keyboard.type(' og oppfølging')
    for (const page of [adminPage, politicianPage, employeePage]) await waitForText(page, SAVED)
  }
  await adminPage.locator('.tiptap p').first().click()
  await typeAway()
  await adminPage.waitForFunction(() => document.querySelectorAll('.collaboration-carets__label').length >= 2)
  await adminPage.waitForFunction(() => document.querySelectorAll('.presence .avatar').length >= 3)
  await adminPage.screenshot({ path: path.join(OUT, 'document-page-1366.png') })

  await adminPage.setViewportSize(PROJECTOR)
  await politicianPage.keyboard.type(' og på forespørsel')
  for (const page of [politicianPage, adminPage]) await waitForText(page, SAVED)
  await adminPage.screenshot({ path: path.join(OUT, 'document-page-1920.png') })

  // The comments panel with every party's layer: shared threads of all three, a reply across
  // parties, and the administration's internal note (which only the administration sees).
  await adminPage.setViewportSize(LAPTOP)
  await comment(politicianPage, 'Fire faste møter i året', 'Holder fire møter? Vi ønsker minst seks i året.')
  await comment(
    employeePage,
    'Referat innen én uke',
    'Referatet bør sendes til alle ansatte, ikke bare utvalget.',
  )
  await comment(adminPage, 'Innkalling og saksliste', 'Vi sender innkalling to uker før hvert møte.')
  await comment(adminPage, 'skrive forslagene sine sammen', 'Sjekk budsjettrammen før neste møte.', 'party')
  const firstCard = employeePage.locator('.thread-card', { hasText: 'Holder fire møter?' })
  await firstCard.getByRole('button', { name: 'Svar …' }).click()
  await firstCard.getByRole('textbox').fill('Seks møter passer for oss, om referatene kommer raskt.')
  await firstCard.getByRole('button', { name: 'Svar', exact: true }).click()
  await adminPage.locator('.comment', { hasText: 'Seks møter passer' }).waitFor()
  await adminPage.waitForFunction(() => document.querySelectorAll('.thread-card').length === 4)
  // The participation figures follow thread news a moment later (fetched at most every 2 s).
  await adminPage.waitForFunction(() =>
    document.querySelector('.participation-figures [data-party="employees"]')?.textContent.includes('1 svar'),
  )
  await adminPage.getByText('Se møteplanen').click()
  await adminPage.evaluate(() => window.scrollTo(0, 0))
  await adminPage.screenshot({ path: path.join(OUT, 'comments-panel-1366.png') })
  await adminPage.setViewportSize(PROJECTOR)
  await adminPage.evaluate(() => window.scrollTo(0, 0))
  await adminPage.waitForFunction(() => document.querySelectorAll('.thread-card').length === 4)
  await adminPage.screenshot({ path: path.join(OUT, 'comments-panel-1920.png') })

  await adminPage.setViewportSize(LAPTOP)
  await adminPage.goto(`${server.url}/w/${workspaceId}`)
  await adminPage.getByRole('heading', { name: 'Trepartsutvalget i Nordby', level: 1 }).waitFor()
  await adminPage.getByText('Forslag om hjemmekontor').first().waitFor()
  await adminPage.screenshot({ path: path.join(OUT, 'workspace-page.png') })

  const search = adminPage.getByRole('searchbox').first()
  await search.fill('referat')
  // The index follows commits in batches (SEARCH_INDEX_DELAY_MS): search again until it has the last words.
  for (;;) {
    await search.press('Enter')
    await adminPage.locator('.search-results li').first().waitFor()
    if ((await adminPage.locator('.search-results').textContent()).includes('forespørsel')) break
    await adminPage.waitForTimeout(500)
  }
  await adminPage.screenshot({ path: path.join(OUT, 'search-results.png') })

  // A meeting at the table: planned through the API, run from the page by its chair.
  const hour = 3_600_000
  const start = new Date(Math.ceil(Date.now() / hour) * hour)
  const { meeting } = await (
    await api.request(admin, 'POST', `/api/workspaces/${workspaceId}/meetings`, {
      title: 'Trepartsutvalget, desember',
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * hour).toISOString(),
      place: 'Rådhuset, møterom 2',
      secretaryId: employee.user.id,
    })
  ).json()
  const items = []
  for (const [title, linked, party, plannedMinutes] of [
    ['Møteplan for 2027', documentId, 'administration', 20],
    ['Hjemmekontor i kommunen', homeOfficeId, 'employees', 30],
    ['Eventuelt', undefined, 'politicians', 10],
  ]) {
    const body = { title, party, plannedMinutes, ...(linked ? { documentId: linked } : {}) }
    items.push(
      (await (await api.request(admin, 'POST', `/api/meetings/${meeting.id}/items`, body)).json()).item,
    )
  }
  await api.request(admin, 'POST', `/api/meetings/${meeting.id}/open`)
  await api.request(admin, 'PUT', `/api/meetings/${meeting.id}/items/${items[0].id}/outcome`, {
    outcome: 'noted',
  })
  await api.request(admin, 'POST', `/api/meetings/${meeting.id}/current`, { itemId: items[1].id })
  // Present by being on the meeting page while it is open: the three of them.
  const meetingPages = await Promise.all(
    [politician, employee].map(async (actor) => {
      const context = await signedInContext(browser, actor, server.url, { viewport: LAPTOP })
      const page = await context.newPage()
      await page.goto(`${server.url}/m/${meeting.id}`)
      return page
    }),
  )
  await adminPage.goto(`${server.url}/m/${meeting.id}`)
  await adminPage.getByRole('heading', { name: 'Trepartsutvalget, desember', level: 1 }).waitFor()
  for (const page of meetingPages) await page.getByRole('heading', { level: 1 }).waitFor()
  // The three of them recorded present (from their open pages), one per party.
  await adminPage.waitForFunction(
    () => (document.querySelector('.attendance')?.textContent?.match(/· til stede/g) ?? []).length >= 3,
    null,
    { timeout: 20_000 },
  )
  await adminPage.screenshot({ path: path.join(OUT, 'meeting-page.png'), fullPage: true })
  console.log(
    `wrote document-page-1366.png, document-page-1920.png, comments-panel-1366.png, comments-panel-1920.png, workspace-page.png, search-results.png and meeting-page.png to ${OUT}`,
  )
} finally {
  await browser.close()
  await server.stop()
}
