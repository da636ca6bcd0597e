/**
 * The hooks of a browser suite: one real server and world, Chromium, each page in its own context
 * (a separate person), every page's errors collected, every Content-Security-Policy violation
 * failing the test it happened in, and a screenshot of each page on failure and when the suite
 * ends. Needs the server and the web app built.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type Actor,
  createWorld,
  startTestServer,
  type TestServer,
  type World,
} from '@trepart/server/test-support'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { launchBrowser, signInContext } from './browser.js'
import { isCspConsoleMessage, watchCspViolations } from './csp-violations.js'

const here = path.dirname(fileURLToPath(import.meta.url))
/** The built web app the test servers serve: `TEST_WEB_DIST_DIR` (see test-server.ts) or the package's dist. */
export const WEB_DIST = process.env.TEST_WEB_DIST_DIR ?? path.resolve(here, '../../packages/web/dist')
export const ARTIFACTS = path.resolve(here, '../test-artifacts')

export const pathOf = (page: Page) => new URL(page.url()).pathname

/**
 * Whether a console error is Chromium logging an API answer with one of `statuses`, which the app
 * asked for and handles on purpose (Chromium logs every 4xx answer as a console error).
 */
export function apiAnswer(...statuses: number[]): (text: string, url: string) => boolean {
  const logged = new RegExp(
    `^Failed to load resource: the server responded with a status of (${statuses.join('|')})\\b`,
  )
  return (text, url) => logged.test(text) && url !== '' && new URL(url).pathname.startsWith('/api/')
}

export interface SuiteOptions {
  /** Starts the screenshots' file names. */
  name: string
  /** The file of the built web app the suite cannot run without; `index.html` unless said. */
  needs?: string
  /** Every page's size unless `open` says another width; 1000 × 800 unless said. */
  viewport?: { width: number; height: number }
  /** Console errors the suite's pages log on purpose (`url` is where they were logged from). */
  expectedConsoleError(text: string, url: string): boolean
}

export interface PageOptions {
  cookie?: string
  /** The browser's language (`navigator.languages`); Bokmål unless said. */
  locale?: string
  width?: number
  /** The window's height, the suite's unless said. */
  height?: number
  /** Another server (from {@link BrowserSuite.startServer}) than the suite's. */
  baseUrl?: string
  /** Runs on the new context before its page opens (routes, clocks, permissions). */
  setup?: (context: BrowserContext) => Promise<void>
}

export interface BrowserSuite {
  readonly server: TestServer
  readonly world: World
  /** The open pages by label. */
  readonly pages: ReadonlyMap<string, Page>
  /** A new context (a separate person with their own cookies and storage) with one page at `urlPath`. */
  open(label: string, urlPath: string, options?: PageOptions): Promise<Page>
  /** The context of `label`, for another page of the same person (a second tab). */
  context(label: string): BrowserContext
  /** Collects the errors of another page of the same person with those of `label`. */
  watch(label: string, page: Page): void
  /** Takes the last screenshot of the page of `label` and closes it; the suite forgets it. */
  close(label: string): Promise<void>
  /** Another real server for one test, stopped when the suite ends (after its pages are closed). */
  startServer(env?: Record<string, string>): Promise<TestServer>
  /** Errors the page of `label` logged; the test may take out the ones it caused on purpose. */
  errors(label: string): string[]
  /** Every page's errors, only the pages that logged any: `{}` when all is well. */
  allErrors(): Record<string, string[]>
  /**
   * The Content-Security-Policy violations in the context of `label` during this test; after each
   * test any left fail it. A test that causes one on purpose takes it out.
   */
  cspViolations(label: string): string[]
  /** The session of the person in context `label`, as an API actor (for `world.api`). */
  actor(label: string): Promise<Actor>
}

