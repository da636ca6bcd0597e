/**
 * Containers cannot run on this machine, so the multi-instance suites start Trepart as processes
 * (support/instances.ts). This file keeps the deployment files in step with those processes and
 * with the server: infra/compose.yaml runs the same command with the same environment, the image
 * ends in the same command, Caddy proxies to the port the app listens on and keeps /metrics inside,
 * and compose sets no variable the server's configuration does not read (a misspelt name would be
 * ignored silently, leaving its default in force).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { envSchema } from '../../packages/server/src/config.js'
import { INSTANCE_COMMAND, instanceEnv } from './support/instances.js'

const infra = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../infra')
const read = (name: string) => fs.readFileSync(path.join(infra, name), 'utf8')

/** The parts of a compose service this file looks at. */
interface Service {
  command?: unknown
  environment?: Record<string, unknown> | string[]
  ports?: unknown[]
  deploy?: { replicas?: unknown }
  depends_on?: Record<string, { condition?: string }> | string[]
  healthcheck?: { test?: string | string[] }
}

const compose = parse(read('compose.yaml')) as { services?: Record<string, Service> }
const app = compose.services?.app
if (!app) throw new Error('infra/compose.yaml has no `app` service')

/** Compose takes `environment` as a map or as a list of KEY=value. */
function environmentOf(service: Service): Map<string, string> {
  const env = service.environment ?? {}
  const entries: [string, string][] = Array.isArray(env)
    ? env.map((line) => {
        const at = line.indexOf('=')
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)]
      })
    : Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)])
  return new Map(entries)
}

/** The exec-form CMD of a Dockerfile's last stage (the image's command). */
function finalCommand(dockerfile: string): unknown {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
  const lastStage = lines.findLastIndex((line) => /^FROM\s/i.test(line))
  const cmd = lines.slice(lastStage).findLast((line) => /^CMD\s/i.test(line))
  if (!cmd) return undefined
  const args = cmd.replace(/^CMD\s+/i, '')
  // The shell form would run under /bin/sh, which does not pass SIGTERM on to node.
  return args.startsWith('[') ? JSON.parse(args) : `shell form: ${args}`
}

const env = environmentOf(app)

/** A Caddyfile without its comments (a `#` at the start of a token). */
const caddyfile = read('Caddyfile').replace(/(^|\s)#.*$/gm, '$1')

describe('infra/compose.yaml and the multi-instance tests', () => {
  it('runs the command the tests run', () => {
    expect(app.command).toEqual([...INSTANCE_COMMAND])
  })

  it("names every variable the tests' instances get", () => {
    const missing = Object.keys(instanceEnv({ databaseUrl: 'x', redisUrl: 'y' })).filter(
      (key) => !env.has(key),
    )
    expect(missing).toEqual([])
  })

  it('sets only variables the server reads', () => {
    // NODE_ENV is the Node ecosystem's convention, not config.ts's: instanceEnv() sets it, so compose
    // names it too, though nothing in the server or its main dependencies reads it today.
    const known = new Set([...Object.keys(envSchema.shape), 'NODE_ENV'])
    expect([...env.keys()].filter((key) => !known.has(key))).toEqual([])
  })

  it('runs three replicas that only the proxy reaches, each checked on /readyz, after PostgreSQL and Redis are healthy', () => {
    expect(app.deploy?.replicas).toBe(3)
    expect(app.ports ?? []).toEqual([])
    const test = [app.healthcheck?.test ?? []].flat().join(' ')
    expect(test).toContain(`:${env.get('PORT')}/readyz`)
    const dependsOn = app.depends_on
    expect(Array.isArray(dependsOn) ? {} : dependsOn).toMatchObject({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
    })
  })
})

describe('infra/compose.yaml: Redis', () => {
  it('takes a password, and the app reaches it with that password (redis-auth.test.ts runs the same)', () => {
    const redis = compose.services?.redis
    const command = [redis?.command ?? []].flat().map(String)
    const at = command.indexOf('--requirepass')
    expect(at, 'redis-server --requirepass').toBeGreaterThan(-1)
    expect(command[at + 1]).toMatch(/^\$\{REDIS_PASSWORD:\?/)
    expect(env.get('REDIS_URL')).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/)
    // The health check authenticates from the environment, not from a command line.
    expect(environmentOf(redis ?? {}).get('REDISCLI_AUTH')).toMatch(/^\$\{REDIS_PASSWORD:\?/)
    expect(read('env.example')).toMatch(/^REDIS_PASSWORD=$/m)
  })
})

describe('infra/Dockerfile', () => {
  it('ends in the command the tests run', () => {
    expect(finalCommand(read('Dockerfile'))).toEqual([...INSTANCE_COMMAND])
  })
})

describe('infra/Caddyfile', () => {
  it('proxies to the app service on the port compose gives it, and answers /metrics itself', () => {
    expect(caddyfile).toMatch(/\breverse_proxy\b/)
    const upstreamPorts = [
      ...caddyfile.matchAll(/\bdynamic\s+a\s+app\s+(\d+)/g),
      ...caddyfile.matchAll(/(?:^|\s)(?:https?:\/\/)?app:(\d+)\b/g),
    ].map((m) => m[1])
    expect(upstreamPorts.length).toBeGreaterThan(0)
    expect(new Set(upstreamPorts)).toEqual(new Set([env.get('PORT')]))

    // `respond /metrics 404`, or a named matcher whose paths include /metrics.
    const metricsMatchers = [...caddyfile.matchAll(/^\s*(@[\w-]+)\s+path\s+([^\n{]+)$/gm)]
      .filter((m) => m[2]!.split(/\s+/).includes('/metrics'))
      .map((m) => m[1]!)
    const refusals = [...caddyfile.matchAll(/^\s*respond\s+(\S+)\s+(?:"[^"]*"\s+)?(\d{3})\s*$/gm)].filter(
      (m) => (m[1] === '/metrics' || metricsMatchers.includes(m[1]!)) && ['403', '404'].includes(m[2]!),
    )
    expect(refusals.length).toBeGreaterThan(0)
  })
})
