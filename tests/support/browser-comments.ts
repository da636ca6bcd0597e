/** The comments panel and highlights of the document page, as the comments suite reads and uses them. */
import type { Page } from 'playwright-core'

/** Selects the first occurrence of `phrase` in the editor's text (one text node), as a reader would. */
export function selectPhrase(page: Page, phrase: string): Promise<void> {
  return selectIn(page, phrase, 'all')
}

/** Puts the caret right before or after the first occurrence of `phrase` in the editor's text. */
export function caretAt(page: Page, phrase: string, where: 'before' | 'after'): Promise<void> {
  return selectIn(page, phrase, where)
}

async function selectIn(page: Page, phrase: string, part: 'all' | 'before' | 'after'): Promise<void> {
  await page.locator('.tiptap').focus()
  // ProseMirror draws its own selection into the DOM a moment after it gains the focus, and takes
  // the browser's on `selectionchange`: select, then wait until it has that selection; select
  // again if it drew its own over ours meanwhile.
  for (let attempt = 1; ; attempt++) {
    const found = await page.evaluate(
      ([phrase, part]) => {
        // Across text nodes: highlights and marks split the text into several.
        const root = document.querySelector('.tiptap')!
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
        const nodes: Text[] = []
        for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
        const text = nodes.map((n) => n.data).join('')
        const at = text.indexOf(phrase)
        if (at < 0) return false
        const point = (offset: number): [Text, number] => {
          let seen = 0
          for (const node of nodes) {
            if (offset <= seen + node.data.length) return [node, offset - seen]
            seen += node.data.length
          }
          const last = nodes.at(-1)!
          return [last, last.data.length]
        }
        const range = document.createRange()
        range.setStart(...point(part === 'after' ? at + phrase.length : at))
        range.setEnd(...point(part === 'before' ? at : at + phrase.length))
        const selection = window.getSelection()!
        selection.removeAllRanges()
        selection.addRange(range)
        // Where ProseMirror will have its selection once it has read the browser's.
        const view = (root as unknown as { editor: { view: { posAtDOM(n: Node, o: number): number } } })
          .editor.view
        return {
          from: view.posAtDOM(range.startContainer, range.startOffset),
          to: view.posAtDOM(range.endContainer, range.endOffset),
        }
      },
      [phrase, part] as const,
    )
    if (!found) throw new Error(`"${phrase}" is not in the text`)
    const taken = await page
      .waitForFunction(
        ({ from, to }) => {
          const root = document.querySelector('.tiptap') as unknown as {
            editor: { state: { selection: { from: number; to: number } } }
          }
          const selection = root.editor.state.selection
          return selection.from === from && selection.to === to
        },
        found,
        { timeout: 1_000 },
      )
      .then(
        () => true,
        () => false,
      )
    if (taken) return
    if (attempt === 5) throw new Error(`the editor did not take the selection of "${phrase}"`)
  }
}

export const comments = {
  panel: (page: Page) => page.locator('#comments-panel'),
  /** The cards whose comments hold `text`. */
  card: (page: Page, text: string) => page.locator('.thread-card', { hasText: text }),
  /** The bodies of every comment shown, in order. */
  bodies: (page: Page) => page.locator('#comments-panel .comment-body').allTextContents(),
  /** The text of each highlight (per thread id), as shown. */
  highlights: (page: Page) =>
    page.evaluate(() => {
      const byThread = new Map<string, string>()
      for (const mark of document.querySelectorAll<HTMLElement>('.tiptap mark.comment-highlight')) {
        const id = mark.dataset.thread!
        byThread.set(id, (byThread.get(id) ?? '') + mark.textContent)
      }
      return Object.fromEntries(byThread)
    }),
  highlightParties: (page: Page) =>
    page
      .locator('.tiptap mark.comment-highlight')
      .evaluateAll((marks) => [...new Set(marks.map((m) => (m as HTMLElement).dataset.party))].sort()),
  /** Writes and posts a new thread on what is selected, opened with Ctrl+Alt+M. */
  async post(page: Page, body: string, only: 'shared' | 'party' = 'shared') {
    await page.keyboard.press('Control+Alt+KeyM')
    const form = page.locator('.compose-form')
    await form.getByLabel('Kommentar', { exact: true }).fill(body)
    if (only === 'party') await form.getByRole('radio', { name: /^Bare min part/ }).check()
    await form.getByRole('button', { name: 'Kommenter' }).click()
    await form.waitFor({ state: 'detached' })
  },
}
