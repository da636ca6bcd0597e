/**
 * Trepart as `npm start` runs it — `node packages/server/dist/main.js` — with authentication on
 * and SQLite or PostgreSQL storage. One account is created through the real API (SIGNUP=open), it
 * creates a workspace and the documents, and every websocket presents its session cookie. For the
 * comment scenario a second account joins the workspace by invitation as a commenter.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { commentSockets } from '../load/comment-sockets.js'
import type { CommentApi } from '../load/comments.js'
import { type RunningPeer, spawnServer } from './peer.js'
import { createScratchDatabase } from './scratch-database.js'

export interface TrepartOptions {
  repoRoot: string
  postgres: boolean
  /** Directory for a V8 CPU profile of the server (`--cpu-prof`), or null. */
  profileDir: string | null
  postgresUrl: string
  /** Settings raised further for one bench (e.g. the public pages' limits), over `benchEnv`. */
  env?: Record<string, string>
}

/** Trepart as started here: the peer, and what a bench needs to drive its HTTP API. */
export interface TrepartPeer extends RunningPeer {
  readonly httpBase: string
  readonly workspaceId: string
  /** The session cookie of the account that made the workspace (its admin, party employees). */
  readonly cookie: string
}

/** Limits raised for the bench; durability settings are left at their defaults. */
const benchEnv = {
  // One account holds every connection of a run (up to 5,000 idle ones): the per-room and
  // per-user caps are raised past what the scenarios open, so they measure the server, not its caps.
  MAX_CONNECTIONS_PER_ROOM: '10000',
  MAX_CONNECTIONS_PER_USER: '20000',
  MAX_CONNECTIONS_PER_USER_PER_DOCUMENT: '10000',
  // busy-comments posts for every document from one account, faster than one person would.
  COMMENT_WRITES_PER_MINUTE: '100000',
  COMMENT_WRITES_BURST: '10000',
  LOG_LEVEL: 'info',
  LOG_PRETTY: 'false',
  SIGNUP: 'open',
}

let databases = 0

