import { describe, expect, it } from 'vitest'
import { nextPath, parseRoute, workspaceSectionOf, workspaceSectionPath } from './paths.js'

describe('routes', () => {
  it('knows every page', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' })
    expect(parseRoute('/login')).toEqual({ name: 'login' })
    expect(parseRoute('/account')).toEqual({ name: 'account' })
    expect(parseRoute('/signup/')).toEqual({ name: 'signup', invitationToken: null })
    expect(parseRoute('/invite/abc123')).toEqual({ name: 'signup', invitationToken: 'abc123' })
    expect(parseRoute('/reset/xyz')).toEqual({ name: 'reset', token: 'xyz' })
    expect(parseRoute('/w/ws1')).toEqual({ name: 'workspace', workspaceId: 'ws1' })
    expect(parseRoute('/d/doc_1-a')).toEqual({ name: 'document', documentId: 'doc_1-a' })
    expect(parseRoute('/d/doc_1-a/versions')).toEqual({ name: 'versions', documentId: 'doc_1-a' })
    expect(parseRoute('/d/doc_1-a/other').name).toBe('not-found')
    expect(parseRoute('/m/mtg_1')).toEqual({ name: 'meeting', meetingId: 'mtg_1' })
  })

  it('keeps the workspace page for its parts, which the path names', () => {
    for (const section of [
      'meetings',
      'follow-ups',
      'participation',
      'members',
      'invitations',
      'settings',
    ] as const) {
      const path = `/w/ws1/${section}`
      expect(parseRoute(path), path).toEqual({ name: 'workspace', workspaceId: 'ws1' })
      expect(workspaceSectionOf(path), path).toBe(section)
      expect(workspaceSectionPath('ws1', section)).toBe(path)
    }
    expect(workspaceSectionOf('/w/ws1')).toBe('documents')
    expect(workspaceSectionOf('/w/ws1/')).toBe('documents')
    expect(workspaceSectionPath('ws1', 'documents')).toBe('/w/ws1')
  })

  it('sends malformed ids and unknown paths to "not found"', () => {
    for (const path of [
      '/d/',
      '/d/a%20b',
      '/d/%E0%A4%A',
      '/w/a/b',
      '/w/a/documents',
      '/w/a/members/x',
      '/invite',
      '/m/',
      '/m/a%20b/items',
      '/nope',
      `/d/${'a'.repeat(65)}`,
    ]) {
      expect(parseRoute(path).name, path).toBe('not-found')
    }
  })
})

describe('the path after signing in', () => {
  it('is the `next` path on this site', () => {
    expect(nextPath('?next=%2Fd%2Fabc')).toBe('/d/abc')
    expect(nextPath('?next=/w/x?y=1')).toBe('/w/x?y=1')
  })

  it('is never another site', () => {
    for (const search of [
      '',
      '?next=',
      '?next=https://evil.test',
      '?next=//evil.test',
      '?next=/\\evil.test',
    ]) {
      expect(nextPath(search), search).toBe('/')
    }
  })
})
