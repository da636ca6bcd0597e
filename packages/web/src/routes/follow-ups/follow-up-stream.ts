/**
 * Follow-up news from the workspace's server-sent events (issue 16): each `followup` event
 * (`{documentId, followUpId}`) and each `ready` (the stream opened, or opened again after a break,
 * when anything may have been missed) calls `onNews`, and the caller fetches its list again. One
 * stream while the caller is shown, closed on cleanup; a stream that ends (signed out, removed) is
 * not reopened here: the page around says why.
 */
import { onCleanup } from 'solid-js'
import { api } from '../../lib/api.js'

export function onFollowUpNews(workspaceId: string, onNews: (documentId: string | null) => void): void {
  if (typeof EventSource === 'undefined') return
  const source = new EventSource(api.eventsUrl(workspaceId))
  source.addEventListener('followup', (event) => {
    try {
      const { documentId } = JSON.parse((event as MessageEvent<string>).data) as { documentId?: unknown }
      onNews(typeof documentId === 'string' ? documentId : null)
    } catch {
      onNews(null)
    }
  })
  source.addEventListener('ready', () => onNews(null))
  onCleanup(() => source.close())
}