export async function request(
  base: string,
  method: string,
  route: string,
  body: unknown,
  cookie: string | null,
): Promise<{ json: Record<string, unknown>; setCookie: string | null }> {
  const res = await fetch(`${base}${route}`, {
    method,
    headers: {
      'content-type': 'application/json',
      origin: base,
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  })
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${JSON.stringify(json)}`)
  return { json, setCookie: res.headers.get('set-cookie') }
}

function idOf(json: Record<string, unknown>, key: string): string {
  const value = json[key] as { id?: unknown } | undefined
  if (typeof value?.id !== 'string') throw new Error(`no ${key}.id in ${JSON.stringify(json)}`)
  return value.id
}

/** Signs up an account (SIGNUP=open) and logs it in; answers its session cookie. */
export async function account(base: string, local: string, name: string): Promise<string> {
  const credentials = { email: `${local}-${process.pid}@example.test`, password: 'benchmark-password-1' }
  await request(base, 'POST', '/api/auth/signup', { ...credentials, name }, null)
  // Sign-up does not sign in (it answers alike for new and taken addresses): log in after it.
  const login = await request(base, 'POST', '/api/auth/login', credentials, null)
  const token = /trepart_session=([^;]+)/.exec(login.setCookie ?? '')?.[1]
  if (!token) throw new Error('login set no trepart_session cookie')
  return `trepart_session=${token}`
}

export async function startTrepart(options: TrepartOptions): Promise<TrepartPeer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trepart-bench-'))
  const database = options.postgres
    ? await createScratchDatabase(options.postgresUrl, `bench_${process.pid}_${databases++}`)
    : null
  const databaseUrl = database?.url
  const args = [
    ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
    path.join(options.repoRoot, 'packages/server/dist/main.js'),
  ]
  const server = await spawnServer(args, {
    cwd: options.repoRoot,
    env: {
      ...process.env,
      ...benchEnv,
      ...options.env,
      HOST: '127.0.0.1',
      PORT: '0',
      DATA_DIR: dataDir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_URL: '' }),
    },
    ready: /Trepart is running at (http:\/\/[^"\s]+)/,
    timeoutMs: 30_000,
    label: options.postgres ? 'Trepart (PostgreSQL)' : 'Trepart (SQLite)',
  })
  const httpBase = server.match[1]!.replace('localhost', '127.0.0.1')
  const wsBase = `${httpBase.replace(/^http/, 'ws')}/collab`

  const cookie = await account(httpBase, 'bench', 'Bench')
  const workspace = await request(
    httpBase,
    'POST',
    '/api/workspaces',
    { name: 'Bench', party: 'employees' },
    cookie,
  )
  const workspaceId = idOf(workspace.json, 'workspace')

  let sqlite: Database.Database | null = null
  let pgClient: pg.Client | null = null

  return {
    name: options.postgres ? 'trepart-pg' : 'trepart-sqlite',
    protocol: 'y-websocket',
    pid: server.child.pid!,
    baseUrl: wsBase,
    httpBase,
    workspaceId,
    cookie,
    headers: { cookie, origin: httpBase },
    failed: server.failed,
    async createDocuments(count) {
      const ids: string[] = []
      // A few requests in flight at once: 500 documents should not take minutes.
      for (let start = 0; start < count; start += 8) {
        const batch = Array.from({ length: Math.min(8, count - start) }, (_, i) =>
          request(
            httpBase,
            'POST',
            `/api/workspaces/${workspaceId}/documents`,
            { title: `Bench ${start + i}`, kind: 'proposal' },
            cookie,
          ).then((r) => idOf(r.json, 'document')),
        )
        ids.push(...(await Promise.all(batch)))
      }
      return ids
    },
    async commenter(rooms, over): Promise<CommentApi> {
      // Another party than the owner's (employees), commenting on shared threads: every
      // connection of the document may see them, so each comment reaches all of them.
      const invitation = await request(
        httpBase,
        'POST',
        `/api/workspaces/${workspaceId}/invitations`,
        { party: 'politicians', role: 'commenter' },
        cookie,
      )
      const token = invitation.json.token
      if (typeof token !== 'string')
        throw new Error(`no invitation token in ${JSON.stringify(invitation.json)}`)
      const member = await account(httpBase, 'commenter', 'Bench Commenter')
      await request(httpBase, 'POST', `/api/invitations/${token}/accept`, {}, member)
      const headers = { origin: httpBase, cookie: member }
      if (over === 'socket') return commentSockets((room) => `${wsBase}/${room}`, headers, rooms)
      const agent = new http.Agent({ keepAlive: true, maxSockets: COMMENT_SOCKETS })
      return {
        write(documentId, write, timeoutMs) {
          const [route, body] =
            write.op === 'thread.create'
              ? [
                  `/api/documents/${documentId}/threads`,
                  { anchor: write.anchor, visibility: write.visibility, body: write.body },
                ]
              : [`/api/threads/${write.threadId}/comments`, { body: write.body }]
          return postJson(agent, `${httpBase}${route}`, body, headers, timeoutMs)
        },
        serverEvents: 0,
        close: () => agent.destroy(),
      }
    },
    async committedUpdates() {
      // The update log's key never repeats (AUTOINCREMENT / bigserial), so it counts appends
      // even after compaction deleted rows.
      if (databaseUrl) {
        if (!pgClient) {
          pgClient = new pg.Client({ connectionString: databaseUrl })
          await pgClient.connect()
        }
        const r = await pgClient.query<{ n: string }>(
          `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS n FROM document_updates_seq_seq`,
        )
        return Number(r.rows[0]?.n ?? 0)
      }
      sqlite ??= new Database(path.join(dataDir, 'trepart.sqlite'), { readonly: true, fileMustExist: true })
      const row = sqlite.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'document_updates'`).get() as
        | { seq: number }
        | undefined
      return row?.seq ?? 0
    },
    async stop() {
      try {
        sqlite?.close()
        await pgClient?.end()
        await server.stop(30_000)
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true })
        await database?.drop()
      }
    },
  }
}

/** Sockets the commenter keeps open: as many as CommentLoad has requests in flight at most. */
const COMMENT_SOCKETS = 16

/**
 * POSTs `body` as JSON with node:http over kept-alive sockets, answering status and JSON (null when
 * the answer is not JSON). Not `fetch`: side by side against a trivial server, undici took about
 * 0.35 ms more CPU per request than node:http, CPU the load generator takes from the two cores
 * the server and the typists share, where it shows up as the server's edit latency.
 */
function postJson(
  agent: http.Agent,
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; json: unknown }> {
  const payload = JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          let json: unknown = null
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
          } catch {}
          resolve({ status: res.statusCode ?? 0, json })
        })
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)))
    req.on('error', reject)
    req.end(payload)
  })
}
