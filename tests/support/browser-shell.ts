/**
 * The top bar every page shares (packages/web/src/components/site-header.tsx), as tests use it: the
 * language menu and the account menu are menus behind one button each.
 */
import type { Page } from 'playwright-core'

export type Language = 'Bokmål' | 'Nynorsk' | 'English'

const languageButton = (page: Page) =>
  page.getByRole('banner').getByRole('button', { name: /^(Språk|Language): / })

/** The language the top bar says is in use (its autonym). */
export async function shownLanguage(page: Page): Promise<string> {
  return ((await languageButton(page).locator('[lang]').textContent()) ?? '').trim()
}

/** Chooses `language` in the top bar's language menu. */
export async function switchLanguage(page: Page, language: Language): Promise<void> {
  await languageButton(page).click()
  await page.getByRole('menuitemradio', { name: language }).click()
}

/** Opens the account menu and chooses "Logg ut" (in whichever language the page is in). */
export async function logOut(page: Page): Promise<void> {
  await page
    .getByRole('banner')
    .getByRole('button', { name: /^(Kontomeny|Account menu) for / })
    .click()
  await page.getByRole('menuitem', { name: /^(Logg ut|Log out)$/ }).click()
}
