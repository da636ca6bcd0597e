/**
 * The editor's formatting toolbar as the browser suites use it: its buttons by name, and its tools
 * wherever they are now, in the row or folded into "More tools" (which depends on the page's width).
 */
import type { Locator, Page } from 'playwright-core'

export const MORE = 'Flere verktøy'

export function toolbarOf(page: Page) {
  const toolbar = page.getByRole('toolbar', { name: 'Formatering' })
  const button = (name: string) => toolbar.getByRole('button', { name, exact: true })
  const more = button(MORE)
  const menu = page.getByRole('menu')
  /** An item of the open menu, whichever kind it is (action, toggle, choice). */
  const item = (name: string): Locator =>
    menu
      .getByRole('menuitem', { name, exact: true })
      .or(menu.getByRole('menuitemcheckbox', { name, exact: true }))
      .or(menu.getByRole('menuitemradio', { name, exact: true }))
  return {
    toolbar,
    button,
    more,
    menu,
    item,
    /** The text style menu's button ("Tekststil: …"). */
    blockType: toolbar.locator('button[data-tool="block-type"]'),
    /** Whether the tool `name` is a button in the row now (not folded). */
    inRow: (name: string) => button(name).isVisible(),
    /** Runs the tool `name` from the row, or from "More tools" when it is folded there. */
    async use(name: string) {
      if (await button(name).isVisible()) {
        await button(name).click()
        return
      }
      await more.click()
      await item(name).click()
    },
    /** Sets the block type from the text style menu (or from "More tools" when that is folded). */
    async setBlockType(name: string) {
      const trigger = toolbar.locator('button[data-tool="block-type"]')
      await ((await trigger.isVisible()) ? trigger : more).click()
      await menu.getByRole('menuitemradio', { name, exact: true }).click()
    },
  }
}