/** Registers the hooks of a browser suite. */
export function useBrowserSuite(options: SuiteOptions): BrowserSuite {
  const { name, needs = 'index.html', viewport = { width: 1000, height: 800 } } = options
  let server: TestServer
  let world: World
  let browser: Browser
  /** Servers a test started for itself; stopped after the pages are closed. */
  const otherServers: TestServer[] = []
  const contexts = new Map<string, BrowserContext>()
  const pages = new Map<string, Page>()
  const errors = new Map<string, string[]>()
  /** CSP violations by context label, from both the page's events and Chromium's console lines. */
  const violations = new Map<string, string[]>()
  const violationsOf = (label: string) => {
    const list = violations.get(label) ?? []
    violations.set(label, list)
    return list
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, needs))) {
      throw new Error(
        `The web app is not built (${WEB_DIST}): run \`npx turbo run build --filter=@trepart/web\``,
      )
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    // The server's default web dist (packages/web/dist) and its real session-checked upgrades, as
    // `npm start` runs them.
    ;[server, browser] = await Promise.all([startTestServer(), launchBrowser()])
    world = await createWorld(server.url)
  })

  const screenshot = (page: Page, file: string) =>
    page.isClosed()
      ? Promise.resolve()
      : page.screenshot({ path: path.join(ARTIFACTS, file), fullPage: true }).then(
          () => {},
          () => {},
        )

  // Registered before the screenshot hook, so it runs after it (after-hooks run in reverse): a
  // test that failed for another reason still gets its screenshots.
  afterEach(() => {
    const found = Object.fromEntries([...violations].filter(([, list]) => list.length > 0))
    violations.clear()
    // A policy the app does not run under is a bug in the app or the policy, never noise.
    expect(found, 'Content-Security-Policy violations').toEqual({})
  })

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return
    const test = context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
    for (const [label, page] of pages) await screenshot(page, `${name}-failed-${test}-${label}.png`)
  })

  afterAll(async () => {
    // One picture of each page as the suite left it, pass or fail.
    for (const [label, page] of pages) await screenshot(page, `${name}-${label}.png`)
    // Pages first, so none of them logs refused reconnects while its server stops.
    for (const context of contexts.values()) await context.close().catch(() => {})
    await browser?.close()
    await Promise.all([server?.stop(), ...otherServers.map((s) => s.stop())])
  })

  const watch = (label: string, page: Page) => {
    const list = errors.get(label) ?? []
    errors.set(label, list)
    page.on('pageerror', (error) => list.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      const { url } = message.location()
      // Counted as violations, whatever the suite expects among its console errors.
      if (isCspConsoleMessage(message.text())) {
        violationsOf(label).push(`console: ${message.text()} (${url})`)
        return
      }
      if (message.type() !== 'error' || options.expectedConsoleError(message.text(), url)) return
      list.push(`console: ${message.text()} (${url})`)
    })
  }

  return {
    get server() {
      return server
    },
    get world() {
      return world
    },
    pages,
    async open(label, urlPath, options = {}) {
      const baseUrl = options.baseUrl ?? server.url
      const context = await browser.newContext({
        locale: options.locale ?? 'nb-NO',
        viewport: { width: options.width ?? viewport.width, height: options.height ?? viewport.height },
      })
      contexts.set(label, context)
      await watchCspViolations(context, (line) => violationsOf(label).push(line))
      if (options.cookie) await signInContext(context, options.cookie, baseUrl)
      await options.setup?.(context)
      const page = await context.newPage()
      errors.set(label, [])
      watch(label, page)
      pages.set(label, page)
      await page.goto(`${baseUrl}${urlPath}`)
      return page
    },
    context(label) {
      const context = contexts.get(label)
      if (!context) throw new Error(`no context ${label}`)
      return context
    },
    watch,
    async close(label) {
      const page = pages.get(label)
      if (!page) throw new Error(`no page ${label}`)
      await screenshot(page, `${name}-${label}.png`)
      await page.close()
      pages.delete(label)
    },
    async startServer(env) {
      const other = await startTestServer(env)
      otherServers.push(other)
      return other
    },
    errors(label) {
      return errors.get(label) ?? []
    },
    allErrors() {
      return Object.fromEntries([...errors].filter(([, list]) => list.length > 0))
    },
    cspViolations(label) {
      return violationsOf(label)
    },
    async actor(label) {
      const cookies = await this.context(label).cookies(server.url)
      const session = cookies.find((c) => c.name === 'trepart_session')
      if (!session) throw new Error(`${label} is not signed in`)
      // world.api only sends the cookie; the rest of an Actor is not needed for that.
      return { cookie: `${session.name}=${session.value}` } as Actor
    },
  }
}
