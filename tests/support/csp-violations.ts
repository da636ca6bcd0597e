/**
 * Catches every Content-Security-Policy violation in a browser context, by two roads: the
 * `securitypolicyviolation` event each page fires (recorded by an init script, which CSP does not
 * govern, through a binding that survives navigations), and the "Refused to …" line Chromium logs
 * to the console, which also covers what fires no event in the page.
 */
import type { BrowserContext } from 'playwright-core'

const BINDING = '__trepartCspViolation'

/** Whether a console line is Chromium reporting a CSP violation. */
export function isCspConsoleMessage(text: string): boolean {
  return /Content Security Policy/i.test(text)
}

/** Calls `record` with a line for each violation a page of `context` reports. */
export async function watchCspViolations(
  context: BrowserContext,
  record: (line: string) => void,
): Promise<void> {
  await context.exposeBinding(BINDING, (_source, line: string) => record(`event: ${line}`))
  await context.addInitScript((binding) => {
    // Capture on window: the event bubbles up from the element or document it is fired at.
    addEventListener(
      'securitypolicyviolation',
      (e) => {
        const where = e.sourceFile ? ` at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}` : ''
        const sample = e.sample ? ` sample ${JSON.stringify(e.sample)}` : ''
        const report = (window as unknown as Record<string, (line: string) => void>)[binding]
        void report?.(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}${where}${sample}`)
      },
      { capture: true },
    )
  }, BINDING)
}
