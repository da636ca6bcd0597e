/**
 * Cleans HTML pasted from Word, LibreOffice, Google Docs or a web page before the editor's schema
 * reads it: structure (headings, lists, tables, links, emphasis) stays, styling (fonts, colours,
 * sizes, classes, Office markup) goes.
 *
 * - Word writes lists as paragraphs styled `mso-list:l0 level2 lfo1` with the bullet or number as
 *   text in a `mso-list:Ignore` span: they become real, nested `<ul>`/`<ol>`.
 * - Emphasis given only by style (Google Docs: `<span style="font-weight:700">`) becomes
 *   `<strong>`/`<em>`/`<u>` before styles are removed; Google Docs' wrapper `<b style="font-weight:
 *   normal">` is unwrapped so the whole paste does not turn bold.
 * - Headings below level 3 become level 3 (the editor has three levels).
 * - Every attribute is dropped except the few the schema reads (href, colspan, rowspan, task lists).
 *
 * The app's Content-Security-Policy (`style-src 'self'`) governs every document the page parses,
 * DOMParser's too: each `style` attribute and `<style>` element of the paste would be refused and
 * reported as a violation, and `element.style` would read empty. So the parser never sees one:
 * before parsing, every "style" in the markup is followed by a private-use character, which makes
 * `style=` an unknown attribute and `<style>` an unknown element; the character leaves the text
 * again before the HTML is handed on. Declarations are read from the renamed attribute through
 * CSSOM (`style.cssText`), which CSP allows.
 */

const KEEP_ATTRIBUTES = new Set(['href', 'colspan', 'rowspan', 'start', 'data-type', 'data-checked'])
const DROP_ELEMENTS = 'script, meta, link, title, xml, template, object, iframe, img, svg, colgroup'

/** Follows every "style" of the markup while it is parsed (a private-use character, U+E000). */
const MARK = '\ue000'
/** What `style` (the attribute, the element) is called while the paste is parsed. */
const STYLE = `style${MARK}`

/** The paste's markup with every "style" marked, so that parsing it applies no inline style. */
function markStyles(html: string): string {
  return html.replaceAll(MARK, '').replace(/style/gi, (word) => word + MARK)
}

/** The inline style an element was pasted with, as text (`mso-list: l0 level1 lfo1`). */
function styleText(element: Element): string {
  return (element.getAttribute(STYLE) ?? '').replaceAll(MARK, '')
}

/** Cleans `html`; returns it unchanged where there is no DOM (not in a browser). */
export function cleanPastedHtml(html: string): string {
  if (typeof DOMParser === 'undefined') return html
  const doc = new DOMParser().parseFromString(markStyles(html), 'text/html')
  const body = doc.body
  for (const element of body.querySelectorAll(DROP_ELEMENTS)) element.remove()
  // The paste's <style> elements (unknown elements while marked; the parser moves them into body).
  for (const element of [...body.querySelectorAll('*')]) if (element.localName === STYLE) element.remove()
  convertWordLists(body)
  emphasisFromStyles(body)
  for (const heading of body.querySelectorAll('h4, h5, h6')) rename(heading, 'h3')
  for (const element of body.querySelectorAll('*')) {
    // Office namespaced tags (<o:p>, <v:shape>, <w:…>) carry no text worth keeping but spacing.
    if (element.tagName.includes(':')) {
      element.replaceWith(...element.childNodes)
      continue
    }
    for (const name of element.getAttributeNames()) {
      if (!KEEP_ATTRIBUTES.has(name)) element.removeAttribute(name)
      else element.setAttribute(name, element.getAttribute(name)!.replaceAll(MARK, ''))
    }
  }
  const marked = doc.createTreeWalker(body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_COMMENT)
  for (let node = marked.nextNode(); node; node = marked.nextNode()) {
    const data = node as CharacterData
    if (data.data.includes(MARK)) data.data = data.data.replaceAll(MARK, '')
  }
  return body.innerHTML
}

function rename(element: Element, tag: string): Element {
  const replacement = element.ownerDocument.createElement(tag)
  replacement.append(...element.childNodes)
  element.replaceWith(replacement)
  return replacement
}

