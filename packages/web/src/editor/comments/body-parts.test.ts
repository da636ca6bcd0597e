import { describe, expect, it } from 'vitest'
import { bodyParts } from './body-parts.js'

describe('a comment body as parts', () => {
  it('keeps plain text as text, markup included', () => {
    expect(bodyParts('<b>hei</b> & <script>alert(1)</script>')).toEqual([
      { kind: 'text', text: '<b>hei</b> & <script>alert(1)</script>' },
    ])
  })

  it('turns line breaks into breaks, empty lines too', () => {
    expect(bodyParts('en\r\nto\n\ntre')).toEqual([
      { kind: 'text', text: 'en' },
      { kind: 'break' },
      { kind: 'text', text: 'to' },
      { kind: 'break' },
      { kind: 'break' },
      { kind: 'text', text: 'tre' },
    ])
  })

  it('links http, https and mailto addresses, leaving sentence punctuation outside', () => {
    expect(bodyParts('Se https://nordby.kommune.no/sak?id=3. Eller mailto:post@nordby.no!')).toEqual([
      { kind: 'text', text: 'Se ' },
      {
        kind: 'link',
        text: 'https://nordby.kommune.no/sak?id=3',
        href: 'https://nordby.kommune.no/sak?id=3',
      },
      { kind: 'text', text: '. Eller ' },
      { kind: 'link', text: 'mailto:post@nordby.no', href: 'mailto:post@nordby.no' },
      { kind: 'text', text: '!' },
    ])
  })

  it('keeps a closing parenthesis that belongs to the address', () => {
    expect(bodyParts('(se http://x.no/a_(b))')).toEqual([
      { kind: 'text', text: '(se ' },
      { kind: 'link', text: 'http://x.no/a_(b)', href: 'http://x.no/a_(b)' },
      { kind: 'text', text: ')' },
    ])
  })

  it('never links other schemes', () => {
    for (const body of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'vbscript:msgbox',
      'file:///etc/passwd',
    ]) {
      expect(bodyParts(body)).toEqual([{ kind: 'text', text: body }])
    }
    expect(bodyParts('https://').every((p) => p.kind === 'text')).toBe(true)
  })

  it('keeps every character of the body, in order', () => {
    const body = 'a https://x.no b\nmailto:a@b.no, c\u202Ed'
    const text = bodyParts(body)
      .map((p) => (p.kind === 'break' ? '\n' : p.text))
      .join('')
    expect(text).toBe(body)
  })
})
