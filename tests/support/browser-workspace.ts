/**
 * A browser suite around the workspace and account pages: one real server and world, Chromium,
 * pages in their own contexts (separate people), every page's errors collected, axe-core's WCAG 2.1
 * A/AA check, and a screenshot of each page on failure. Needs the server and the web app built.
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
import axe from 'axe-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { launchBrowser, signInContext } from './browser.js'

const here = path.dirname(fileURLToPath(import.meta.url))
export const WEB_DIST = path.resolve(here, '../../packages/web/dist')
export const ARTIFACTS = path.resolve(here, '../test-artifacts')

export const pathOf = (page: Page) => new URL(page.url()).pathname

/**
 * Console errors the app causes on purpose: Chromium logs every 4xx answer of the API it handles
 * (400 a wrong current password, 401 not signed in, 404 no access, 409 the last admin), and an event stream refused after the
 * member was removed (its answer is JSON, not `text/event-stream`).
 */
function expectedConsoleError(text: string, url: string): boolean {
  const api = url !== '' && new URL(url).pathname.startsWith('/api/')
  return (
    (api &&
      /^Failed to load resource: the server responded with a status of (400|401|404|409)\b/.test(text)) ||
    /^EventSource's response has a MIME type \("application\/json"\) that is not "text\/event-stream"/.test(
      text,
    )
  )
}

export interface PageOptions {
  cookie?: string
  /** The browser's language (`navigator.languages`); Bokmål unless said. */
  locale?: string
  width?: number
}

export interface BrowserSuite {
  readonly server: TestServer
  readonly world: World
  /** A new context (a separate person with their own cookies and storage) with one page at `urlPath`. */
  open(label: string, urlPath: string, options?: PageOptions): Promise<Page>
  /** Another page in the context of `label` (the same person in a second tab). */
  context(label: string): BrowserContext
  /** axe-core's WCAG 2.1 A and AA violations on the page as it is now, all impacts, one line each. */
  axeViolations(page: Page): Promise<string[]>
  /** Errors a page logged; the test may take out the ones it caused on purpose. */
  errors(label: string): string[]
  /** Every page's errors, only the pages that logged any: `{}` when all is well. */
  allErrors(): Record<string, string[]>
  /** The session of the person in context `label`, as an API actor (for `world.api`). */
  actor(label: string): Promise<Actor>
}

/** Registers the hooks of a browser suite named `name` (used for screenshots). */
export function useBrowserSuite(name: string): BrowserSuite {
  let server: TestServer
  let world: World
  let browser: Browser
  const contexts = new Map<string, BrowserContext>()
  const pages = new Map<string, Page>()
  const errors = new Map<string, string[]>()

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) {
      throw new Error(
        `The web app is not built (${WEB_DIST}): run \`npx turbo run build --filter=@trepart/web\``,
      )
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true })
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

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return
    const test = context.task.name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()
    for (const [label, page] of pages) await screenshot(page, `${name}-failed-${test}-${label}.png`)
  })

  afterAll(async () => {
    for (const [label, page] of pages) await screenshot(page, `${name}-${label}.png`)
    for (const context of contexts.values()) await context.close().catch(() => {})
    await browser?.close()
    await server?.stop()
  })

  return {
    get server() {
      return server
    },
    get world() {
      return world
    },
    async open(label, urlPath, options = {}) {
      const context = await browser.newContext({
        locale: options.locale ?? 'nb-NO',
        viewport: { width: options.width ?? 1200, height: 900 },
      })
      contexts.set(label, context)
      if (options.cookie) await signInContext(context, options.cookie, server.url)
      const page = await context.newPage()
      const list: string[] = []
      errors.set(label, list)
      page.on('pageerror', (error) => list.push(`pageerror: ${error.message}`))
      page.on('console', (message) => {
        if (message.type() !== 'error' || expectedConsoleError(message.text(), message.location().url)) return
        list.push(`console: ${message.text()} (${message.location().url})`)
      })
      pages.set(label, page)
      await page.goto(`${server.url}${urlPath}`)
      return page
    },
    context(label) {
      const context = contexts.get(label)
      if (!context) throw new Error(`no context ${label}`)
      return context
    },
    async axeViolations(page) {
      await page.addScriptTag({ content: axe.source })
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
        })
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          targets: v.nodes.map((n) => String(n.target)),
        }))
      })
      return violations.map((v) => `[${v.impact}] ${v.id} – ${v.help} (${v.targets.join(', ')})`)
    },
    errors(label) {
      return errors.get(label) ?? []
    },
    allErrors() {
      return Object.fromEntries([...errors].filter(([, list]) => list.length > 0))
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
