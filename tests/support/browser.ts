/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser). Outside CI a missing
 * browser skips the browser tests with a printed reason; with CI=true it fails the run, so CI can
 * never pass by skipping.
 */
import fs from 'node:fs'
import { type Browser, type BrowserContext, chromium } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** No `--user-data-dir`: playwright-core rejects it; `launch()` already uses a fresh profile. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Whether Chromium can be launched here; throws instead of answering false when CI=true. */
export function browserAvailable(): boolean {
  let reason: string | null = null
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK)
  } catch {
    reason = `no executable Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM_PATH)`
  }
  if (reason === null) return true
  if (process.env.CI === 'true') throw new Error(`${reason} (CI=true: a missing browser fails the run)`)
  console.warn(`SKIPPING browser tests: ${reason}`)
  return false
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

/**
 * Signs a browser context in as an API actor: `cookie` is a `Cookie` header value such as
 * `trepart_session=…` (what `createWorld` returns), set for the server at `url` as the server sets it.
 */
export async function signInContext(context: BrowserContext, cookie: string, url: string): Promise<void> {
  const eq = cookie.indexOf('=')
  if (eq < 1) throw new Error(`not a cookie: ${cookie}`)
  await context.addCookies([
    { name: cookie.slice(0, eq), value: cookie.slice(eq + 1), url, httpOnly: true, sameSite: 'Lax' },
  ])
}
