/**
 * Helpers shared by the API suites: a server on either backend with a direct line to its database
 * (for checks the API must not reveal, like stored hashes, and for test setup the API cannot do,
 * like an invitation that expired an hour ago), cookies, and the one error shape.
 */
import { createHash } from 'node:crypto'
import type { Actor, Backend, TestServer } from '@trepart/server/test-support'
import { CompiledQuery } from 'kysely'
import { expect } from 'vitest'

/** SQL with `?` placeholders, run against the server's own database. */
export interface TestDb {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
}

export interface ServerWithDb {
  server: TestServer
  db: TestDb
  stop(): Promise<void>
}

/** Starts a server on `backend`; queries go through the server's own database connection. */
export async function startWithDb(backend: Backend, env: Record<string, string> = {}): Promise<ServerWithDb> {
  const server = await backend.start(env)
  const postgres = server.store.dialect === 'postgres'
  return {
    server,
    db: {
      async query<T>(text: string, params: unknown[] = []) {
        let n = 0
        const sql = postgres ? text.replace(/\?/g, () => `$${++n}`) : text
        const result = await server.db.executeQuery<T>(CompiledQuery.raw(sql, params))
        return [...result.rows]
      },
    },
    stop: () => server.stop(),
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** The session cookie (`name=value`) a response sets. */
export function sessionCookie(res: Response): string {
  const raw = res.headers.getSetCookie().find((c) => /^(__Host-)?trepart_session=/.test(c))
  if (!raw) throw new Error(`no session cookie in response ${res.status}`)
  return raw.split(';')[0]!
}

/** The same user with another session cookie. */
export function withCookie(actor: Actor, cookie: string): Actor {
  return { ...actor, cookie, headers: { ...actor.headers, cookie } }
}

/** Asserts the status and the one error shape `{ error: { id, message } }` with exactly `id`. */
export async function expectError(res: Response, status: number, id: string): Promise<void> {
  const text = await res.text()
  expect(res.status, text).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(JSON.parse(text)).toEqual({ error: { id, message: expect.any(String) } })
}

/** The JSON body after asserting the status (the body is in the failure message). */
export async function expectJson<T = Record<string, unknown>>(res: Response, status: number): Promise<T> {
  const text = await res.text()
  expect(res.status, text).toBe(status)
  return JSON.parse(text) as T
}

let counter = 0
/** A unique email for accounts the suites sign up themselves. */
export function uniqueEmail(label = 'user'): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter++}@trepart.test`
}

export const PASSWORD = 'correct horse battery staple'
