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
  ])('refuses %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError)
    expect(() => loadConfig(env)).toThrow(name)
  })
})
