/**
 * The browser suites' CSP check, checked: every suite fails a test in which a page reports a
 * Content-Security-Policy violation (see support/csp-violations.ts). That is only worth something
 * if the check sees violations, so here a page under the app's real policy is made to cause the two
 * kinds a later feature most likely would (an inline script, an inline style attribute), and both
 * roads of the check must have caught each. Needs the server and the web app built.
 */
import { describe, expect, it } from 'vitest'
import { browserAvailable } from '../support/browser.js'
import { useBrowserSuite } from '../support/browser-suite.js'

describe.skipIf(!browserAvailable())('the Content-Security-Policy check of the browser suites', () => {
  const suite = useBrowserSuite({ name: 'csp', expectedConsoleError: () => false })

  it('sees an inline script and an inline style refused under the app’s policy, by event and console', async () => {
    const page = await suite.open('probe', '/login')
    await page.getByRole('heading', { level: 1 }).waitFor()
    const policy = await page.evaluate(async () =>
      (await fetch('/login')).headers.get('content-security-policy'),
    )
    expect(policy).toContain("script-src 'self';")
    // The page loaded under it without a violation.
    expect(suite.cspViolations('probe')).toEqual([])

    const ran = await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.inlineScriptRan = true'
      document.body.append(script)
      document.body.setAttribute('style', 'outline: 3px solid red')
      return {
        script: (window as unknown as { inlineScriptRan?: boolean }).inlineScriptRan === true,
        style: getComputedStyle(document.body).outlineStyle,
      }
    })
    // The policy refused both…
    expect(ran).toEqual({ script: false, style: 'none' })
    // …and the check saw each by both roads (both arrive from the browser asynchronously).
    const found = suite.cspViolations('probe')
    const road = (prefix: string) => found.filter((line) => line.startsWith(prefix)).length
    await expect
      .poll(() => [road('event:'), road('console:')], { timeout: 10_000, interval: 50 })
      .toEqual([2, 2])
    expect(found.some((line) => /^event: script-src-elem blocked inline/.test(line))).toBe(true)
    expect(found.some((line) => /^event: style-src-attr blocked inline/.test(line))).toBe(true)
    // Caused on purpose: taken out, so the suite's own check after this test passes.
    found.splice(0)
  })
})
