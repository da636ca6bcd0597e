/**
 * What the web app's scripts (time-to-editable, screenshots) share: a real Trepart server from the
 * built `packages/server/dist` on port 0 with a temporary data directory, accounts made through the
 * API, and Debian's Chromium driven by playwright-core with the flags the browser tests use.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = path.dirname(fileURLToPath(import.meta.url))
export const REPO_ROOT = path.resolve(here, '../../..')
const SERVER_MAIN = path.join(REPO_ROOT, 'packages/server/dist/main.js')
const WEB_DIST = path.join(REPO_ROOT, 'packages/web/dist/index.html')

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

/** Starts the built server; resolves with its URL and a stop function (which removes the data). */
export async function startServer() {
  for (const file of [SERVER_MAIN, WEB_DIST]) {
    if (!fs.existsSync(file)) {
      throw new Error(
        `${file} is missing: run \`npx turbo run build --filter=@trepart/server --filter=@trepart/web\``,
      )
    }
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-script-'))
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      LOG_PRETTY: 'false',
      // Cheap password hashing: these accounts exist only for the script's minute.
      ARGON2_MEMORY_KIB: '64',
      ARGON2_TIME_COST: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => {
    output += d
  })
  child.stderr.on('data', (d) => {
    output += d
  })
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000)
    const check = () => {
      const match = /running at (http:\/\/[^\s"]+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout.on('data', check)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${code}):\n${output}`))
    })
  })
  const stop = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
    fs.rmSync(dataDir, { recursive: true, force: true })
  }
  return { url, stop }
}

/** A small API client for one server: accounts, workspaces, invitations, documents. */
export function apiClient(baseUrl) {
  const origin = new URL(baseUrl).origin
  const call = async (cookie, method, urlPath, body) => {
    const res = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: {
        origin,
        ...(cookie ? { cookie } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    if (!res.ok) throw new Error(`${method} ${urlPath}: ${res.status} ${await res.text()}`)
    return res
  }
  const signup = async (name, email, invitationToken) => {
    const password = 'et langt passord for skript'
    await call(null, 'POST', '/api/auth/signup', {
      email,
      name,
      password,
      ...(invitationToken ? { invitationToken } : {}),
    })
    // Sign-up does not sign in (it answers alike for new and taken addresses): log in after it.
    const res = await call(null, 'POST', '/api/auth/login', { email, password })
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith('trepart_session='))
      ?.split(';')[0]
    const { user } = await res.json()
    return { cookie, user }
  }
  return {
    signup,
    /** Any API call as `actor` (null: anonymous); throws unless it answers 2xx. */
    request: (actor, method, urlPath, body) => call(actor?.cookie ?? null, method, urlPath, body),
    async workspace(admin, name, party) {
      const res = await call(admin.cookie, 'POST', '/api/workspaces', { name, party })
      return (await res.json()).workspace.id
    },
    async member(admin, workspaceId, { name, email, party, role }) {
      const res = await call(admin.cookie, 'POST', `/api/workspaces/${workspaceId}/invitations`, {
        party,
        role,
        signatory: false,
      })
      const { token } = await res.json()
      return signup(name, email, token)
    },
    async document(actor, workspaceId, title, kind = 'proposal') {
      const res = await call(actor.cookie, 'POST', `/api/workspaces/${workspaceId}/documents`, {
        title,
        kind,
      })
      return (await res.json()).document.id
    },
  }
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  })
}

/** A fresh browser context signed in as `actor` on the server at `url`. */
export async function signedInContext(browser, actor, url, options = {}) {
  const context = await browser.newContext({
    locale: 'nb-NO',
    viewport: { width: 1200, height: 900 },
    ...options,
  })
  const [name, value] = [
    actor.cookie.slice(0, actor.cookie.indexOf('=')),
    actor.cookie.slice(actor.cookie.indexOf('=') + 1),
  ]
  await context.addCookies([{ name, value, url, httpOnly: true, sameSite: 'Lax' }])
  return context
}

/** The page's status line says the editor is live (connected and synced). */
export const LIVE = 'Tilkoblet'
export const SAVED = 'Alle endringer er lagret'
