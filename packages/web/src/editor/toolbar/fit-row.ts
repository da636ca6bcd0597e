/**
 * Fitting the toolbar's groups into one row: as many as fit, from the start, and "More tools" for
 * the rest; the Alt+F10 hint ends the row while there is room for it. Group widths are measured
 * while they are in the row and remembered while they are folded; a group never measured (the
 * table's, when the selection first enters a table) is put in the row for one layout, clipped by
 * the row's overflow, and measured there. Refits when the row's width changes, a group comes or
 * goes, or the language (and so the words) changes.
 */
import { type Accessor, createEffect, createSignal, on, onCleanup, onMount } from 'solid-js'
import { locale } from '../../lib/i18n/i18n.js'
import type { ToolGroup } from './tools.js'

export interface RowParts {
  row: () => HTMLElement
  /** The groups present now, in order. */
  groups: Accessor<ToolGroup[]>
  groupElements: ReadonlyMap<string, HTMLElement>
  hint: () => HTMLElement | undefined
  more: () => HTMLElement | undefined
  /** A fit folded the group holding the focus: the focus must go somewhere still in view. */
  onFoldFocused: () => void
}

export function fitRow(parts: RowParts) {
  /** How many of the present groups are in the row; the rest are in "More tools". */
  const [shownGroups, setShownGroups] = createSignal(Number.POSITIVE_INFINITY)
  const [hintShown, setHintShown] = createSignal(true)
  const widths = new Map<string, number>()
  let hintWidth = 0
  let buttonWidth = 0

  const measure = () => {
    const row = parts.row()
    for (const [id, element] of parts.groupElements) {
      if (element.isConnected && !element.hidden) widths.set(id, element.getBoundingClientRect().width)
    }
    const hint = parts.hint()
    if (hint && !hint.hidden) hintWidth = hint.getBoundingClientRect().width
    // "More tools" is as wide as any icon button (the text style menu's button is wider).
    const more = parts.more()
    const button = more?.isConnected
      ? more
      : row.querySelector<HTMLElement>('.toolbar-group:not([hidden]) .toolbar-button:not([data-menu])')
    if (button) buttonWidth = button.getBoundingClientRect().width
  }

  const fold = (list: ToolGroup[], n: number) => {
    const focused = document.activeElement
    const holding = list.findIndex((g) => parts.groupElements.get(g.id)?.contains(focused))
    setShownGroups(n)
    if (holding >= n) parts.onFoldFocused()
  }

  const fit = () => {
    const row = parts.row()
    if (!row.isConnected) return
    measure()
    const style = getComputedStyle(row)
    const gap = Number.parseFloat(style.columnGap) || 0
    const available =
      row.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight)
    const list = parts.groups()
    if (list.some((g) => !widths.has(g.id))) {
      setShownGroups(list.length)
      requestAnimationFrame(fit)
      return
    }
    const upTo = (n: number) =>
      list.slice(0, n).reduce((sum, g, i) => sum + (widths.get(g.id) ?? 0) + (i ? gap : 0), 0)
    const all = upTo(list.length)
    if (all <= available) {
      setShownGroups(list.length)
      const hint = parts.hint()
      if (!hintWidth && hint?.hidden) {
        // Not measured yet (another language's words): show it for one layout to measure it.
        setHintShown(true)
        if (!hint.hidden) requestAnimationFrame(fit)
        return
      }
      setHintShown(all + gap + hintWidth <= available)
      return
    }
    setHintShown(false)
    let n = list.length - 1
    while (n > 0 && upTo(n) + gap + buttonWidth > available) n--
    fold(list, n)
  }

  let frame = 0
  const refit = () => {
    cancelAnimationFrame(frame)
    frame = requestAnimationFrame(fit)
  }
  onMount(() => {
    const observer = new ResizeObserver(refit)
    observer.observe(parts.row())
    onCleanup(() => {
      observer.disconnect()
      cancelAnimationFrame(frame)
    })
  })
  createEffect(on(parts.groups, refit, { defer: true }))
  createEffect(
    on(
      locale,
      () => {
        widths.clear()
        hintWidth = 0
        refit()
      },
      { defer: true },
    ),
  )
  return { shownGroups, hintShown }
}
