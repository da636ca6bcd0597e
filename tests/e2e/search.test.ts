/**
 * The search field of the workspace page in a real browser: typing finds documents by the words of
 * their text, on the server; each result shows its title, the initiating party by name and colour
 * and a snippet with the matches in <mark>; the count is announced in a polite status region; the
 * search is a labelled landmark without WCAG 2.1 A/AA violations; a query over the limit is refused
 * by our own message next to the field, not a browser bubble; a result opens its document.
 */
import { describe, expect, it } from 'vitest'
import { wcagViolations } from '../support/axe.js'
import { browserAvailable } from '../support/browser.js'
import { pathOf } from '../support/browser-suite.js'
import { useWorkspaceSuite } from '../support/browser-workspace.js'
import { writeParagraphs } from '../support/content.js'

/** Waits on a condition in the page, never on a fixed sleep. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000, interval: 50 })

describe.skipIf(!browserAvailable())('searching the documents', () => {
  const suite = useWorkspaceSuite('search')

  it('finds a document by a word of its text and shows where, with the initiating party', async () => {
    const { world, server } = suite
    const erik = await world.member('editor', 'employees', { name: 'Erik Ansatt' })
    const id = await world.document('Ny barneskole', 'proposal', erik)
    await world.document('Referat fra forrige møte')
    await writeParagraphs(server, erik, id, [
      'Vi foreslår å bygge skolen på Øvre Årvoll.',
      'Tomten eies av kommunen.',
    ])
    await server.searchIndex.whenIdle()

    const page = await suite.open('admin', `/w/${world.workspaceId}`, { cookie: world.admin.cookie })
    const search = page.getByRole('search', { name: 'Søk i dokumentene' })
    await search.getByLabel('Søk etter ord i titler og tekst').fill('årvoll')
    const status = search.getByRole('status')
    await poll(() => status.textContent()).toBe('1 treff for «årvoll».')

    const results = search.getByRole('list', { name: 'Søkeresultater' })
    const item = results.getByRole('listitem')
    await poll(() => item.count()).toBe(1)
    await item.getByRole('link', { name: 'Ny barneskole' }).waitFor()
    expect(await item.locator('mark').allTextContents()).toEqual(['Årvoll'])
    expect(await item.locator('.snippet').textContent()).toContain('på Øvre Årvoll.')
    // The party by its name, with its colour beside it (never the colour alone).
    const party = item.locator('.party')
    expect(await party.textContent()).toBe('Ansatte og tillitsvalgte')
    expect(await party.locator('.party-swatch').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(
      'rgb(178, 78, 0)',
    )
    expect(await wcagViolations(page)).toEqual([])

    // Words that are nowhere: said so, and the list is gone.
    await search.getByLabel('Søk etter ord i titler og tekst').fill('havørn')
    await poll(() => status.textContent()).toBe('Ingen treff for «havørn».')
    expect(await results.count()).toBe(0)

    // A title word, typed as a prefix, then Enter; the result opens the document.
    await search.getByLabel('Søk etter ord i titler og tekst').fill('barnesk')
    await page.keyboard.press('Enter')
    await poll(() => status.textContent()).toBe('1 treff for «barnesk».')

    // A query over the limit: our own message next to the field, in the page's language, not a
    // browser bubble (the form is novalidate) and not cut short by a maxlength.
    const field = search.getByLabel('Søk etter ord i titler og tekst')
    expect(await search.locator('form').getAttribute('novalidate')).not.toBeNull()
    expect(await field.getAttribute('maxlength')).toBeNull()
    await field.fill('ord '.repeat(60))
    await poll(() => search.locator('#document-search-q-problem').textContent()).toBe(
      'Teksten kan ha høyst 200 tegn. Nå har den 240.',
    )
    expect(await field.getAttribute('aria-invalid')).toBe('true')
    expect(await field.getAttribute('aria-describedby')).toContain('document-search-q-problem')
    expect(await results.count()).toBe(0)
    expect(await field.inputValue()).toHaveLength(240)
    // Shortened again: the message goes and the search runs.
    await field.fill('barnesk')
    await poll(() => status.textContent()).toBe('1 treff for «barnesk».')
    expect(await search.locator('#document-search-q-problem').textContent()).toBe('')
    expect(await field.getAttribute('aria-invalid')).toBeNull()

    await results.getByRole('link', { name: 'Ny barneskole' }).click()
    await poll(() => pathOf(page)).toBe(`/d/${id}`)
    expect(suite.allErrors()).toEqual({})
  })
})