function emphasisFromStyles(root: HTMLElement): void {
  const reader = root.ownerDocument.createElement('span')
  for (const element of [...root.querySelectorAll('*')]) {
    if (!element.hasAttribute(STYLE)) continue
    reader.style.cssText = styleText(element)
    const style = reader.style
    const weight = style.fontWeight
    const normalWeight = weight === 'normal' || (Number(weight) > 0 && Number(weight) < 600)
    if ((element.tagName === 'B' || element.tagName === 'STRONG') && normalWeight) {
      element.replaceWith(...element.childNodes)
      continue
    }
    const wrappers: string[] = []
    if (weight === 'bold' || weight === 'bolder' || Number(weight) >= 600) wrappers.push('strong')
    if (style.fontStyle === 'italic') wrappers.push('em')
    if (style.textDecorationLine.includes('underline') || style.textDecoration.includes('underline')) {
      wrappers.push('u')
    }
    if (wrappers.length === 0 || !element.textContent) continue
    // Wrap the element's content (not the element: a styled <p> must stay a paragraph).
    let inner: Element = element
    for (const tag of wrappers) {
      const wrapper = element.ownerDocument.createElement(tag)
      wrapper.append(...inner.childNodes)
      inner.append(wrapper)
      inner = wrapper
    }
  }
}

interface WordListItem {
  paragraph: HTMLElement
  /** Word's list id (`l0`, `l1`): a new id is a new list. */
  list: string
  level: number
  ordered: boolean
}

/** A Word list paragraph: its level and kind, with its marker removed; null for any other element. */
function readWordListItem(element: Element): WordListItem | null {
  if (element.tagName !== 'P') return null
  const match = /mso-list:\s*(l\d+)\s+level(\d+)/i.exec(styleText(element))
  if (!match) return null
  const marker = [...element.querySelectorAll('span')].find((span) =>
    /mso-list:\s*ignore/i.test(styleText(span)),
  )
  const markerText = (marker?.textContent ?? '').replace(/\u00a0/g, ' ').trim()
  marker?.remove()
  return {
    paragraph: element as HTMLElement,
    list: match[1]!.toLowerCase(),
    level: Number(match[2]),
    ordered: /^(\d+|[a-z]{1,3})[.)]$/i.test(markerText),
  }
}

function convertWordLists(root: HTMLElement): void {
  // Runs of list paragraphs that are siblings (whitespace between them does not break a run).
  const runs: WordListItem[][] = []
  let run: WordListItem[] = []
  const walk = (parent: Element) => {
    for (const child of [...parent.children]) {
      const item = readWordListItem(child)
      if (item) {
        const previous = run.at(-1)
        if (previous && (previous.list !== item.list || !onlyWhitespaceBetween(previous.paragraph, child))) {
          runs.push(run)
          run = []
        }
        run.push(item)
      } else {
        if (run.length) runs.push(run)
        run = []
        walk(child)
      }
    }
    if (run.length) runs.push(run)
    run = []
  }
  walk(root)
  for (const items of runs) buildList(items)
}

function onlyWhitespaceBetween(a: Element, b: Element): boolean {
  for (let node = a.nextSibling; node && node !== b; node = node.nextSibling) {
    if (node.nodeType === Node.ELEMENT_NODE) return false
    if (node.nodeType === Node.TEXT_NODE && node.textContent?.trim()) return false
  }
  return true
}

function buildList(items: WordListItem[]): void {
  const doc = items[0]!.paragraph.ownerDocument
  const stack: Array<{ list: HTMLElement; level: number }> = []
  items[0]!.paragraph.before(doc.createComment('list'))
  const anchor = items[0]!.paragraph.previousSibling!
  for (const { paragraph, level, ordered } of items) {
    while (stack.length && stack.at(-1)!.level > level) stack.pop()
    const top = stack.at(-1)
    // The same level switching between bullets and numbers starts a new list beside the old one.
    if (top && top.level === level && (top.list.tagName === 'OL') !== ordered) stack.pop()
    if (!stack.length || stack.at(-1)!.level < level) {
      const list = doc.createElement(ordered ? 'ol' : 'ul')
      const parent = stack.at(-1)
      if (parent) {
        let li = parent.list.lastElementChild
        if (!li) {
          li = doc.createElement('li')
          parent.list.append(li)
        }
        li.append(list)
      } else {
        anchor.before(list)
      }
      stack.push({ list, level })
    }
    const li = doc.createElement('li')
    const p = doc.createElement('p')
    p.append(...paragraph.childNodes)
    li.append(p)
    stack.at(-1)!.list.append(li)
    paragraph.remove()
  }
  anchor.remove()
}
