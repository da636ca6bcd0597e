import { describe, expect, it } from 'vitest'
import type { ContentJson } from './content-json.js'
import { renderHtml } from './render-html.js'
import { renderMarkdown } from './render-markdown.js'

const words = { done: 'Gjort', notDone: 'Ikke gjort' }
const text = (t: string, marks?: Array<{ type: string; attrs?: object }>) => ({
  type: 'text',
  text: t,
  ...(marks ? { marks } : {}),
})
const p = (...content: object[]) => ({ type: 'paragraph', content })

/** One of each node and mark, for the exact output below (render-fidelity.test.ts holds every attribute too). */
const everything: ContentJson = {
  type: 'doc',
  content: [
    { type: 'heading', attrs: { level: 2 }, content: [text('Overskrift')] },
    p(
      text('fet', [{ type: 'bold' }]),
      text(' kursiv', [{ type: 'italic' }]),
      text(' understreket', [{ type: 'underline' }]),
      { type: 'hardBreak' },
      text('lenke', [{ type: 'link', attrs: { href: 'https://nordby.kommune.no/sak' } }]),
    ),
    { type: 'blockquote', content: [p(text('Sitat'))] },
    { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('punkt'))] }] },
    { type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [p(text('tre'))] }] },
    {
      type: 'taskList',
      content: [
        { type: 'taskItem', attrs: { checked: true }, content: [p(text('gjort'))] },
        { type: 'taskItem', attrs: { checked: false }, content: [p(text('igjen'))] },
      ],
    },
    { type: 'horizontalRule' },
    {
      type: 'table',
      content: [
        {
          type: 'tableRow',
          content: [
            { type: 'tableHeader', content: [p(text('Part'))] },
            { type: 'tableHeader', content: [p(text('Svar'))] },
          ],
        },
        {
          type: 'tableRow',
          content: [
            { type: 'tableCell', content: [p(text('Ansatte'))] },
            { type: 'tableCell', content: [p(text('Ja | nei'))] },
          ],
        },
      ],
    },
  ],
}

describe('HTML and Markdown of a document', () => {
  it('renders each as its HTML element', () => {
    const html = renderHtml(everything, words)
    for (const fragment of [
      '<h3>Overskrift</h3>',
      '<strong>fet</strong>',
      '<em> kursiv</em>',
      '<u> understreket</u>',
      '<br>',
      '<a href="https://nordby.kommune.no/sak" rel="noopener noreferrer nofollow">lenke</a>',
      '<blockquote><p>Sitat</p></blockquote>',
      '<ul><li><p>punkt</p></li></ul>',
      '<ol start="3"><li><p>tre</p></li></ol>',
      '<ul class="task-list" data-type="taskList">',
      '<li class="task-item done" data-type="taskItem" data-checked="true"><span class="task-state" aria-hidden="true">☑</span><span class="visually-hidden">Gjort: </span><div><p>gjort</p></div></li>',
      '<li class="task-item" data-type="taskItem" data-checked="false">',
      '<span class="visually-hidden">Ikke gjort: </span>',
      '<hr>',
      '<th><p>Part</p></th>',
      '<td><p>Ja | nei</p></td>',
    ])
      expect(html).toContain(fragment)
  })

  it('renders each as Markdown', () => {
    expect(renderMarkdown(everything)).toBe(
      [
        '### Overskrift',
        '',
        // Spaces outside the delimiters (`_ kursiv_` would not be emphasis); no underline in Markdown.
        '**fet** *kursiv* understreket\\',
        '[lenke](<https://nordby.kommune.no/sak>)',
        '',
        '> Sitat',
        '',
        '- punkt',
        '',
        '3\\. tre'.replace('3\\.', '3.'),
        '',
        '- [x] gjort\n- [ ] igjen',
        '',
        '---',
        '',
        '| Part | Svar |\n| --- | --- |\n| Ansatte | Ja \\| nei |',
        '',
      ].join('\n'),
    )
  })

  it('renders hostile content inert: no element, attribute or scheme it did not choose', () => {
    const hostile: ContentJson = {
      type: 'doc',
      content: [
        p(
          text('<script>alert(1)</script><img src=x onerror=alert(1)>"\'&'),
          text('klikk', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]),
          text('data', [{ type: 'link', attrs: { href: 'data:text/html,<script>alert(1)</script>' } }]),
          text('sitat', [{ type: 'link', attrs: { href: 'https://x.no/"onmouseover="alert(1)' } }]),
        ),
        { type: 'heading', attrs: { level: '1 onclick=alert(1)' }, content: [text('\u202Eomvendt\u0000')] },
        { type: 'unknown', attrs: { onclick: 'alert(1)' }, content: [text('ukjent')] } as never,
      ],
    }
    const html = renderHtml(hostile, words)
    // Every element and attribute in the output is one the renderer chose.
    const tags = [...html.matchAll(/<([a-z0-9]+)([^>]*)>/g)]
    expect(new Set(tags.map((t) => t[1]))).toEqual(new Set(['p', 'a', 'h2']))
    const attributes = tags.flatMap((t) => [...t[2]!.matchAll(/\s([a-z-]+)=/g)].map((a) => a[1]))
    expect(new Set(attributes)).toEqual(new Set(['href', 'rel']))
    expect(html).not.toMatch(/javascript:|data:text/)
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;',
    )
    expect(html).toContain('href="https://x.no/&quot;onmouseover=&quot;alert(1)"')
    expect(html).toContain('<h2>')
    expect(html).toContain('ukjent')
    const md = renderMarkdown(hostile)
    // Every `<` is escaped but the one opening an allowed link's destination.
    expect(md.replace(/\\</g, '').replace(/\]\(<https:/g, '')).not.toContain('<')
    expect(md).not.toMatch(/javascript:|data:text/)
    expect(md).toContain('\\<script\\>alert\\(1\\)\\</script\\>')
  })
})
