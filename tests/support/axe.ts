/** axe-core's accessibility check of a page as it is now, one line per violation. */
import axe from 'axe-core'
import type { Page } from 'playwright-core'

interface Violation {
  id: string
  impact?: string | null
  help: string
  targets: string[]
}

async function run(page: Page, tags: string[] | null): Promise<Violation[]> {
  // Evaluated, not added as a <script>: the app's CSP refuses inline scripts (and would report one).
  await page.evaluate(axe.source)
  return page.evaluate(async (tags) => {
    const inPage = (window as unknown as { axe: typeof axe }).axe
    const result = await (tags
      ? inPage.run(document, { runOnly: { type: 'tag', values: tags } })
      : inPage.run(document))
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => String(n.target)),
    }))
  }, tags)
}

const line = (v: Violation) => `[${v.impact}] ${v.id} – ${v.help} (${v.targets.join(', ')})`

/** The WCAG 2.1 A and AA violations, all impacts. */
export async function wcagViolations(page: Page): Promise<string[]> {
  return (await run(page, ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])).map(line)
}

/** The serious and critical violations of every rule. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await run(page, null)).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(line)
}
