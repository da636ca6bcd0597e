/**
 * A final decision's follow-up items on its page (issue 16): a toggle at the end of the facts line
 * saying how many are open (a closed panel costs the text no height), and a panel under the title
 * with every item — status, responsible party, person, due day, "overdue" in words, history — and,
 * for editors, "change status" with a note and a form for a new item. The list is fetched when the
 * document is final and again on the workspace stream's `followup` events for this document.
 */
import { type Accessor, createEffect, For, on, Show } from 'solid-js'
import { errorMessage } from '../../lib/error-messages.js'
import { followUpApi } from '../../lib/follow-up-api.js'
import { t, tCount } from '../../lib/i18n/i18n.js'
import '../../lib/messages/follow-ups.js'
import { FollowUpCard } from '../follow-ups/follow-up-card.js'
import { createFollowUpList } from '../follow-ups/follow-up-list.js'
import { onFollowUpNews } from '../follow-ups/follow-up-stream.js'
import { NewFollowUpForm } from '../follow-ups/new-follow-up-form.js'
import '../follow-ups/follow-ups.css'

export const FOLLOW_UPS_PANEL_ID = 'follow-ups-panel'

/** The document's follow-up items, fetched and kept live while `enabled` (a final document). */
export function createDocumentFollowUps(documentId: string, workspaceId: string, enabled: Accessor<boolean>) {
  const list = createFollowUpList(() => followUpApi.ofDocument(documentId))
  createEffect(
    on(enabled, (on) => {
      if (!on) return
      list.load()
      onFollowUpNews(workspaceId, (id) => (id === null || id === documentId) && list.load())
    }),
  )
  return {
    ...list,
    open: () => (list.items() ?? []).filter((f) => f.status !== 'done').length,
  }
}

export type DocumentFollowUps = ReturnType<typeof createDocumentFollowUps>

export function FollowUpsToggle(props: {
  followUps: DocumentFollowUps
  open: boolean
  onToggle: () => void
}) {
  return (
    <button
      type="button"
      class="small follow-ups-toggle"
      aria-expanded={props.open}
      aria-controls={FOLLOW_UPS_PANEL_ID}
      onClick={() => props.onToggle()}
    >
      <Show when={props.followUps.items()} fallback={t('followups.title')}>
        {tCount('followups.toggle', props.followUps.open())}
      </Show>
    </button>
  )
}

export function FollowUpsPanel(props: {
  documentId: string
  workspaceId: string
  followUps: DocumentFollowUps
  canEdit: boolean
}) {
  return (
    <section id={FOLLOW_UPS_PANEL_ID} class="follow-ups-panel" aria-labelledby="follow-ups-heading">
      <h2 id="follow-ups-heading">{t('followups.title')}</h2>
      <p class="hint">{t('followups.lead')}</p>
      <Show when={props.followUps.error()}>
        {(e) => (
          <p class="error" role="alert">
            {errorMessage(e())}
          </p>
        )}
      </Show>
      <Show when={props.followUps.items()} fallback={<p class="loading">{t('followups.loading')}</p>}>
        {(items) => (
          <Show when={items().length > 0} fallback={<p>{t('followups.none')}</p>}>
            <ul class="follow-ups">
              <For each={items()}>
                {(item) => (
                  <FollowUpCard item={item} canEdit={props.canEdit} onChanged={props.followUps.put} />
                )}
              </For>
            </ul>
          </Show>
        )}
      </Show>
      <Show when={props.canEdit}>
        <NewFollowUpForm
          documentId={props.documentId}
          workspaceId={props.workspaceId}
          onAdded={props.followUps.put}
        />
      </Show>
    </section>
  )
}
