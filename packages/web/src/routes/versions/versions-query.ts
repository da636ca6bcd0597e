/**
 * What the versions page shows, read from and written to its query (so a link, a reload and Back
 * open the same view): a diff (`?from=<vid>&to=<vid|current>`), one version (`?view=<vid>`), or
 * only the list. Plain functions, unit-tested.
 */
import type { DiffBlock } from '../../lib/api.js'

export type VersionsView =
  | { mode: 'list' }
  | { mode: 'view'; versionId: string }
  | { mode: 'diff'; from: string; to: string }

const ID = /^[A-Za-z0-9_-]{1,64}$/

export function readVersionsQuery(search: string): VersionsView {
  const query = new URLSearchParams(search)
  const from = query.get('from')
  const to = query.get('to')
  if (from && to && ID.test(from) && ID.test(to)) return { mode: 'diff', from, to }
  const view = query.get('view')
  if (view && ID.test(view)) return { mode: 'view', versionId: view }
  return { mode: 'list' }
}

export function versionsQuery(view: VersionsView): string {
  switch (view.mode) {
    case 'list':
      return ''
    case 'view':
      return `?view=${encodeURIComponent(view.versionId)}`
    case 'diff':
      return `?from=${encodeURIComponent(view.from)}&to=${encodeURIComponent(view.to)}`
  }
}

/** How many blocks of a diff changed, came or went. */
export function changedBlocks(blocks: readonly DiffBlock[]): number {
  return blocks.filter((b) => b.kind !== 'same').length
}
