/** The editor page as the editor suites read it, and what the server stored of a document. */
import type { TestServer } from '@trepart/server/test-support'
import type { Page } from 'playwright-core'
import * as Y from 'yjs'
import { apiAnswer } from './browser-suite.js'

/** The status line once the server has stored every edit. */
export const SAVED = 'Alle endringer er lagret'

/**
 * The API answers Chromium logs as console errors that the editor page asks for and handles on
 * purpose: 401 (not signed in, a wrong password, session ended) and 404 (no access).
 */
export const expectedApiAnswer = apiAnswer(401, 404)

/** A CSS colour as the browser computes it, for comparing with a party's hex colour. */
export function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16)
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`
}

/** The editor page as tests read it (shared by the editor suites). */
export const editorPage = {
  /** The status line's words as shown (without what it announces to screen readers). */
  status: (page: Page) =>
    page.locator('.status-line').evaluate((line) => {
      const copy = line.cloneNode(true) as HTMLElement
      copy.querySelector('[data-testid="status-announcement"]')?.remove()
      return copy.textContent ?? ''
    }),
  /** What the status line tells screen readers (its polite live region). */
  announced: (page: Page) => page.getByTestId('status-announcement').textContent(),
  editor: (page: Page) => page.getByRole('textbox', { name: 'Dokumenttekst', exact: true }),
  /** The document's text as the reader sees it, without other people's caret labels. */
  text: (page: Page) =>
    page.getByRole('textbox', { name: 'Dokumenttekst', exact: true }).evaluate((element) => {
      const copy = element.cloneNode(true) as HTMLElement
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
      return copy.textContent ?? ''
    }),
  /** Opens the list of who is here (the popover any avatar opens), unless it is open. */
  openPresence: async (page: Page) => {
    if ((await page.locator('.presence-popover').count()) === 0) await page.locator('.avatar').first().click()
    await page.locator('.presence-popover').waitFor()
  },
  /** The names listed as present under a party (by key), in order; opens the list to read it. */
  present: async (page: Page, party: string) => {
    await editorPage.openPresence(page)
    // The entry as it reads, without its "Follow" button.
    return page.locator(`.presence-party[data-party="${party}"] .presence-people > li`).evaluateAll((items) =>
      items.map((li) => {
        const copy = li.cloneNode(true) as HTMLElement
        for (const button of copy.querySelectorAll('button')) button.remove()
        return copy.textContent ?? ''
      }),
    )
  },
  /** The labels of the other people's carets ("name · party"). */
  caretLabels: (page: Page) => page.locator('.collaboration-carets__label').allTextContents(),
  /** The computed background colour of the caret label of `name`. */
  caretColor: (page: Page, name: string) =>
    page
      .locator('.collaboration-carets__label', { hasText: name })
      .evaluate((label) => getComputedStyle(label).backgroundColor),
}

/** How many times `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1
}

/** The server's stored content of a document, rebuilt from its snapshot and update log, as XML. */
export async function storedXml(server: TestServer, documentId: string): Promise<string> {
  const stored = await server.store.load(documentId)
  const doc = new Y.Doc()
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot)
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  const xml = doc.getXmlFragment('default').toString()
  doc.destroy()
  return xml
}
