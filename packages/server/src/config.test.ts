import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('has safe defaults: loopback host, SQLite under ./data, localhost origins', () => {
    const config = loadConfig({})
    expect(config.host).toBe('127.0.0.1')
    expect(config.port).toBe(3000)
    expect(config.publicUrl).toBe('http://localhost:3000')
    expect(config.allowedOrigins).toEqual(['http://localhost:3000', 'http://127.0.0.1:3000'])
    expect(config.dataDir.endsWith('/data')).toBe(true)
    expect(config.databaseUrl).toBeUndefined()
    expect(config.sqliteSynchronous).toBe('normal')
    expect(config.limits.maxMessageBytes).toBeGreaterThanOrEqual(config.limits.maxDocumentBytes)
    expect(Object.isFrozen(config.limits)).toBe(true)
  })

  it('derives the allowed origins from PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://trepart.example.no/' }).allowedOrigins).toEqual([
      'https://trepart.example.no',
    ])
  })

  it.each([
    ['127.0.0.1', 'auto', false],
    ['localhost', 'auto', false],
    ['::1', 'auto', false],
    ['127.1.2.3', 'auto', false],
    ['0.0.0.0', 'auto', true],
    ['::', 'auto', true],
    ['192.168.1.20', 'auto', true],
    ['127.0.0.1', 'required', true],
    ['0.0.0.0', 'off', false],
  ] as const)('HOST=%s with SETUP_TOKEN=%s needs the set-up token: %s', (host, setting, required) => {
    expect(loadConfig({ HOST: host, SETUP_TOKEN: setting }).auth.setupTokenRequired).toBe(required)
  })

  it('needs the set-up token on loopback too when a proxy puts the instance on a network', () => {
    const behindProxy = { HOST: '127.0.0.1', SETUP_TOKEN: 'auto' }
    expect(
      loadConfig({ ...behindProxy, PUBLIC_URL: 'https://trepart.kommune.no' }).auth.setupTokenRequired,
    ).toBe(true)
    expect(loadConfig({ ...behindProxy, TRUST_PROXY: 'true' }).auth.setupTokenRequired).toBe(true)
    expect(loadConfig({ ...behindProxy, PUBLIC_URL: 'http://127.0.0.1:3000' }).auth.setupTokenRequired).toBe(
      false,
    )
  })

  it('takes an explicit allow-list', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.no, http://b.no:8080' }).allowedOrigins).toEqual([
      'https://a.no',
      'http://b.no:8080',
    ])
  })

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SQLITE_SYNCHRONOUS: 'off' }, 'SQLITE_SYNCHRONOUS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ MAX_DOCUMENT_BYTES: '2000000', MAX_MESSAGE_BYTES: '1000000' }, 'MAX_MESSAGE_BYTES'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ ALLOWED_ORIGINS: 'nope' }, 'ALLOWED_ORIGINS'],
    [{ SETUP_TOKEN: 'yes' }, 'SETUP_TOKEN'],
  ])('refuses %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })

  it('takes METRICS_TOKEN as a secret: a bad one is refused by name without echoing it', () => {
    expect(loadConfig({}).metricsToken).toBeUndefined()
    expect(loadConfig({ METRICS_TOKEN: 'scrape-me-0123456789' }).metricsToken).toBe('scrape-me-0123456789')
    for (const bad of ['short-secret-15', 'has a space in the middle']) {
      let message = ''
      try {
        loadConfig({ METRICS_TOKEN: bad })
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).toContain('METRICS_TOKEN')
      expect(message).not.toContain(bad)
    }
  })

  it('holds server events for at most 100 ms and at most half the ping interval', () => {
    expect(loadConfig({}).timing.serverEventDelayMs).toBe(100)
    // Unset, the delay follows a short ping interval down; set, it must fit it.
    expect(loadConfig({ PING_INTERVAL_MS: '100' }).timing.serverEventDelayMs).toBe(50)
    expect(
      loadConfig({ PING_INTERVAL_MS: '100', SERVER_EVENT_DELAY_MS: '50' }).timing.serverEventDelayMs,
    ).toBe(50)
    expect(() => loadConfig({ PING_INTERVAL_MS: '100', SERVER_EVENT_DELAY_MS: '51' })).toThrow(
      /PING_INTERVAL_MS must be at least 2 × SERVER_EVENT_DELAY_MS/,
    )
    expect(() => loadConfig({ SERVER_EVENT_DELAY_MS: '101' })).toThrow(/SERVER_EVENT_DELAY_MS/)
    expect(loadConfig({ SERVER_EVENT_DELAY_MS: '0' }).timing.serverEventDelayMs).toBe(0)
  })

  it('refuses REDIS_URL without PostgreSQL, and takes shared mode with it', () => {
    expect(loadConfig({}).redis).toBeUndefined()
    expect(() => loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_URL needs DATABASE_URL/)
    const shared = loadConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    })
    expect(shared.redis).toEqual({
      url: 'redis://127.0.0.1:6379',
      channelPrefix: 'trepart',
      gapWaitMs: 250,
      checkIntervalMs: 2000,
      maxEarlyUpdates: 1000,
      reviewReconcileGraceMs: 600_000,
    })
    expect(() => loadConfig({ REDIS_URL: 'http://x', DATABASE_URL: 'postgres://h/d' })).toThrow(/REDIS_URL/)
  })
})
