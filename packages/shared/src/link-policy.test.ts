import { describe, expect, it } from 'vitest'
import { isAllowedLink, linkFromInput } from './link-policy.js'

describe('link policy', () => {
  it('allows http, https and mailto only', () => {
    expect(isAllowedLink('https://nordby.kommune.no/sak/12')).toBe(true)
    expect(isAllowedLink('http://example.org')).toBe(true)
    expect(isAllowedLink('mailto:post@nordby.kommune.no')).toBe(true)
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      'vbscript:msgbox',
      '/relative/path',
      '',
      null,
    ]) {
      expect(isAllowedLink(bad), String(bad)).toBe(false)
    }
  })

  it('completes what people type', () => {
    expect(linkFromInput('nordby.kommune.no')).toBe('https://nordby.kommune.no')
    expect(linkFromInput('post@nordby.kommune.no')).toBe('mailto:post@nordby.kommune.no')
    expect(linkFromInput('  https://a.no/x ')).toBe('https://a.no/x')
    expect(linkFromInput('javascript:alert(1)')).toBeNull()
    expect(linkFromInput('   ')).toBeNull()
  })
})
